import { PolicyError } from './errors.js';

/** Deepest nesting of objects/arrays a policy may have; real policies stay under 6. */
export const MAX_DEPTH = 16;

/**
 * JSON.parse with the limits checked first: the size before any parsing, and
 * the nesting depth by a scan that skips string contents, so a hostile
 * document ("[[[[…") is refused before the parser walks it.
 */
export function parseJsonLimited(json: string, maxChars: number): unknown {
  if (typeof json !== 'string') throw new PolicyError('', 'the policy document must be a string');
  if (json.length > maxChars) {
    throw new PolicyError('', `the policy document has ${json.length} characters, more than the limit of ${maxChars}`);
  }
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_DEPTH) throw new PolicyError('', `the policy document nests deeper than ${MAX_DEPTH} levels`);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  try {
    return JSON.parse(json) as unknown;
  } catch (err) {
    throw new PolicyError('', `the policy document is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** A plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
