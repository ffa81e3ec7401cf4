// The LifecycleConfiguration document of Put/GetBucketLifecycleConfiguration.
// Parsing validates as AWS S3 does (codes and limits from the S3 API
// reference and observed AWS answers), so a configuration that S3 would
// refuse is refused here too, with a message saying what to change.
// Transitions need storage classes this server does not have: they are
// refused (NotImplemented) rather than silently dropped.
import { randomUUID } from 'node:crypto';
import type { LifecycleConfiguration, LifecycleFilter, LifecycleRule, Tag } from '../../storage/index.js';
import { S3Error } from '../errors.js';
import { parseDigits, parseXsInt } from '../../util/integers.js';
import { asObject, children, parseXml, tag, text, wrap, xmlDocument, type XmlObject } from './index.js';

const MAX_LIFECYCLE_RULES = 1000;
const MAX_ID_CHARS = 255;
const MAX_PREFIX_BYTES = 1024;
/** Days and counts are xs:int in the S3 schema. */
const MAX_INT = 2_147_483_647;
const MAX_NEWER_NONCURRENT_VERSIONS = 100;

/** Parses and validates a PutBucketLifecycleConfiguration body. */
export function parseLifecycle(xml: Buffer | string): LifecycleConfiguration {
  const { root, content } = parseXml(xml);
  if (root !== 'LifecycleConfiguration') throw new S3Error('MalformedXML', `The root element must be LifecycleConfiguration, not ${root}.`);
  onlyElements(content, ['Rule'], 'LifecycleConfiguration');
  const nodes = children(content, 'Rule');
  if (nodes.length === 0) throw new S3Error('MalformedXML', 'A lifecycle configuration must contain at least one Rule.');
  if (nodes.length > MAX_LIFECYCLE_RULES) {
    throw new S3Error(
      'InvalidArgument',
      `A lifecycle configuration can have at most ${MAX_LIFECYCLE_RULES} rules; this one has ${nodes.length}.`,
    );
  }
  const parsed = nodes.map((node) => parseRule(asObject(node)));
  const ids = new Set<string>();
  for (const { id } of parsed) {
    if (id === undefined) continue;
    if (ids.has(id)) throw new S3Error('InvalidArgument', `Rule ID must be unique. Found same ID for more than one rule: '${id}'.`);
    ids.add(id);
  }
  // S3 names rules sent without an ID; the name must not collide with a given one.
  const rules = parsed.map(({ id, rule }): LifecycleRule => {
    if (id !== undefined) return { ...rule, id };
    let name: string;
    do name = Buffer.from(randomUUID()).toString('base64');
    while (ids.has(name));
    ids.add(name);
    return { ...rule, id: name };
  });
  return { rules };
}

function parseRule(node: XmlObject): { id: string | undefined; rule: Omit<LifecycleRule, 'id'> } {
  onlyElements(
    node,
    [
      'ID',
      'Prefix',
      'Filter',
      'Status',
      'Expiration',
      'NoncurrentVersionExpiration',
      'AbortIncompleteMultipartUpload',
      'Transition',
      'NoncurrentVersionTransition',
    ],
    'Rule',
  );
  if (node['Transition'] !== undefined || node['NoncurrentVersionTransition'] !== undefined) {
    throw new S3Error(
      'NotImplemented',
      'Lifecycle transitions (Transition, NoncurrentVersionTransition) are not supported: this server has a single storage class. Use Expiration, NoncurrentVersionExpiration or AbortIncompleteMultipartUpload.',
    );
  }
  const rawId = text(node, 'ID');
  const id = rawId === undefined || rawId === '' ? undefined : rawId;
  if (id !== undefined && id.length > MAX_ID_CHARS)
    throw new S3Error(
      'InvalidArgument',
      `The rule ID must be at most ${MAX_ID_CHARS} characters; '${id.slice(0, 40)}...' has ${id.length}.`,
    );

  const status = text(node, 'Status')?.trim();
  if (status === undefined) throw new S3Error('MalformedXML', 'Each Rule must have a Status (Enabled or Disabled).');
  if (status !== 'Enabled' && status !== 'Disabled')
    throw new S3Error('MalformedXML', `A rule's Status must be Enabled or Disabled, not '${status}'.`);

  const legacyPrefix = text(node, 'Prefix');
  const filterNode = single(node, 'Filter', 'Rule');
  if (legacyPrefix !== undefined && filterNode !== undefined)
    throw new S3Error('MalformedXML', 'A rule cannot have both a Filter and a rule-level Prefix: put the Prefix inside the Filter.');
  // S3: "Filter is required if the LifecycleRule does not contain a Prefix element" (an empty <Filter/> means every object).
  if (filterNode === undefined && legacyPrefix === undefined)
    throw new S3Error('MalformedXML', 'A rule needs a Filter (an empty <Filter/> selects every object) or a rule-level Prefix.');
  const filter = filterNode !== undefined ? parseFilter(filterNode) : { prefix: checkPrefix(legacyPrefix ?? '') };
  const tagged = (filter.tags?.length ?? 0) > 0;

  const rule: Omit<LifecycleRule, 'id'> = { enabled: status === 'Enabled', filter };
  if (filterNode === undefined) rule.ruleLevelPrefix = true;
  const expiration = single(node, 'Expiration', 'Rule');
  if (expiration !== undefined) rule.expiration = parseExpiration(expiration, tagged);
  const noncurrent = single(node, 'NoncurrentVersionExpiration', 'Rule');
  if (noncurrent !== undefined) rule.noncurrentVersionExpiration = parseNoncurrent(noncurrent);
  const abort = single(node, 'AbortIncompleteMultipartUpload', 'Rule');
  if (abort !== undefined) {
    if (tagged)
      throw new S3Error(
        'InvalidRequest',
        'Tag-based filter cannot be used with AbortIncompleteMultipartUpload action (uploads have no tags yet): use a prefix filter.',
      );
    onlyElements(abort, ['DaysAfterInitiation'], 'AbortIncompleteMultipartUpload');
    rule.abortIncompleteMultipartUpload = {
      daysAfterInitiation: positiveInt(abort, 'DaysAfterInitiation', 'AbortIncompleteMultipartUpload'),
    };
  }
  if (expiration === undefined && noncurrent === undefined && abort === undefined) {
    throw new S3Error(
      'InvalidRequest',
      'At least one action needs to be specified in a rule (Expiration, NoncurrentVersionExpiration or AbortIncompleteMultipartUpload).',
    );
  }
  return { id, rule };
}

