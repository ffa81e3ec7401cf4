// The first look at one erasure-coded file: which drive slot holds which
// shard file, what each footer says, and the geometry most footers agree
// on. Cheap (one 40-byte read per drive): the scanner stops here, and
// healFile goes on from here to verify every block.
import type { DriveFile } from '../../drive/Drive.js';
import { isNotFound } from '../../io/errors.js';
import { decodeFooter, framedFileBytes, readTail, type ShardFooter } from '../../bitrot/index.js';
import type { ErasureSetDrive } from '../ErasureSetDrive.js';
import { blockBytesOf, rotationOf, shardDataBytes, type ErasureGeometry } from '../geometry.js';

/**
 * What one slot holds for the file:
 * - offline: the slot has no drive or is out of rotation (neither read nor written);
 * - missing: no file;
 * - damaged: a file that cannot be this slot's shard (no valid footer, another
 *   geometry, another shard's index, the wrong length);
 * - intact: footer and length right; its blocks are still unverified.
 */
export type SlotStatus = 'offline' | 'missing' | 'damaged' | 'intact';

export interface SlotProbe {
  slot: number;
  /** The shard this slot must hold (by the file's rotation). */
  shard: number;
  status: SlotStatus;
  /** Why the slot is not intact, for people. */
  reason?: string;
  /** Open while intact; the caller closes it (closeProbe). */
  file?: DriveFile;
}

export interface ShardProbe {
  fileId: string;
  /** By slot. */
  slots: SlotProbe[];
  /** The geometry most footers agree on; undefined when no footer is valid. */
  geometry?: ErasureGeometry;
  /** True when some slot had a file of this id (valid or not). */
  anyFile: boolean;
}

/** Bytes of a whole shard file: a hash before every block, the blocks, the footer. */
function shardFileBytes(g: ErasureGeometry): number {
  return framedFileBytes(shardDataBytes(g), blockBytesOf(g));
}

/** Opens the file's shard on every online slot and classifies each. Never throws for a missing or unreadable shard. */
export async function probeShards(drive: ErasureSetDrive, fileId: string): Promise<ShardProbe> {
  const { health } = drive.options;
  const n = drive.setSize;
  const rotation = rotationOf(fileId, n);
  const shardOfSlot = (slot: number): number => (slot - rotation + n) % n;
  const opened = await Promise.all(
    Array.from({ length: n }, async (_, slot): Promise<{ probe: SlotProbe; footer?: ShardFooter; sizeBytes?: number; found: boolean }> => {
      const shard = shardOfSlot(slot);
      const local = drive.driveIn(slot);
      if (local === undefined || !health.isOnline(slot)) return { probe: { slot, shard, status: 'offline' }, found: false };
      let file: DriveFile;
      try {
        file = await local.open(fileId);
      } catch (err) {
        if (isNotFound(err)) {
          // A missing file is a shard to heal, unless the whole drive is gone.
          const alive = await health.checkAlive(slot);
          return {
            probe: alive ? { slot, shard, status: 'missing', reason: 'no shard file' } : { slot, shard, status: 'offline' },
            found: false,
          };
        }
        health.markOffline(slot, err);
        return { probe: { slot, shard, status: 'offline' }, found: false };
      }
      try {
        const sizeBytes = await file.sizeBytes();
        const tail = await readTail(file, sizeBytes);
        const footer = tail === undefined ? undefined : decodeFooter(tail);
        return { probe: { slot, shard, status: 'intact', file }, ...(footer !== undefined ? { footer } : {}), sizeBytes, found: true };
      } catch (err) {
        await file.close().catch(() => undefined);
        health.markOffline(slot, err);
        return { probe: { slot, shard, status: 'offline' }, found: true };
      }
    }),
  );

  // The geometry most footers agree on (each file votes once, whatever shard it claims).
  const votes = new Map<string, { geometry: ErasureGeometry; count: number }>();
  for (const { footer } of opened) {
    if (footer === undefined || footer.dataShards + footer.parityShards !== n) continue;
    const geometry: ErasureGeometry = {
      dataShards: footer.dataShards,
      parityShards: footer.parityShards,
      stripeBytes: footer.stripeBytes,
      sizeBytes: footer.sizeBytes,
    };
    const key = `${geometry.dataShards}+${geometry.parityShards}/${geometry.stripeBytes}/${geometry.sizeBytes}`;
    const entry = votes.get(key);
    if (entry === undefined) votes.set(key, { geometry, count: 1 });
    else entry.count++;
  }
  const geometry = [...votes.values()].sort((a, b) => b.count - a.count)[0]?.geometry;

  const slots: SlotProbe[] = [];
  for (const { probe, footer, sizeBytes } of opened) {
    if (probe.status === 'intact') {
      const reason = whyNotIntact(probe, footer, sizeBytes, geometry);
      if (reason !== undefined) {
        await probe.file?.close().catch(() => undefined);
        slots.push({ slot: probe.slot, shard: probe.shard, status: 'damaged', reason });
        continue;
      }
    }
    slots.push(probe);
  }
  const probe: ShardProbe = { fileId, slots, anyFile: opened.some((o) => o.found) };
  if (geometry !== undefined) probe.geometry = geometry;
  return probe;
}

function whyNotIntact(
  probe: SlotProbe,
  footer: ShardFooter | undefined,
  sizeBytes: number | undefined,
  geometry: ErasureGeometry | undefined,
): string | undefined {
  if (footer === undefined) return 'no valid shard footer (torn or foreign file)';
  if (geometry === undefined) return 'footer of another geometry than the set';
  if (
    footer.dataShards !== geometry.dataShards ||
    footer.parityShards !== geometry.parityShards ||
    footer.stripeBytes !== geometry.stripeBytes ||
    footer.sizeBytes !== geometry.sizeBytes
  ) {
    return 'footer disagrees with the other shards';
  }
  if (footer.shardIndex !== probe.shard) return `holds shard ${footer.shardIndex}, not shard ${probe.shard} that belongs on this drive`;
  const expected = shardFileBytes(geometry);
  if (sizeBytes !== expected) return `${sizeBytes ?? 0} bytes long, not ${expected}`;
  return undefined;
}

/** Closes the files a probe left open. */
export async function closeProbe(probe: ShardProbe): Promise<void> {
  await Promise.allSettled(probe.slots.map((s) => s.file?.close() ?? Promise.resolve()));
}
