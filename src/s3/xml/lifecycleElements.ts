// Element checks of the lifecycle document: its schema is strict, and S3
// answers MalformedXML for a repeated or unknown element rather than
// ignoring it. (tagging.ts has its own, with the messages of its documents.)
import { S3Error } from '../errors.js';
import { asObject, children, type XmlObject } from './index.js';

/** The one element `name` of `node`, or undefined; MalformedXML when repeated. */
export function single(node: XmlObject, name: string, where: string): XmlObject | undefined {
  const list = children(node, name);
  if (list.length === 0) return undefined;
  if (list.length > 1) throw new S3Error('MalformedXML', `A ${where} can contain only one ${name}.`);
  return asObject(list[0]!);
}

/** Refuses elements S3's schema does not have there (a misspelt action must not be ignored). */
export function onlyElements(node: XmlObject, allowed: readonly string[], where: string): void {
  for (const name of Object.keys(node)) {
    if (name === '#text') {
      const value = node[name];
      if (typeof value === 'string' && value.trim() === '') continue;
      throw new S3Error('MalformedXML', `${where} must contain elements, not text.`);
    }
    if (!allowed.includes(name))
      throw new S3Error('MalformedXML', `Unexpected element ${name} in ${where}; allowed: ${allowed.join(', ')}.`);
  }
}