function parseFilter(node: XmlObject): LifecycleFilter {
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

function parseExpiration(node: XmlObject, tagged: boolean): NonNullable<LifecycleRule['expiration']> {
  onlyElements(node, ['Days', 'Date', 'ExpiredObjectDeleteMarker'], 'Expiration');
  const hasDays = node['Days'] !== undefined;
  const hasDate = node['Date'] !== undefined;
  const marker = text(node, 'ExpiredObjectDeleteMarker')?.trim();
  if (!hasDays && !hasDate && marker === undefined)
    throw new S3Error('MalformedXML', 'Expiration must contain Days, Date or ExpiredObjectDeleteMarker.');
  if (hasDays && hasDate) throw new S3Error('MalformedXML', 'Expiration can have Days or Date, not both.');
  if (marker !== undefined && (hasDays || hasDate)) {
    throw new S3Error(
      'MalformedXML',
      'ExpiredObjectDeleteMarker cannot be specified with Days or Date in the same Expiration (Days already removes expired delete markers): use a separate rule.',
    );
  }
  if (hasDays) return { days: positiveInt(node, 'Days', 'Expiration') };
  if (hasDate) return { date: parseMidnight(text(node, 'Date') ?? '') };
  if (marker !== 'true' && marker !== 'false')
    throw new S3Error('MalformedXML', `ExpiredObjectDeleteMarker must be true or false, not '${marker ?? ''}'.`);
  if (tagged)
    throw new S3Error(
      'InvalidRequest',
      'Tag-based filter cannot be used with ExpiredObjectDeleteMarker action (delete markers have no tags): use a prefix filter.',
    );
  return { expiredObjectDeleteMarker: marker === 'true' };
}

function parseNoncurrent(node: XmlObject): NonNullable<LifecycleRule['noncurrentVersionExpiration']> {
  onlyElements(node, ['NoncurrentDays', 'NewerNoncurrentVersions'], 'NoncurrentVersionExpiration');
  const result: NonNullable<LifecycleRule['noncurrentVersionExpiration']> = {
    noncurrentDays: positiveInt(node, 'NoncurrentDays', 'NoncurrentVersionExpiration'),
  };
  if (node['NewerNoncurrentVersions'] !== undefined) {
    const newer = positiveInt(node, 'NewerNoncurrentVersions', 'NoncurrentVersionExpiration');
    if (newer > MAX_NEWER_NONCURRENT_VERSIONS)
      throw new S3Error('InvalidArgument', `NewerNoncurrentVersions can be at most ${MAX_NEWER_NONCURRENT_VERSIONS}, got ${newer}.`);
    result.newerNoncurrentVersions = newer;
  }
  return result;
}

function positiveInt(node: XmlObject, name: string, action: string): number {
  const raw = text(node, name);
  if (raw === undefined) throw new S3Error('MalformedXML', `${action} must contain ${name}.`);
  const n = parseXsInt(raw);
  if (n === undefined)
    throw new S3Error('MalformedXML', `'${name}' in ${action} must be a whole number, not '${raw.trim().slice(0, 20)}'.`);
  if (n < 1 || n > MAX_INT)
    throw new S3Error('InvalidArgument', `'${name}' for ${action} action must be a positive integer (1 to ${MAX_INT}), got ${raw}.`);
  return n;
}

function sizeValue(node: XmlObject, name: string): number | undefined {
  const raw = text(node, name)?.trim();
  if (raw === undefined) return undefined;
  const n = parseDigits(raw);
  if (n === undefined) throw new S3Error('InvalidArgument', `${name} must be a whole number of bytes, not '${raw.slice(0, 20)}'.`);
  return n;
}

function checkPrefix(prefix: string): string {
  if (Buffer.byteLength(prefix) > MAX_PREFIX_BYTES)
    throw new S3Error('InvalidArgument', `A lifecycle prefix can be at most ${MAX_PREFIX_BYTES} bytes.`);
  return prefix;
}

/** ISO 8601, a date alone or with a time; without a zone it is UTC. Must fall on midnight UTC. */
function parseMidnight(raw: string): Date {
  const value = raw.trim();
  const match = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  const date =
    match === null ? new Date(NaN) : new Date(match[1] === undefined ? `${value}T00:00:00Z` : match[4] === undefined ? `${value}Z` : value);
  if (Number.isNaN(date.getTime()))
    throw new S3Error('InvalidArgument', `'Date' must be an ISO 8601 date such as 2030-01-31T00:00:00Z, not '${value}'.`);
  if (date.getTime() % 86_400_000 !== 0)
    throw new S3Error(
      'InvalidArgument',
      `'Date' must be at midnight GMT (for example ${date.toISOString().slice(0, 10)}T00:00:00Z), got '${value}'.`,
    );
  return date;
}

/** The one element `name` of `node`, or undefined; MalformedXML when repeated. */
function single(node: XmlObject, name: string, where: string): XmlObject | undefined {
  const list = children(node, name);
  if (list.length === 0) return undefined;
  if (list.length > 1) throw new S3Error('MalformedXML', `A ${where} can contain only one ${name}.`);
  return asObject(list[0]!);
}

/** Refuses elements S3's schema does not have there (a misspelt action must not be ignored). */
function onlyElements(node: XmlObject, allowed: readonly string[], where: string): void {
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

/** The GetBucketLifecycleConfiguration document. */
export function lifecycleXml(config: LifecycleConfiguration): string {
  return xmlDocument('LifecycleConfiguration', config.rules.map(ruleXml).join(''));
}

function ruleXml(rule: LifecycleRule): string {
  // A rule written with the legacy rule-level Prefix is returned that way, as S3 does.
  const selector = rule.ruleLevelPrefix === true ? tag('Prefix', rule.filter.prefix ?? '') : wrap('Filter', filterXml(rule.filter));
  let body = tag('ID', rule.id) + selector + tag('Status', rule.enabled ? 'Enabled' : 'Disabled');
  const e = rule.expiration;
  if (e !== undefined) {
    const date = e.date === undefined ? undefined : e.date.toISOString();
    body += wrap('Expiration', tag('Date', date) + tag('Days', e.days) + tag('ExpiredObjectDeleteMarker', e.expiredObjectDeleteMarker));
  }
  const n = rule.noncurrentVersionExpiration;
  if (n !== undefined)
    body += wrap(
      'NoncurrentVersionExpiration',
      tag('NoncurrentDays', n.noncurrentDays) + tag('NewerNoncurrentVersions', n.newerNoncurrentVersions),
    );
  const a = rule.abortIncompleteMultipartUpload;
  if (a !== undefined) body += wrap('AbortIncompleteMultipartUpload', tag('DaysAfterInitiation', a.daysAfterInitiation));
  return wrap('Rule', body);
}

/** One condition goes in the Filter itself; several go in an And, as S3 writes them. */
function filterXml(filter: LifecycleFilter): string {
  const parts = [
    tag('Prefix', filter.prefix),
    ...(filter.tags ?? []).map((t) => wrap('Tag', tag('Key', t.key) + tag('Value', t.value))),
    tag('ObjectSizeGreaterThan', filter.objectSizeGreaterThan),
    tag('ObjectSizeLessThan', filter.objectSizeLessThan),
  ].filter((part) => part !== '');
  return parts.length > 1 ? wrap('And', parts.join('')) : parts.join('');
}
