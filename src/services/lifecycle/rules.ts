// Lifecycle rule evaluation, pure: which rules apply to an object version
// and when its actions fall due. Shared by the LifecycleScanner (which acts)
// and the S3 handlers (which announce expiry in x-amz-expiration), so that
// what a client is told and what the server does come from one place.
import type { LifecycleConfiguration, LifecycleFilter, LifecycleRule, ObjectInfo } from '../../storage/index.js';

/** A real lifecycle day. Any other `dayMs` is compressed time (tests, demos). */
export const REAL_DAY_MS = 86_400_000;

/** What a filter looks at; delete markers have no size or tags. */
export type LifecycleSubject = Pick<ObjectInfo, 'key' | 'sizeBytes'> & Partial<Pick<ObjectInfo, 'tags' | 'deleteMarker'>>;

/**
 * When an action counted in days from `start` falls due. With real days S3
 * adds the days and rounds up to the next midnight UTC; with compressed days
 * there is no midnight to round to, so it is exactly start + days × dayMs.
 */
export function lifecycleDue(start: Date, days: number, dayMs: number): Date {
  const dueMs = start.getTime() + days * dayMs;
  if (dayMs !== REAL_DAY_MS) return new Date(dueMs);
  return new Date(Math.ceil(dueMs / REAL_DAY_MS) * REAL_DAY_MS);
}

/** Every condition of the filter holds for the key (and, for objects, its size and tags). */
export function filterMatches(filter: LifecycleFilter, subject: LifecycleSubject): boolean {
  if (filter.prefix !== undefined && !subject.key.startsWith(filter.prefix)) return false;
  // A delete marker has no tags and no size: only key conditions can select it.
  if (subject.deleteMarker === true) return (filter.tags?.length ?? 0) === 0;
  if (filter.objectSizeGreaterThan !== undefined && !(subject.sizeBytes > filter.objectSizeGreaterThan)) return false;
  if (filter.objectSizeLessThan !== undefined && !(subject.sizeBytes < filter.objectSizeLessThan)) return false;
  for (const wanted of filter.tags ?? []) {
    if (!(subject.tags ?? []).some((t) => t.key === wanted.key && t.value === wanted.value)) return false;
  }
  return true;
}

/** The rule is enabled and its filter selects this version. */
export function ruleApplies(rule: LifecycleRule, subject: LifecycleSubject): boolean {
  return rule.enabled && filterMatches(rule.filter, subject);
}

/** When the rule's Expiration (Days or Date) expires a current version created at `createdAt`. */
export function expirationDueOf(rule: LifecycleRule, createdAt: Date, dayMs: number): Date | undefined {
  const e = rule.expiration;
  if (e?.date !== undefined) return e.date;
  if (e?.days !== undefined) return lifecycleDue(createdAt, e.days, dayMs);
  return undefined;
}

/**
 * The current version's expiry: the earliest Expiration (Days or Date) among
 * the enabled rules that apply to it; ties go to the first rule. Delete
 * markers do not expire this way.
 */
export function expirationOf(
  config: LifecycleConfiguration | undefined,
  info: LifecycleSubject & Pick<ObjectInfo, 'lastModified'>,
  dayMs: number,
): { date: Date; ruleId: string } | undefined {
  if (config === undefined || info.deleteMarker === true) return undefined;
  let best: { date: Date; ruleId: string } | undefined;
  for (const rule of config.rules) {
    if (!ruleApplies(rule, info)) continue;
    const date = expirationDueOf(rule, info.lastModified, dayMs);
    if (date !== undefined && (best === undefined || date.getTime() < best.date.getTime())) best = { date, ruleId: rule.id };
  }
  return best;
}

/** `expiry-date="Fri, 23 Dec 2012 00:00:00 GMT", rule-id="..."`: the x-amz-expiration value S3 sends (rule-id URL-encoded). */
export function formatExpiration(expiry: { date: Date; ruleId: string }): string {
  return `expiry-date="${expiry.date.toUTCString()}", rule-id="${encodeURIComponent(expiry.ruleId)}"`;
}

/** The x-amz-expiration header for a current version (GET, HEAD, PUT answers), or undefined when no rule expires it. */
export function expirationHeader(
  config: LifecycleConfiguration | undefined,
  info: LifecycleSubject & Pick<ObjectInfo, 'lastModified'>,
  dayMs: number,
): string | undefined {
  const expiry = expirationOf(config, info, dayMs);
  return expiry === undefined ? undefined : formatExpiration(expiry);
}

/**
 * When an incomplete multipart upload of `key` initiated at `initiatedAt`
 * is aborted: the earliest AbortIncompleteMultipartUpload among the enabled
 * rules whose prefix matches (S3 filters uploads by prefix only).
 */
export function abortOf(
  config: LifecycleConfiguration | undefined,
  key: string,
  initiatedAt: Date,
  dayMs: number,
): { date: Date; ruleId: string } | undefined {
  let best: { date: Date; ruleId: string } | undefined;
  for (const rule of config?.rules ?? []) {
    const days = rule.abortIncompleteMultipartUpload?.daysAfterInitiation;
    if (!rule.enabled || days === undefined || !key.startsWith(rule.filter.prefix ?? '')) continue;
    const date = lifecycleDue(initiatedAt, days, dayMs);
    if (best === undefined || date.getTime() < best.date.getTime()) best = { date, ruleId: rule.id };
  }
  return best;
}

/** The longest prefix every enabled rule's filter starts with: a walk can be limited to it. */
export function commonPrefix(rules: readonly LifecycleRule[]): string {
  let common: string | undefined;
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const prefix = rule.filter.prefix ?? '';
    if (common === undefined) {
      common = prefix;
      continue;
    }
    let i = 0;
    while (i < common.length && i < prefix.length && common[i] === prefix[i]) i++;
    common = common.slice(0, i);
  }
  // Never cut a UTF-16 surrogate pair in half.
  if (common !== undefined && common.length > 0 && /[\ud800-\udbff]$/.test(common)) common = common.slice(0, -1);
  return common ?? '';
}
