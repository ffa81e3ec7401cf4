// SigV4 URI encoding for S3: the canonical URI and the canonical query string.
//
// Clients percent-encode differently (some leave !*'() or + raw, some encode
// '~'), so we never compare raw strings: every component is decoded to bytes
// and re-encoded with the one SigV4 rule (keep A-Z a-z 0-9 - . _ ~, encode
// every other byte as %XX upper-case). S3 encodes the path once and does not
// normalise it ('//', '.' and '..' stay as they are).
//
// Node refuses raw non-ASCII bytes on the request line, so a raw path or query
// from the server is ASCII; characters above 0x7F only come from callers that
// hand us decoded strings, and are taken as their UTF-8 bytes.

const HEX = '0123456789ABCDEF';

/** 1 for the SigV4 unreserved bytes. */
const UNRESERVED = new Uint8Array(128);
for (let b = 0; b < 128; b++) {
  const c = String.fromCharCode(b);
  if (/[A-Za-z0-9\-._~]/.test(c)) UNRESERVED[b] = 1;
}

// Strings made only of these need no work: the common case, kept cheap.
const CANONICAL_PATH = /^[A-Za-z0-9\-._~/]*$/;
const CANONICAL_COMPONENT = /^[A-Za-z0-9\-._~]*$/;

function encodeByte(b: number): string {
  return b < 128 && UNRESERVED[b] === 1 ? String.fromCharCode(b) : '%' + HEX[b >> 4] + HEX[b & 15];
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/**
 * Walks a raw URI component, calling `onByte` for every byte it stands for:
 * a valid %XX escape is one byte (escaped = true), anything else is the UTF-8
 * of the character (a stray '%' is a literal percent sign).
 */
function forEachByte(raw: string, onByte: (byte: number, escaped: boolean) => void): void {
  for (let i = 0; i < raw.length;) {
    const c = raw.charCodeAt(i);
    if (c === 0x25 && i + 2 < raw.length) {
      const hi = hexValue(raw.charCodeAt(i + 1));
      const lo = hexValue(raw.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        onByte((hi << 4) | lo, true);
        i += 3;
        continue;
      }
    }
    if (c < 0x80) {
      onByte(c, false);
      i++;
      continue;
    }
    const cp = raw.codePointAt(i) ?? c;
    for (const b of Buffer.from(String.fromCodePoint(cp), 'utf8')) onByte(b, false);
    i += cp > 0xffff ? 2 : 1;
  }
}

/**
 * The canonical URI of a raw request path: decoded and re-encoded once.
 * '/' separators stay; an escaped slash (%2F) stays escaped, because it is
 * part of a key, not a separator.
 */
export function canonicalPath(rawPath: string): string {
  if (rawPath === '') return '/';
  if (CANONICAL_PATH.test(rawPath)) return rawPath;
  let out = '';
  forEachByte(rawPath, (b, escaped) => {
    out += b === 0x2f && !escaped ? '/' : encodeByte(b);
  });
  return out;
}

/** SigV4-encodes a decoded string (every byte but the unreserved ones). */
export function uriEncode(value: string): string {
  if (CANONICAL_COMPONENT.test(value)) return value;
  let out = '';
  for (const b of Buffer.from(value, 'utf8')) out += encodeByte(b);
  return out;
}

export interface QueryParam {
  /** Decoded name and value, for reading X-Amz-* parameters. */
  name: string;
  value: string;
  /** SigV4-encoded name and value, for the canonical query string. */
  encodedName: string;
  encodedValue: string;
}

/** Decodes one raw query component and re-encodes it canonically. */
function component(raw: string): { decoded: string; encoded: string } {
  if (CANONICAL_COMPONENT.test(raw)) return { decoded: raw, encoded: raw };
  const bytes: number[] = [];
  let encoded = '';
  // '+' is a literal plus here (S3 semantics), so it is re-encoded as %2B.
  forEachByte(raw, (b) => {
    bytes.push(b);
    encoded += encodeByte(b);
  });
  return { decoded: Buffer.from(bytes).toString('utf8'), encoded };
}

/** Splits a raw query string (without '?') into decoded and canonical pairs. */
export function parseQuery(rawQuery: string): QueryParam[] {
  const params: QueryParam[] = [];
  if (rawQuery === '') return params;
  for (const piece of rawQuery.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const name = component(eq === -1 ? piece : piece.slice(0, eq));
    const value = component(eq === -1 ? '' : piece.slice(eq + 1));
    params.push({ name: name.decoded, value: value.decoded, encodedName: name.encoded, encodedValue: value.encoded });
  }
  return params;
}

/**
 * The canonical query string: pairs sorted by encoded name then value (byte
 * order; the encoded strings are ASCII so code-unit order is byte order),
 * a bare name gets an empty value. `exclude` drops a parameter by decoded name
 * (X-Amz-Signature for presigned requests).
 */
export function canonicalQueryString(params: readonly QueryParam[], exclude?: string): string {
  const pairs: string[][] = [];
  for (const p of params) {
    if (exclude !== undefined && p.name === exclude) continue;
    pairs.push([p.encodedName, p.encodedValue]);
  }
  pairs.sort((a, b) => compare(a[0] ?? '', b[0] ?? '') || compare(a[1] ?? '', b[1] ?? ''));
  return pairs.map((p) => `${p[0] ?? ''}=${p[1] ?? ''}`).join('&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
