// The one way client-supplied integers are read. Number() and parseInt()
// accept far too much ('1.0', '0x1', ' 1 ', '+1', '1e0', '' as 0): a part
// number or a page size written any of those ways must be refused, not be
// quietly taken as 1. Callers turn undefined into the error S3 answers at
// their place (InvalidArgument for query parameters, MalformedXML for
// request documents).

/** xs:int's upper bound: the S3 schema's integers and query parameters. */
export const MAX_INT32 = 2_147_483_647;

/** Plain decimal digits only (leading zeros allowed; no sign, space, point, exponent or hex), at most `max`; undefined otherwise. */
export function parseDigits(raw: string, max: number = Number.MAX_SAFE_INTEGER): number | undefined {
  if (!/^[0-9]{1,16}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n <= max ? n : undefined;
}

/**
 * An xs:int as the S3 schema reads an element (Days, Years, NoncurrentDays):
 * XML whitespace around it and a sign are part of xs:int's lexical form;
 * nothing else is. Undefined when it is not one or overflows 32 bits.
 */
export function parseXsInt(raw: string): number | undefined {
  const match = /^[ \t\r\n]*([+-]?)([0-9]{1,16})[ \t\r\n]*$/.exec(raw);
  if (match === null) return undefined;
  const n = Number(match[2]) * (match[1] === '-' ? -1 : 1);
  return n <= MAX_INT32 && n >= -MAX_INT32 - 1 ? n : undefined;
}
