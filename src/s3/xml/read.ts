// Parsing the few request documents S3 clients send (CompleteMultipartUpload,
// Delete, CreateBucketConfiguration). fast-xml-parser: small, pure JS, and it
// validates well-formedness, which is what MalformedXML needs.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { S3Error } from '../errors.js';

export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  processEntities: true,
  // Numeric character references (&#34; from Go's encoder, as rclone sends ETags) need this.
  htmlEntities: true,
});

/** Parses a document and returns its root element's name and content; MalformedXML when it is not well-formed. */
export function parseXml(text: string): { root: string; content: XmlObject } {
  if (text.trim() === '' || XMLValidator.validate(text) !== true) throw new S3Error('MalformedXML');
  const doc = parser.parse(text) as XmlObject;
  const names = Object.keys(doc);
  if (names.length !== 1) throw new S3Error('MalformedXML');
  const root = names[0]!;
  const content = doc[root];
  return { root, content: typeof content === 'object' && !Array.isArray(content) ? content : {} };
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
