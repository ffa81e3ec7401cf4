// Decides, while a version listing streams past, which lifecycle actions
// fall due. Pure and incremental: versions arrive by key, newest first, in
// pages that may split one key's versions; only a few numbers per key are
// kept, never a key's whole history. What a version's fate depends on:
//   current version     - Expiration (Days from creation, or Date)
//   noncurrent version  - NoncurrentVersionExpiration: days since it became
//                          noncurrent (the next newer version's creation),
//                          keeping the newest NewerNoncurrentVersions
//   lone delete marker  - ExpiredObjectDeleteMarker, or an Expiration with
//                          Days once the marker is that old (AWS does both);
//                          known to be lone only when the key's listing ends.
import type { LifecycleRule, ObjectInfo } from '../../storage/index.js';
import { expirationDueOf, lifecycleDue, ruleApplies } from './rules.js';

export type LifecycleAction =
  /** Delete the current version without a version id (a delete marker on a versioned bucket). */
  | { kind: 'expireCurrent'; info: ObjectInfo; ruleId: string }
  /** Delete this noncurrent version (or noncurrent delete marker) for good. */
  | { kind: 'expireNoncurrent'; info: ObjectInfo; ruleId: string }
  /** Delete this delete marker, the only version left of its key. */
  | { kind: 'removeDeleteMarker'; info: ObjectInfo; ruleId: string };

export class VersionPlanner {
  private key: string | undefined;
  /** Versions of the current key seen so far. */
  private seen = 0;
  /** The creation time of the previous (newer) version: when the next one became noncurrent. */
  private newerModified: Date | undefined;
  /** Noncurrent object versions (not delete markers) of the key seen so far, newest first. */
  private noncurrentKept = 0;
  /** The key's latest version when it is a delete marker, until another version of the key shows up. */
  private loneMarker: ObjectInfo | undefined;

  constructor(
    private readonly rules: readonly LifecycleRule[],
    private readonly dayMs: number,
    private readonly nowMs: number,
  ) {}

  /** Feeds the next listed version; returns the actions now known to be due. */
  push(info: ObjectInfo): LifecycleAction[] {
    const actions = info.key === this.key ? [] : this.finish();
    if (info.key !== this.key) this.key = info.key;
    this.seen++;
    if (this.seen === 1) {
      if (info.deleteMarker === true) this.loneMarker = info;
      else this.planCurrent(info, actions);
    } else {
      this.loneMarker = undefined;
      this.planNoncurrent(info, this.newerModified ?? info.lastModified, actions);
    }
    this.newerModified = info.lastModified;
    return actions;
  }

  /** Ends the current key (call at the end of the listing too). */
  finish(): LifecycleAction[] {
    const actions: LifecycleAction[] = [];
    const marker = this.loneMarker;
    if (marker !== undefined) {
      const rule = this.rules.find((r) => ruleApplies(r, marker) && this.removesLoneMarker(r, marker));
      if (rule !== undefined) actions.push({ kind: 'removeDeleteMarker', info: marker, ruleId: rule.id });
    }
    this.key = undefined;
    this.seen = 0;
    this.newerModified = undefined;
    this.noncurrentKept = 0;
    this.loneMarker = undefined;
    return actions;
  }

  private planCurrent(info: ObjectInfo, actions: LifecycleAction[]): void {
    for (const rule of this.rules) {
      if (!ruleApplies(rule, info)) continue;
      const due = expirationDueOf(rule, info.lastModified, this.dayMs);
      if (due !== undefined && due.getTime() <= this.nowMs) {
        actions.push({ kind: 'expireCurrent', info, ruleId: rule.id });
        return;
      }
    }
  }

  private planNoncurrent(info: ObjectInfo, noncurrentSince: Date, actions: LifecycleAction[]): void {
    // Newer noncurrent object versions than this one; delete markers hold no data worth keeping.
    const newer = this.noncurrentKept;
    if (info.deleteMarker !== true) this.noncurrentKept++;
    for (const rule of this.rules) {
      const n = rule.noncurrentVersionExpiration;
      if (n === undefined || !ruleApplies(rule, info)) continue;
      if (lifecycleDue(noncurrentSince, n.noncurrentDays, this.dayMs).getTime() > this.nowMs) continue;
      if (info.deleteMarker !== true && newer < (n.newerNoncurrentVersions ?? 0)) continue;
      actions.push({ kind: 'expireNoncurrent', info, ruleId: rule.id });
      return;
    }
  }

  private removesLoneMarker(rule: LifecycleRule, marker: ObjectInfo): boolean {
    const e = rule.expiration;
    if (e?.expiredObjectDeleteMarker === true) return true;
    return e?.days !== undefined && lifecycleDue(marker.lastModified, e.days, this.dayMs).getTime() <= this.nowMs;
  }
}
