// One lifecycle pass over every bucket: lists versions and uploads page by
// page, plans what is due (VersionPlanner) and applies it, counting what it
// did in a LifecycleReport. A refused delete never ends the pass; an abort
// does, between two store calls.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { isStoreError, type LifecycleRule, type ObjectInfo, type VersioningState } from '../../storage/index.js';
import { MAX_PAGE, type LifecycleReport, type LifecycleScannerOptions, type LifecycleStore } from './lifecycleTypes.js';
import { Pacer } from './Pacer.js';
import { commonPrefix, lifecycleDue } from './rules.js';
import { VersionPlanner, type LifecycleAction } from './VersionPlanner.js';

/** One walk: its report, its pace and its clock. */
export class LifecyclePass {
  readonly report: LifecycleReport = {
    buckets: 0,
    versionsExamined: 0,
    currentExpired: 0,
    noncurrentExpired: 0,
    deleteMarkersRemoved: 0,
    uploadsAborted: 0,
    locked: 0,
    raced: 0,
    errors: 0,
    operations: 0,
  };
  private readonly store: LifecycleStore;
  private readonly pageSize: number;
  /** Lifecycle ages are measured against one instant per pass. */
  private readonly nowMs: number;
  private readonly pacer: Pacer;

  constructor(
    private readonly options: LifecycleScannerOptions,
    private readonly signal: AbortSignal,
  ) {
    this.store = options.store;
    this.pageSize = options.pageSize ?? MAX_PAGE;
    this.nowMs = (options.now ?? Date.now)();
    this.pacer = new Pacer(options.maxOpsPerSecond, signal);
  }

  async run(): Promise<LifecycleReport> {
    this.signal.throwIfAborted();
    await this.pace();
    const buckets = await this.store.listBuckets(this.signal);
    for (const { name } of buckets) {
      try {
        await this.pace();
        const config = await this.store.getBucketConfig(name, this.signal);
        const rules = (config.lifecycle?.rules ?? []).filter((r) => r.enabled);
        if (rules.length === 0) continue;
        this.report.buckets++;
        const versionRules = rules.filter((r) => r.expiration !== undefined || r.noncurrentVersionExpiration !== undefined);
        if (versionRules.length > 0) await this.walkVersions(name, versionRules, config.versioning);
        const uploadRules = rules.filter((r) => r.abortIncompleteMultipartUpload !== undefined);
        if (uploadRules.length > 0) await this.walkUploads(name, uploadRules);
      } catch (err) {
        if (this.signal.aborted) throw err;
        if (isStoreError(err) && err.code === 'NoSuchBucket') continue; // deleted meanwhile
        this.fail(`lifecycle: bucket ${name} skipped`, err, { bucket: name });
      }
    }
    return this.report;
  }

  /**
   * Each page is acted on only after the next one has been listed, so that
   * deletes never touch the entries a listing resumes from.
   */
  private async walkVersions(bucket: string, rules: LifecycleRule[], versioning: VersioningState | undefined): Promise<void> {
    const planner = new VersionPlanner(rules, this.options.dayMs, this.nowMs);
    const prefix = commonPrefix(rules);
    const list = async (keyMarker?: string, versionIdMarker?: string) => {
      await this.pace();
      return this.store.listObjectVersions(
        {
          bucket,
          prefix,
          maxKeys: this.pageSize,
          ...(keyMarker !== undefined ? { keyMarker } : {}),
          ...(versionIdMarker !== undefined ? { versionIdMarker } : {}),
        },
        this.signal,
      );
    };
    let page = await list();
    for (;;) {
      const more = page.isTruncated && page.nextKeyMarker !== undefined;
      const next = more ? await list(page.nextKeyMarker, page.nextVersionIdMarker) : undefined;
      const actions: LifecycleAction[] = [];
      for (const info of page.versions) {
        this.report.versionsExamined++;
        actions.push(...planner.push(info));
      }
      if (next === undefined) actions.push(...planner.finish());
      for (const action of actions) await this.apply(bucket, versioning, action);
      if (next === undefined) return;
      page = next;
      await nextTurn(undefined, { signal: this.signal });
    }
  }

