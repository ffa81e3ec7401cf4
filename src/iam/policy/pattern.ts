import { PolicyError } from './errors.js';
import { type ConditionValues } from './types.js';

/** Wildcards in a flattened pattern (characters are their char codes, ≥ 0). */
const STAR = -1;
const QUESTION = -2;

/** One piece of a pattern: literal text, a wildcard, or a policy variable. */
type Piece =
  | { readonly kind: 'text'; readonly codes: readonly number[] }
  | { readonly kind: 'var'; readonly key: string; readonly fallback: string | undefined };

/**
 * A compiled wildcard pattern (`*` any run, `?` one character) with policy
 * variables (`${aws:username}`, `${key, 'default'}`) and the escapes `${*}`,
 * `${?}`, `${$}`. Compiled once. The common shapes (no wildcard, one trailing
 * `*`) are compared piece by piece in place, variables included; any other
 * pattern is a code array (a variable's value spliced in per request as
 * literal text, never a wildcard) run through one glob loop. No regular
 * expression is ever built per request.
 */
export class Pattern {
  private readonly fixed: readonly number[] | undefined;
  /** `fixed` as text, for the StringEquals family: no work per request. */
  private readonly fixedText: string | undefined;
  private readonly pieces: readonly Piece[];
  /**
   * The common shapes, matched without the glob loop: no wildcard at all
   * (equality), one trailing `*` (a prefix), a lone `*`. Pieces are compared
   * literally, so a variable's value or an escaped `${*}` never acts as a
   * wildcard.
   */
  private readonly shape: 'all' | 'exact' | 'prefix' | 'glob';
  /** exactText, kept for matchesLowered. */
  private readonly exactLower: string | undefined;
  /** The text pieces as strings (a prefix-shaped pattern's trailing `*` left out); undefined for variables. */
  private readonly texts: readonly (string | undefined)[];

  private constructor(
    pieces: readonly Piece[],
    private readonly ignoreCase: boolean,
    readonly source: string,
  ) {
    this.pieces = pieces;
    this.fixed = pieces.every((p) => p.kind === 'text') ? pieces.flatMap((p) => (p.kind === 'text' ? p.codes : [])) : undefined;
    this.fixedText = this.fixed === undefined ? undefined : codesToText(this.fixed);
    const textCodes = pieces.flatMap((p) => (p.kind === 'text' ? p.codes : []));
    const wildcards = textCodes.filter((c) => c === STAR || c === QUESTION).length;
    const last = pieces[pieces.length - 1];
    if (ignoreCase) this.shape = this.fixed?.length === 1 && this.fixed[0] === STAR ? 'all' : 'glob';
    else if (wildcards === 0) this.shape = 'exact';
    else if (wildcards === 1 && last?.kind === 'text' && last.codes[last.codes.length - 1] === STAR) {
      this.shape = this.fixed?.length === 1 ? 'all' : 'prefix';
    } else this.shape = 'glob';
    this.exactLower = this.exactText;
    this.texts = pieces.map((p, i) =>
      p.kind === 'var' ? undefined : codesToText(this.shape === 'prefix' && i === pieces.length - 1 ? p.codes.slice(0, -1) : p.codes),
    );
  }

  /**
   * @param wildcards whether `*`/`?` are wildcards (false for StringEquals-style values)
   * @param variables whether `${…}` is a variable (only in Version 2012-10-17)
   */
  static compile(source: string, where: string, opts: { wildcards: boolean; variables: boolean; ignoreCase: boolean }): Pattern {
    const pieces: Piece[] = [];
    let text: number[] = [];
    const text$ = (code: number): void => void text.push(opts.ignoreCase ? lower(code) : code);
    for (let i = 0; i < source.length; i++) {
      const c = source.charCodeAt(i);
      if (opts.variables && c === 0x24 && source.charCodeAt(i + 1) === 0x7b) {
        const end = source.indexOf('}', i + 2);
        if (end < 0) throw new PolicyError(where, `unterminated policy variable in ${JSON.stringify(source)}`);
        const inner = source.slice(i + 2, end);
        i = end;
        if (inner === '*' || inner === '?' || inner === '$') {
          text$(inner.charCodeAt(0));
          continue;
        }
        const variable = parseVariable(inner, where);
        pieces.push({ kind: 'text', codes: text });
        text = [];
        pieces.push(variable);
      } else if (opts.wildcards && c === 0x2a) text.push(STAR);
      else if (opts.wildcards && c === 0x3f) text.push(QUESTION);
      else text$(c);
    }
    pieces.push({ kind: 'text', codes: text });
    return new Pattern(
      pieces.filter((p) => p.kind === 'var' || p.codes.length > 0),
      opts.ignoreCase,
      source,
    );
  }

  /** The pattern's text when it has neither wildcards nor variables (lower-case if case-insensitive). */
  get exactText(): string | undefined {
    return this.fixed !== undefined && !this.fixed.some((c) => c === STAR || c === QUESTION) ? this.fixedText : undefined;
  }

