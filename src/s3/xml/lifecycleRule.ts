// One Rule of a LifecycleConfiguration: its ID, Status, selector (Filter or
// the legacy rule-level Prefix) and actions, validated as S3 does.
import type { LifecycleRule } from '../../storage/index.js';
import { S3Error } from '../errors.js';
import { parseXsInt } from '../../util/integers.js';
import { text, type XmlObject } from './index.js';
import { onlyElements, single } from './lifecycleElements.js';
import { checkPrefix, parseFilter } from './lifecycleFilter.js';

const MAX_ID_CHARS = 255;
/** Days and counts are xs:int in the S3 schema. */
const MAX_INT = 2_147_483_647;
const MAX_NEWER_NONCURRENT_VERSIONS = 100;

export function parseRule(node: XmlObject): { id: string | undefined; rule: Omit<LifecycleRule, 'id'> } {
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
