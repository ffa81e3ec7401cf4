// The Drive seam over an erasure set: the engine stages, opens and removes
// "files" exactly as on one disk, and each file is really k data + m parity
// shard files, one per drive of the set, under the same file id. Parity
// comes from the storage class. Reads that meet a missing or damaged shard
// are repaired on the fly and reported for healing.
import type { Drive, DriveFile, StagedFile, StageOptions } from '../drive/Drive.js';
import { isNotFound } from '../drive/errors.js';
import { newFileId } from '../drive/fileIds.js';
import type { LocalDrive } from '../drive/LocalDrive.js';
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
  /** The set's drives by slot; undefined for a slot whose drive is missing. A drive that comes back is put in its slot again. */
  drives: Array<LocalDrive | undefined>;
  health: SetHealth;
  parity: SetParity;
  stripeBytes?: number;
  codecFor: (dataShards: number, parityShards: number) => ReedSolomon;
  /** A file was read with shards missing or damaged. */
  onDegraded?: (fileId: string, reason: string) => void;
}

export class ErasureSetDrive implements Drive {
  readonly root: string;
  readonly stripeBytes: number;

  constructor(readonly options: ErasureSetOptions) {
    this.stripeBytes = options.stripeBytes ?? DEFAULT_STRIPE_BYTES;
    this.root = `erasure set ${options.setIndex + 1} (${options.drives.map((d) => d?.root ?? 'missing').join(', ')})`;
  }

  get setSize(): number {
    return this.options.drives.length;
  }

  parityFor(storageClass: string | undefined): number {
    return storageClass === 'REDUCED_REDUNDANCY' ? this.options.parity.reducedRedundancy : this.options.parity.standard;
  }

  private driveAt(slot: number): LocalDrive {
    const drive = this.options.drives[slot];
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
      if (!this.options.health.isOnline(slot) || this.options.drives[slot] === undefined) continue;
      const drive = this.driveAt(slot);
      candidates.push({ slot, open: () => drive.open(fileId) });
    }
    return ErasureFile.open(
      { fileId, codecFor: this.options.codecFor, onDegraded: this.options.onDegraded ?? (() => undefined), onDriveError: this.onDriveError },
      candidates,
    );
  }

  async remove(fileId: string): Promise<void> {
    await Promise.all(
      this.options.drives.map(async (drive, slot) => {
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
    for (const [slot, drive] of this.options.drives.entries()) if (drive !== undefined && this.options.health.isOnline(slot)) total += await drive.clearStaging();
    return total;
  }

  async *dataFiles(fromHour: number): AsyncIterable<string> {
    const seen = new Set<string>();
    for (const [slot, drive] of this.options.drives.entries()) {
      if (drive === undefined || !this.options.health.isOnline(slot)) continue;
      for await (const fileId of drive.dataFiles(fromHour)) {
        if (seen.has(fileId)) continue;
        seen.add(fileId);
        yield fileId;
      }
    }
  }
}