  /** Whether the pattern is a lone `*` (matches everything, variables or not). */
  get matchesAll(): boolean {
    return this.fixed !== undefined && this.fixed.length === 1 && this.fixed[0] === STAR;
  }

  /** Whether `value` matches; a variable with no value in `facts` makes the pattern match nothing (as AWS). */
  matches(value: string, facts: ConditionValues): boolean {
    if (this.shape === 'all') return true;
    if (this.shape !== 'glob') return this.matchShaped(value, facts);
    const codes = this.fixed ?? this.resolve(facts);
    if (codes === undefined) return false;
    return globMatch(codes, value, this.ignoreCase);
  }

  /**
   * Like matches, for a case-insensitive pattern (actions) given the value
   * already lower-cased once by the caller, so no character is lowered twice.
   */
  matchesLowered(valueLower: string, facts: ConditionValues): boolean {
    if (this.shape === 'all') return true;
    if (this.exactLower !== undefined) return valueLower === this.exactLower;
    const codes = this.fixed ?? this.resolve(facts);
    return codes !== undefined && globMatch(codes, valueLower, false);
  }

  /**
   * An exact- or prefix-shaped match, piece by piece in place (no string is
   * built); a variable with no value matches nothing.
   */
  private matchShaped(value: string, facts: ConditionValues): boolean {
    let at = 0;
    for (let i = 0; i < this.pieces.length; i++) {
      const piece = this.pieces[i];
      let text = this.texts[i];
      if (piece?.kind === 'var') {
        text = variableValue(piece, facts);
        if (text === undefined) return false;
      }
      if (text === undefined || !value.startsWith(text, at)) return false;
      at += text.length;
    }
    return this.shape === 'prefix' || at === value.length;
  }

  /** The pattern as literal text with its variables filled in (for StringEquals), or undefined if one has no value. */
  resolveText(facts: ConditionValues): string | undefined {
    if (this.fixedText !== undefined) return this.fixedText;
    const codes = this.resolve(facts);
    return codes === undefined ? undefined : codesToText(codes);
  }

  private resolve(facts: ConditionValues): number[] | undefined {
    const out: number[] = [];
    for (const piece of this.pieces) {
      if (piece.kind === 'text') {
        for (const c of piece.codes) out.push(c);
        continue;
      }
      const value = variableValue(piece, facts);
      if (value === undefined) return undefined;
      for (let i = 0; i < value.length; i++) out.push(this.ignoreCase ? lower(value.charCodeAt(i)) : value.charCodeAt(i));
    }
    return out;
  }
}

function variableValue(piece: Piece & { kind: 'var' }, facts: ConditionValues): string | undefined {
  const values = facts.get(piece.key);
  // A multi-valued key cannot stand for one string: treated as absent.
  return values !== undefined && values.length === 1 ? values[0] : piece.fallback;
}

/** `key` or `key, 'default'` inside `${…}`. Keys are case-insensitive, so stored lower-case. */
function parseVariable(inner: string, where: string): Piece {
  const comma = inner.indexOf(',');
  const key = (comma < 0 ? inner : inner.slice(0, comma)).trim().toLowerCase();
  if (key === '' || /[\s'"${}]/.test(key)) throw new PolicyError(where, `bad policy variable \${${inner}}`);
  if (comma < 0) return { kind: 'var', key, fallback: undefined };
  const rest = inner.slice(comma + 1).trim();
  if (rest.length < 2 || !rest.startsWith("'") || !rest.endsWith("'")) {
    throw new PolicyError(where, `bad default in policy variable \${${inner}}: write \${key, 'default'}`);
  }
  return { kind: 'var', key, fallback: rest.slice(1, -1) };
}

function codesToText(codes: readonly number[]): string {
  let text = '';
  for (const c of codes) text += String.fromCharCode(c === STAR ? 0x2a : c === QUESTION ? 0x3f : c);
  return text;
}

function lower(code: number): number {
  return code >= 0x41 && code <= 0x5a ? code + 32 : code < 0x80 ? code : String.fromCharCode(code).toLowerCase().charCodeAt(0);
}

/**
 * The classic linear-backtracking glob match: on a mismatch after a `*`, the
 * star absorbs one more character and matching resumes. O(n·m) worst case,
 * no recursion, so no hostile pattern can blow the stack.
 */
function globMatch(pattern: readonly number[], value: string, ignoreCase: boolean): boolean {
  let p = 0;
  let v = 0;
  let starP = -1;
  let starV = 0;
  while (v < value.length) {
    const pc = pattern[p];
    const vc = ignoreCase ? lower(value.charCodeAt(v)) : value.charCodeAt(v);
    if (pc !== undefined && (pc === QUESTION || pc === vc)) {
      p++;
      v++;
    } else if (pc === STAR) {
      starP = p++;
      starV = v;
    } else if (starP >= 0) {
      p = starP + 1;
      v = ++starV;
    } else return false;
  }
  while (pattern[p] === STAR) p++;
  return p === pattern.length;
}
