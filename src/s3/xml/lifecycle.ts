// The LifecycleConfiguration document of Put/GetBucketLifecycleConfiguration.
// Parsing validates as AWS S3 does (codes and limits from the S3 API
// reference and observed AWS answers), so a configuration that S3 would
// refuse is refused here too, with a message saying what to change.
// Transitions need storage classes this server does not have: they are
// refused (NotImplemented) rather than silently dropped.
// The rule, its filter and the element checks are in lifecycleRule.ts,
// lifecycleFilter.ts and lifecycleElements.ts; this file is the document.
import { randomUUID } from 'node:crypto';
import type { LifecycleConfiguration, LifecycleFilter, LifecycleRule } from '../../storage/index.js';
import { S3Error } from '../errors.js';
import { asObject, children, parseXml, tag, wrap, xmlDocument } from './index.js';
import { onlyElements } from './lifecycleElements.js';
import { parseRule } from './lifecycleRule.js';

const MAX_LIFECYCLE_RULES = 1000;

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
