// The lifecycle worker: applies each bucket's lifecycle rules (S3's
// PutBucketLifecycleConfiguration) in the background. Every `intervalMs` it
// walks the buckets that have rules, page by page, through the ObjectStore
// seam only, and expires what is due: current versions, noncurrent
// versions, lone delete markers, stale multipart uploads. It is paced (at
// most `maxOpsPerSecond` store calls) and yields between pages so that it
// never stalls requests. Versions under retention or legal hold are never
// removed: they are skipped, whether the listing shows the lock or the
// store refuses the delete (ObjectLocked). Run it in one process per node.
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { isStoreError, type LifecycleRule, type ObjectInfo, type ObjectStore, type VersioningState } from '../../storage/index.js';
import type { Logger } from '../../util/logger.js';
import { commonPrefix, lifecycleDue } from './rules.js';
import { VersionPlanner, type LifecycleAction } from './VersionPlanner.js';

/** The part of the ObjectStore the scanner uses. */
export type LifecycleStore = Pick<
  ObjectStore,
  'listBuckets' | 'getBucketConfig' | 'listObjectVersions' | 'deleteObject' | 'listMultipartUploads' | 'abortMultipartUpload'
>;

export interface LifecycleScannerOptions {
  store: LifecycleStore;
  /** The length of a lifecycle day: 86_400_000, or less for compressed time. */
  dayMs: number;
  /** Rest between two passes. */
  intervalMs: number;
  /** Store calls per second at most; Infinity for no pacing (tests). */
  maxOpsPerSecond: number;
  log: Logger;
  /** Versions or uploads per listing page, 1..1000 (default 1000). */
  pageSize?: number;
  /** The clock lifecycle ages are measured against (tests); default Date.now. */
  now?: () => number;
}

export interface LifecycleReport {
  /** Buckets with at least one enabled rule. */
  buckets: number;
  versionsExamined: number;
  /** Current versions expired: removed, or hidden behind a new delete marker on versioned buckets. */
  currentExpired: number;
  noncurrentExpired: number;
  deleteMarkersRemoved: number;
  uploadsAborted: number;
  /** Due, but under retention or legal hold: left alone. */
  locked: number;
  /** Due, but changed or gone by the time of the delete: left for the next pass. */
  raced: number;
  errors: number;
  /** Store calls made (the paced quantity). */
  operations: number;
}

const MAX_PAGE = 1000;

export class LifecycleScanner {
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;

  constructor(private readonly options: LifecycleScannerOptions) {
    if (!(options.dayMs > 0)) throw new RangeError(`dayMs must be positive, got ${options.dayMs}`);
    if (!(options.intervalMs > 0)) throw new RangeError(`intervalMs must be positive, got ${options.intervalMs}`);
    if (!(options.maxOpsPerSecond > 0)) throw new RangeError(`maxOpsPerSecond must be positive, got ${options.maxOpsPerSecond}`);
    const page = options.pageSize ?? MAX_PAGE;
    if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) throw new RangeError(`pageSize must be 1..${MAX_PAGE}, got ${page}`);
  }

  /** Runs a pass now and then every intervalMs, until stop(). */
  start(): void {
    this.running ??= this.loop();
  }

  /** Stops the background passes and waits for the current one to end. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  /** One pass over every bucket; rejects with the signal's reason once it is aborted. */
  runOnce(signal: AbortSignal): Promise<LifecycleReport> {
    return new Pass(this.options, signal).run();
  }

  private async loop(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      try {
        const report = await this.runOnce(signal);
        const acted =
          report.currentExpired +
          report.noncurrentExpired +
          report.deleteMarkersRemoved +
          report.uploadsAborted +
          report.locked +
          report.errors;
        if (acted > 0) this.options.log.info('lifecycle pass', { ...report });
      } catch (err) {
        if (signal.aborted) return;
        this.options.log.error('lifecycle pass failed', { error: err instanceof Error ? err.message : String(err) });
      }
      try {
        await sleep(this.options.intervalMs, undefined, { signal });
      } catch {
        return; // stopped
      }
    }
  }
}

/** One walk: its report, its pace and its clock. */
class Pass {
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
  private paceStartMs = Date.now();
  private paced = 0;

  constructor(
    private readonly options: LifecycleScannerOptions,
    private readonly signal: AbortSignal,
  ) {
    this.store = options.store;
    this.pageSize = options.pageSize ?? MAX_PAGE;
    this.nowMs = (options.now ?? Date.now)();
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

  /** Waits until the next store call is within maxOpsPerSecond. */
  private async pace(): Promise<void> {
    this.signal.throwIfAborted();
    this.report.operations++;
    const rate = this.options.maxOpsPerSecond;
    if (rate === Infinity) return;
    this.paced++;
    const waitMs = this.paceStartMs + (this.paced * 1000) / rate - Date.now();
    if (waitMs > 0) {
      await sleep(waitMs, undefined, { signal: this.signal });
    } else if (waitMs < -1000) {
      // Far behind (a slow store): start the budget over rather than race to catch up.
      this.paceStartMs = Date.now();
      this.paced = 0;
    }
  }
}

/** Under legal hold, or retained until a time still ahead. */
export function isLocked(info: Pick<ObjectInfo, 'legalHold' | 'retention'>, nowMs: number): boolean {
  return info.legalHold === true || (info.retention !== undefined && info.retention.retainUntil.getTime() > nowMs);
}
