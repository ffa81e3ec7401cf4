// The Tagging document: the body of PutObjectTagging / PutBucketTagging and
// the answer of their Get twins. One shape for objects and buckets:
// <Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>.
// Limits (count, lengths, characters) are checked by http/tags.ts, not here:
// this file only knows the schema, whose violations are MalformedXML.
import type { Tag } from '../../storage/index.js';
import { S3Error } from '../errors.js';
import { asObject, children, parseXml, text, type XmlObject, type XmlValue } from './read.js';
import { tag, wrap, xmlDocument } from './write.js';

/**
 * Refuses elements the schema does not name and stray text between them
 * (whitespace from pretty-printing is fine). Shared by the object lock
 * documents; a candidate for read.ts.
 */
export function onlyElements(node: XmlObject, allowed: readonly string[]): void {
  for (const [name, value] of Object.entries(node)) {
    if (name === '#text') {
      if (typeof value !== 'string' || value.trim() !== '')
        throw new S3Error('MalformedXML', 'The document has text where only elements are allowed.');
      continue;
    }
    if (!allowed.includes(name)) throw new S3Error('MalformedXML', `The element ${name} is not allowed here.`);
  }
}

/** The one child named `name`, or undefined; MalformedXML when it appears twice. */
export function single(node: XmlObject, name: string): XmlValue | undefined {
  const found = children(node, name);
  if (found.length > 1) throw new S3Error('MalformedXML', `The element ${name} may appear only once.`);
  return found[0];
}

export function parseTagging(xml: Buffer | string): Tag[] {
  const { root, content } = parseXml(xml);
  if (root !== 'Tagging') throw new S3Error('MalformedXML', 'The root element must be Tagging.');
  onlyElements(content, ['TagSet']);
  const setNode = single(content, 'TagSet');
  if (setNode === undefined) throw new S3Error('MalformedXML', 'Tagging must contain a TagSet.');
  const set = asObject(setNode);
  onlyElements(set, ['Tag']);
  return children(set, 'Tag').map((node) => {
    const tagNode = asObject(node);
    onlyElements(tagNode, ['Key', 'Value']);
    const key = text(tagNode, 'Key');
    const value = text(tagNode, 'Value');
    if (key === undefined || value === undefined) throw new S3Error('MalformedXML', 'Each Tag must contain a Key and a Value.');
    return { key, value };
  });
}

/** The whole document. S3 answers tag sets in key order, whatever order they were given in (s3-tests test_put_obj_with_tags). */
export function taggingXml(tags: readonly Tag[]): string {
  const sorted = [...tags].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const body = sorted.map((t) => wrap('Tag', tag('Key', t.key) + tag('Value', t.value))).join('');
  return xmlDocument('Tagging', wrap('TagSet', body));
}
