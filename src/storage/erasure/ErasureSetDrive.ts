// The Drive seam over an erasure set: the engine stages, opens and removes
// "files" exactly as on one disk, and each file is really k data + m parity
// shard files, one per drive of the set, under the same file id. Parity
// comes from the storage class. Reads that meet a missing or damaged shard
// are repaired on the fly and reported for healing.
import type { Drive, DriveFile, StagedFile, StageOptions } from '../drive/Drive.js';
import { isNotFound } from '../io/errors.js';
import { newFileId } from '../drive/fileIds.js';
import type { ReedSolomon } from './codec/index.js';
import { ErasureFile } from './ErasureFile.js';
import { ErasureStagedFile } from './ErasureStagedFile.js';
import type { SetHealth } from './SetHealth.js';

/** Bytes of object data per stripe: big enough for sequential speed, small enough that memory stays a few MiB per request. */
export const DEFAULT_STRIPE_BYTES = 1024 * 1024;

export interface SetParity {
  standard: number;
  reducedRedundancy: number;
}

export interface ErasureSetOptions {
  setIndex: number;
  /** The set's drives by slot as opened; undefined for a slot whose drive is missing (attachDrive puts one back). */
  drives: ReadonlyArray<Drive | undefined>;
  health: SetHealth;
  parity: SetParity;
  stripeBytes?: number;
  codecFor: (dataShards: number, parityShards: number) => ReedSolomon;
  /** A file was read with shards missing or damaged. */
  onDegraded?: (fileId: string, reason: string) => void;
}

export class ErasureSetDrive implements Drive {
  readonly stripeBytes: number;
  /** The drive in each slot now: any Drive (local, remote), replaced only through attachDrive. */
  private readonly drives: Array<Drive | undefined>;

  constructor(readonly options: ErasureSetOptions) {
    this.stripeBytes = options.stripeBytes ?? DEFAULT_STRIPE_BYTES;
    this.drives = [...options.drives];
  }

  get root(): string {
    return `erasure set ${this.options.setIndex + 1} (${this.drives.map((d) => d?.root ?? 'missing').join(', ')})`;
  }

  get setSize(): number {
    return this.drives.length;
  }

  /** The drive serving `slot`, or undefined when the slot has none. */
  driveIn(slot: number): Drive | undefined {
    return this.drives[slot];
  }

  /**
   * Puts `drive` in `slot`: a drive that came back, or a replacement
   * formatted into the slot. Health is the caller's to update (the set's
   * health says whether the slot is in rotation).
   */
  attachDrive(slot: number, drive: Drive): void {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.drives.length)
      throw new RangeError(`slot ${slot + 1} is not a slot of ${this.root}`);
    this.drives[slot] = drive;
  }

  parityFor(storageClass: string | undefined): number {
    return storageClass === 'REDUCED_REDUNDANCY' ? this.options.parity.reducedRedundancy : this.options.parity.standard;
  }

  private driveAt(slot: number): Drive {
    const drive = this.drives[slot];
    if (drive === undefined) throw Object.assign(new Error(`slot ${slot + 1} of ${this.root} has no drive`), { code: 'ENODEV' });
    return drive;
  }

  /** An I/O error on a slot: out of rotation if the drive itself is gone (a missing file alone is only a shard to heal). */
  private onDriveError = (slot: number, err: unknown): void => {
    if (isNotFound(err)) void this.options.health.checkAlive(slot);
    else this.options.health.markOffline(slot, err);
  };

  async stage(options: StageOptions = {}): Promise<StagedFile> {
    const parity = this.parityFor(options.storageClass);
    const codec = this.options.codecFor(this.setSize - parity, parity);
    const fileId = options.fileId ?? newFileId();
    return ErasureStagedFile.open(fileId, codec, this.stripeBytes, (slot) => this.driveAt(slot).stage({ fileId }), this.options.health);
  }

  async open(fileId: string): Promise<DriveFile> {
    const candidates = [];
    for (let slot = 0; slot < this.setSize; slot++) {
      if (!this.options.health.isOnline(slot) || this.drives[slot] === undefined) continue;
      const drive = this.driveAt(slot);
      candidates.push({ slot, open: () => drive.open(fileId) });
    }
    return ErasureFile.open(
      {
        fileId,
        codecFor: this.options.codecFor,
        onDegraded: this.options.onDegraded ?? (() => undefined),
        onDriveError: this.onDriveError,
      },
      candidates,
    );
  }

  async remove(fileId: string): Promise<void> {
    await Promise.all(
      this.drives.map(async (drive, slot) => {
        if (drive === undefined || !this.options.health.isOnline(slot)) return;
        try {
          await drive.remove(fileId);
        } catch (err) {
          // The shard stays behind on a failing drive; healing or the next start's sweep removes it.
          this.onDriveError(slot, err);
        }
      }),
    );
  }

  // Maintenance touches the drives in rotation only, as remove() does: a
  // slot out of rotation may have no directory at all (a lost disk).
  async clearStaging(): Promise<number> {
    let total = 0;
    for (const [slot, drive] of this.drives.entries())
      if (drive !== undefined && this.options.health.isOnline(slot)) total += await drive.clearStaging();
    return total;
  }

  async *dataFiles(fromHour: number): AsyncIterable<string> {
    const seen = new Set<string>();
    for (const [slot, drive] of this.drives.entries()) {
      if (drive === undefined || !this.options.health.isOnline(slot)) continue;
      for await (const fileId of drive.dataFiles(fromHour)) {
        if (seen.has(fileId)) continue;
        seen.add(fileId);
        yield fileId;
      }
    }
  }
}