  private async apply(bucket: string, versioning: VersioningState | undefined, action: LifecycleAction): Promise<void> {
    const { info } = action;
    // On a versioned bucket, expiring the current version only writes a delete marker over it.
    const removesData = action.kind !== 'expireCurrent' || (versioning !== 'Enabled' && info.versionId === 'null');
    if (removesData && isLocked(info, this.nowMs)) {
      this.report.locked++;
      return;
    }
    try {
      await this.pace();
      if (action.kind === 'expireCurrent') {
        // The ETag guards against removing an object written after the listing.
        await this.store.deleteObject({ bucket, key: info.key, conditions: { ifMatchETag: info.etag } }, this.signal);
        this.report.currentExpired++;
      } else {
        await this.store.deleteObject({ bucket, key: info.key, versionId: info.versionId }, this.signal);
        if (action.kind === 'expireNoncurrent') this.report.noncurrentExpired++;
        else this.report.deleteMarkersRemoved++;
      }
    } catch (err) {
      this.handleRefusal(err, { bucket, key: info.key, versionId: info.versionId, rule: action.ruleId });
    }
  }

  private async walkUploads(bucket: string, rules: LifecycleRule[]): Promise<void> {
    const prefix = commonPrefix(rules);
    const list = async (keyMarker?: string, uploadIdMarker?: string) => {
      await this.pace();
      return this.store.listMultipartUploads(
        {
          bucket,
          prefix,
          maxUploads: this.pageSize,
          ...(keyMarker !== undefined ? { keyMarker } : {}),
          ...(uploadIdMarker !== undefined ? { uploadIdMarker } : {}),
        },
        this.signal,
      );
    };
    let page = await list();
    for (;;) {
      const more = page.isTruncated && page.nextKeyMarker !== undefined;
      const next = more ? await list(page.nextKeyMarker, page.nextUploadIdMarker) : undefined;
      for (const upload of page.uploads) {
        // Uploads have no size or tags yet: only the prefix selects them.
        const rule = rules.find((r) => {
          const days = r.abortIncompleteMultipartUpload?.daysAfterInitiation;
          return (
            days !== undefined &&
            upload.key.startsWith(r.filter.prefix ?? '') &&
            lifecycleDue(upload.initiatedAt, days, this.options.dayMs).getTime() <= this.nowMs
          );
        });
        if (rule === undefined) continue;
        try {
          await this.pace();
          await this.store.abortMultipartUpload({ bucket, key: upload.key, uploadId: upload.uploadId }, this.signal);
          this.report.uploadsAborted++;
        } catch (err) {
          this.handleRefusal(err, { bucket, key: upload.key, uploadId: upload.uploadId, rule: rule.id });
        }
      }
      if (next === undefined) return;
      page = next;
      await nextTurn(undefined, { signal: this.signal });
    }
  }

  /** A refused delete never ends the pass; only an abort does. */
  private handleRefusal(err: unknown, fields: Record<string, unknown>): void {
    if (this.signal.aborted) throw err;
    if (isStoreError(err)) {
      if (err.code === 'ObjectLocked') {
        this.report.locked++;
        return;
      }
      if (err.code === 'PreconditionFailed' || err.code === 'NoSuchKey' || err.code === 'NoSuchVersion' || err.code === 'NoSuchUpload') {
        this.report.raced++;
        return;
      }
    }
    this.fail('lifecycle: action failed', err, fields);
  }

  private fail(message: string, err: unknown, fields: Record<string, unknown>): void {
    this.report.errors++;
    this.options.log.error(message, { ...fields, error: err instanceof Error ? err.message : String(err) });
  }

  /** Counts a store call and waits until it is within maxOpsPerSecond. */
  private async pace(): Promise<void> {
    this.signal.throwIfAborted();
    this.report.operations++;
    await this.pacer.next();
  }
}

/** Under legal hold, or retained until a time still ahead. */
export function isLocked(info: Pick<ObjectInfo, 'legalHold' | 'retention'>, nowMs: number): boolean {
  return info.legalHold === true || (info.retention !== undefined && info.retention.retainUntil.getTime() > nowMs);
}
