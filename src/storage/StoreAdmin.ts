// The second face of storage: what an operator sees and asks for (drive
// state, healing), kept apart from ObjectStore so the S3 surface never
// reaches it. Types only. The admin API (src/admin/) is its one caller.

export type DriveState =
  /** Serving reads and writes. */
  | 'ok'
  /** Not found, unreadable, or failing I/O: out of rotation. */
  | 'offline'
  /** Refusing writes (EROFS/EACCES). */
  | 'readonly'
  /** No space left (ENOSPC): out of rotation for writes. */
  | 'full'
  /** An empty replacement formatted into its slot, being rebuilt. */
  | 'healing';

export interface DriveStatus {
  /** Where the drive is mounted now (drives are recognised by id, not path). */
  path: string;
  driveId: string;
  setIndex: number;
  /** Position inside its set. */
  slot: number;
  state: DriveState;
  /** Why the drive is not 'ok', for people. */
  reason?: string;
  totalBytes?: number;
  freeBytes?: number;
}

export interface ErasureSetInfo {
  index: number;
  drives: DriveStatus[];
  /** Parity shards of STANDARD objects in this set. */
  standardParity: number;
  /** Parity shards of REDUCED_REDUNDANCY objects. */
  reducedParity: number;
  /** Drives that must accept a write for it to succeed. */
  writeQuorum: number;
}

export interface StoreInfo {
  deploymentId: string;
  /** 'single-drive' (no redundancy) or 'erasure'. */
  mode: 'single-drive' | 'erasure';
  sets: ErasureSetInfo[];
  buckets: number;
  /** Current objects, when the index can count them cheaply. */
  objects?: number;
}

export interface HealProgress {
  /** Objects looked at so far. */
  scanned: number;
  /** Objects that needed repair and were repaired. */
  healed: number;
  /** Objects that could not be repaired (too few good shards). */
  failed: number;
  /** Bytes of shards rewritten. */
  healedBytes: number;
  /** Drives (empty replacements) rebuilt or being rebuilt. */
  drivesHealing: number;
  /** The object being looked at. */
  current?: { bucket: string; key: string };
  /** Total objects to scan, when known in advance (for a progress bar). */
  total?: number;
}

export interface HealInput {
  bucket?: string;
  prefix?: string;
  /** Called as the scan advances (at most a few times a second). */
  onProgress?: (progress: HealProgress) => void;
}

export interface HealResult extends HealProgress {
  durationMs: number;
  /** Objects that could not be repaired, for the summary (at most 100). */
  failures: Array<{ bucket: string; key: string; reason: string }>;
  /** Data files that cannot be verified (written raw, before data files carried block hashes); absent when none. */
  unverifiedFiles?: number;
}

export interface StoreAdmin {
  info(signal: AbortSignal): Promise<StoreInfo>;
  /** Scans the namespace (or a bucket / prefix), verifies every object and repairs what it can. */
  heal(input: HealInput, signal: AbortSignal): Promise<HealResult>;
}
