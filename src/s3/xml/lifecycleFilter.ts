// The Filter of a lifecycle rule: one of Prefix, Tag, ObjectSizeGreaterThan,
// ObjectSizeLessThan, or several of them inside And.
import type { LifecycleFilter, Tag } from '../../storage/index.js';
import { S3Error } from '../errors.js';
import { parseDigits } from '../../util/integers.js';
import { asObject, children, text, type XmlObject } from './index.js';
import { onlyElements, single } from './lifecycleElements.js';

const MAX_PREFIX_BYTES = 1024;

export function parseFilter(node: XmlObject): LifecycleFilter {
  onlyElements(node, ['Prefix', 'Tag', 'ObjectSizeGreaterThan', 'ObjectSizeLessThan', 'And'], 'Filter');
  const present = Object.keys(node).filter((name) => name !== '#text');
  if (present.length > 1 || children(node, 'Tag').length > 1) {
    throw new S3Error(
      'MalformedXML',
      'A Filter must contain exactly one of Prefix, Tag, ObjectSizeGreaterThan, ObjectSizeLessThan or And: combine several conditions inside And.',
    );
  }
  const and = single(node, 'And', 'Filter');
  if (and === undefined) return parseConditions(node);
  onlyElements(and, ['Prefix', 'Tag', 'ObjectSizeGreaterThan', 'ObjectSizeLessThan'], 'And');
  const filter = parseConditions(and);
  if (Object.keys(filter).length === 0)
    throw new S3Error('MalformedXML', 'And must contain at least one of Prefix, Tag, ObjectSizeGreaterThan or ObjectSizeLessThan.');
  return filter;
}

/** Prefix?, Tag*, ObjectSizeGreaterThan?, ObjectSizeLessThan? of a Filter or an And. */
function parseConditions(node: XmlObject): LifecycleFilter {
  const filter: LifecycleFilter = {};
  const prefix = text(node, 'Prefix');
  if (prefix !== undefined) filter.prefix = checkPrefix(prefix);
  const tags = children(node, 'Tag').map((t) => parseTag(asObject(t)));
  const keys = new Set<string>();
  for (const t of tags) {
    if (keys.has(t.key)) throw new S3Error('InvalidRequest', `Duplicate Tag Keys are not allowed: '${t.key}' appears twice in one filter.`);
    keys.add(t.key);
  }
  if (tags.length > 0) filter.tags = tags;
  const greater = sizeValue(node, 'ObjectSizeGreaterThan');
  if (greater !== undefined) filter.objectSizeGreaterThan = greater;
  const less = sizeValue(node, 'ObjectSizeLessThan');
  if (less !== undefined) {
    if (less === 0) throw new S3Error('InvalidRequest', 'ObjectSizeLessThan must be greater than 0: no object is smaller than 0 bytes.');
    filter.objectSizeLessThan = less;
  }
  if (greater !== undefined && less !== undefined && greater >= less) {
    throw new S3Error(
      'InvalidRequest',
      `ObjectSizeGreaterThan (${greater}) must be less than ObjectSizeLessThan (${less}), or no object can match.`,
    );
  }
  return filter;
}

function parseTag(node: XmlObject): Tag {
  onlyElements(node, ['Key', 'Value'], 'Tag');
  const key = text(node, 'Key');
  if (key === undefined || key === '') throw new S3Error('MalformedXML', 'Each Tag in a lifecycle filter must have a Key.');
  const value = text(node, 'Value') ?? '';
  if (key.length > 128)
    throw new S3Error('InvalidArgument', `A tag key can be at most 128 characters; '${key.slice(0, 40)}...' has ${key.length}.`);
  if (value.length > 256)
    throw new S3Error('InvalidArgument', `A tag value can be at most 256 characters; the value of '${key}' has ${value.length}.`);
  return { key, value };
}

function sizeValue(node: XmlObject, name: string): number | undefined {
  const raw = text(node, name)?.trim();
  if (raw === undefined) return undefined;
  const n = parseDigits(raw);
  if (n === undefined) throw new S3Error('InvalidArgument', `${name} must be a whole number of bytes, not '${raw.slice(0, 20)}'.`);
  return n;
}

export function checkPrefix(prefix: string): string {
  if (Buffer.byteLength(prefix) > MAX_PREFIX_BYTES)
    throw new S3Error('InvalidArgument', `A lifecycle prefix can be at most ${MAX_PREFIX_BYTES} bytes.`);
  return prefix;
}
