// Parsing the request documents S3 clients send (CompleteMultipartUpload,
// Delete, lifecycle, tagging, object lock...). Every request body goes
// through parseXml, one guarded path: the bytes must be UTF-8, the text
// must hold only XML characters and the five predefined entities or
// character references (no DOCTYPE, so no entity definitions and nothing
// to expand), and whatever the parser refuses for its own reasons (depth,
// reserved names such as __proto__) is the client's MalformedXML, never an
// InternalError. fast-xml-parser: small, pure JS, validates well-formedness.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { S3Error } from '../errors.js';

export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

/** S3 documents nest at most about six deep (lifecycle Rule/Filter/And/Tag/Key); far more is hostile. */
const MAX_DEPTH = 32;

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  processEntities: true,
  // Numeric character references (&#34; from Go's encoder, as rclone sends ETags) need this;
  // named HTML entities never get this far (checkText refuses them).
  htmlEntities: true,
  maxNestedTags: MAX_DEPTH,
});

const utf8 = new TextDecoder('utf-8', { fatal: true });

function malformed(why: string): S3Error {
  return new S3Error('MalformedXML', `The XML you provided was not well-formed or did not validate against our published schema: ${why}.`);
}

/** Parses a document and returns its root element's name and content; MalformedXML when it is not one S3 would read. */
export function parseXml(input: Buffer | string): { root: string; content: XmlObject } {
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = utf8.decode(input);
    } catch {
      // Decoding with replacement characters would turn one key into another.
      throw malformed('the body is not valid UTF-8');
    }
  }
  if (text.trim() === '') throw malformed('the body is empty');
  checkText(text);
  let doc: XmlObject;
  try {
    if (XMLValidator.validate(text) !== true) throw malformed('it is not well-formed');
    doc = parser.parse(text) as XmlObject;
  } catch (err) {
    if (err instanceof S3Error) throw err;
    // The parser's own refusals (nesting depth, reserved names, a stack overflow on hostile input).
    throw malformed(err instanceof Error ? err.message : 'the parser refused it');
  }
  const names = Object.keys(doc);
  if (names.length !== 1) throw malformed('a document has exactly one root element');
  const root = names[0]!;
  const content = doc[root];
  return { root, content: typeof content === 'object' && !Array.isArray(content) ? content : {} };
}

/** XML 1.0's Char production: tab, LF, CR, and U+0020 upward without surrogates, U+FFFE and U+FFFF. */
function isXmlChar(code: number): boolean {
  if (code >= 0x20) return code <= 0xd7ff || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
  return code === 0x9 || code === 0xa || code === 0xd;
}

const PREDEFINED_ENTITIES = new Set(['lt', 'gt', 'amp', 'quot', 'apos']);

/**
 * Refuses what the parser would otherwise turn into something else: NUL and
 * other non-characters (raw or as references, which the parser drops or
 * keeps as text), named entities beyond the five XML predefines, and any
 * DOCTYPE (entity definitions, external entities, expansion bombs).
 */
function checkText(text: string): void {
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    if (code > 0xffff) {
      i++; // the low surrogate of a pair
      continue;
    }
    if (!isXmlChar(code)) throw malformed(`character U+${code.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`);
    if (code === 0x3c /* < */) {
      const skipped = skipLiteralSection(text, i);
      if (skipped !== i) {
        i = skipped - 1;
        continue;
      }
      if (text.startsWith('<!', i) && !text.startsWith('<!--', i) && !text.startsWith('<![CDATA[', i))
        throw malformed('DOCTYPE and other declarations are not allowed');
    } else if (code === 0x26 /* & */) {
      i = checkReference(text, i);
    }
  }
}

/** Past the end of a comment, CDATA section or processing instruction starting at `i` (whose & are literal), or `i`. */
function skipLiteralSection(text: string, i: number): number {
  for (const [open, close] of [
    ['<!--', '-->'],
    ['<![CDATA[', ']]>'],
    ['<?', '?>'],
  ] as const) {
    if (!text.startsWith(open, i)) continue;
    const end = text.indexOf(close, i + open.length);
    if (end === -1) throw malformed(`unterminated ${open}`);
    // Characters inside must still be XML characters.
    for (let j = i + open.length; j < end; j++) {
      const code = text.codePointAt(j)!;
      if (code > 0xffff) j++;
      else if (!isXmlChar(code)) throw malformed(`character U+${code.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`);
    }
    return end + close.length;
  }
  return i;
}

/** Checks the reference at `i` (an &) and returns the index of its ';'. */
function checkReference(text: string, i: number): number {
  const end = text.indexOf(';', i);
  const name = end === -1 ? '' : text.slice(i + 1, end);
  if (PREDEFINED_ENTITIES.has(name)) return end;
  const numeric = /^#(?:([0-9]{1,7})|x([0-9a-fA-F]{1,6}))$/.exec(name);
  if (numeric === null) throw malformed(`'&${name.slice(0, 20)}' is not a predefined entity or a character reference`);
  const code = numeric[1] !== undefined ? Number.parseInt(numeric[1], 10) : Number.parseInt(numeric[2]!, 16);
  if (!isXmlChar(code)) throw malformed(`&${name}; is not a character XML allows`);
  return end;
}

/** The children named `name`, always as an array. */
export function children(node: XmlObject, name: string): XmlValue[] {
  const value = node[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** A child element's text, or undefined; MalformedXML if it has structure instead of text. */
export function text(node: XmlObject, name: string): string | undefined {
  const value = node[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) return '';
  throw new S3Error('MalformedXML', `The element ${name} must contain text.`);
}

export function asObject(value: XmlValue): XmlObject {
  if (typeof value === 'object' && !Array.isArray(value)) return value;
  if (value === '') return {};
  throw new S3Error('MalformedXML');
}
