// Healing one object of an erasure set: its records first (the `objects`
// record, every `versions` record, and what each version points to: inline
// bytes or part layout, and the `files` entries of its data), then the shard
// files of every version's data. Shared by
// healSet (every object), the HealQueue (objects the scanner found
// disagreeing) and the scanner.
import { fileKey, objectKey, prefixEnd, versionKey, type DataPart, type ObjectRecord } from '../../meta/index.js';
import type { ReplicatedIndex } from '../../meta/ReplicatedIndex.js';
import type { ErasureSetDrive } from '../ErasureSetDrive.js';
import { writeQuorumOf } from '../geometry.js';
import { healFile } from './healFile.js';

/** What heal needs of one erasure set (the assembly's ErasureSet has it). */
export interface HealTarget {
  readonly setIndex: number;
  readonly index: ReplicatedIndex;
  readonly drive: ErasureSetDrive;
}

export interface ObjectMetadataOutcome {
  /** Replica records changed. */
  repairedKeys: number;
  /** The voted record after repair; undefined when the object does not exist. */
  record?: ObjectRecord;
  /** The data files of the record, in order. */
  parts: DataPart[];
  /** Problems that leave the object unreadable, for people. */
  problems: string[];
}

export interface ObjectHealOutcome extends ObjectMetadataOutcome {
  rebuiltShards: number;
  rewrittenBytes: number;
}

/**
 * Why records of the set must not be repaired now, or undefined. Repair
 * copies the voted value; with fewer drives online than a write needs, the
 * vote may miss the newest value and repair would make an old one permanent.
 */
export function voteQuorumProblem(set: HealTarget): string | undefined {
  const parity = set.drive.options.parity.standard;
  const needed = writeQuorumOf(set.drive.setSize - parity, parity);
  const online = set.drive.options.health.onlineCount();
  return online < needed
    ? `Erasure set ${set.setIndex + 1} has ${online} drive(s) online; repairing its records needs ${needed}.`
    : undefined;
}

/**
 * Repairs the records of one object, every version of it, on every online
 * replica. Written so that many objects can be repaired concurrently: their
 * replica writes share LMDB commits.
 */
export async function healObjectMetadata(set: HealTarget, bucket: string, key: string): Promise<ObjectMetadataOutcome> {
  const { index } = set;
  const okey = objectKey(bucket, key);
  let repairedKeys = (await index.healKey('objects', okey)) + (await index.healKey('nulls', okey));
  const scope = versionKey(bucket, key, '');
  const end = prefixEnd(scope);
  const versionKeys = end === undefined ? [] : [...index.keysOf('versions', { start: scope, end })];
  const repairedVersions = await Promise.all(versionKeys.map((vkey) => index.healKey('versions', vkey)));
  for (const n of repairedVersions) repairedKeys += n;
  const problems: string[] = [];
  const parts: DataPart[] = [];
  for (const vkey of versionKeys) {
    const version = index.get('versions', vkey);
    if (version === undefined) continue;
    const outcome = await healVersionRecords(index, vkey, version);
    repairedKeys += outcome.repairedKeys;
    parts.push(...outcome.parts);
    if (outcome.problem !== undefined)
      problems.push(versionKeys.length > 1 ? `version ${version.versionId}: ${outcome.problem}` : outcome.problem);
  }
  const record = index.get('objects', okey);
  return record === undefined ? { repairedKeys, parts, problems } : { repairedKeys, record, parts, problems };
}

/** The inline bytes or part layout and the file entries of one version (vkey: its `versions` key, which is also its data key). */
async function healVersionRecords(
  index: ReplicatedIndex,
  vkey: Buffer,
  record: ObjectRecord,
): Promise<{ repairedKeys: number; parts: DataPart[]; problem?: string }> {
  // Both, whatever the record's kind: a stale drive may hold leftovers under the same key; the vote removes them.
  const [inline, layouts] = await Promise.all([index.healKey('inline', vkey), index.healKey('layouts', vkey)]);
  let repairedKeys = inline + layouts;
  let parts: DataPart[] = [];
  let problem: string | undefined;
  switch (record.data.kind) {
    case 'inline':
      if (record.sizeBytes > 0 && index.get('inline', vkey) === undefined) problem = 'its bytes are missing from the index on every drive';
      break;
    case 'parts':
      parts = record.data.parts;
      break;
    case 'multipart': {
      const layout = index.get('layouts', vkey);
      if (layout === undefined) problem = 'its part layout is missing from the index on every drive';
      else parts = layout.parts;
      break;
    }
    case 'none':
      break;
  }
  const repaired = await Promise.all(parts.map((part) => index.healKey('files', fileKey(part.fileId))));
  for (const n of repaired) repairedKeys += n;
  return problem === undefined ? { repairedKeys, parts } : { repairedKeys, parts, problem };
}

/** Rebuilds the shard files of the object's data; adds to `outcome`. */
export async function healObjectData(
  set: HealTarget,
  _bucket: string,
  _key: string,
  outcome: ObjectMetadataOutcome,
  signal: AbortSignal,
): Promise<ObjectHealOutcome> {
  const healed: ObjectHealOutcome = { ...outcome, problems: [...outcome.problems], rebuiltShards: 0, rewrittenBytes: 0 };
  for (const part of outcome.parts) {
    const result = await healReferencedFile(set, part.fileId, signal);
    healed.rebuiltShards += result.rebuiltShards;
    healed.rewrittenBytes += result.rewrittenBytes;
    // A version replaced or deleted while it was healed is not a failure: its old files are garbage.
    if (set.index.get('files', fileKey(part.fileId)) === undefined) continue;
    if (result.missing === true) healed.problems.push(`no drive holds any shard of its data file ${part.fileId}`);
    else if (result.unrecoverable !== undefined)
      healed.problems.push(`data file ${part.fileId} cannot be rebuilt: ${result.unrecoverable}`);
  }
  return healed;
}

/** Records, then data, of one object. */
export async function healObject(set: HealTarget, bucket: string, key: string, signal: AbortSignal): Promise<ObjectHealOutcome> {
  return healObjectData(set, bucket, key, await healObjectMetadata(set, bucket, key), signal);
}

/**
 * healFile for a file some record references. A file no record references
 * (any more) is left alone; one that lost its last reference while it was
 * being healed is removed again, so a heal racing a delete cannot bring
 * back shards the reclaimer had already unlinked.
 */
export async function healReferencedFile(set: HealTarget, fileId: string, signal: AbortSignal): ReturnType<typeof healFile> {
  const key = fileKey(fileId);
  if (set.index.get('files', key) === undefined) return { rebuiltShards: 0, rewrittenBytes: 0 };
  const result = await healFile(set.drive, fileId, signal);
  if (result.rebuiltShards > 0 && set.index.get('files', key) === undefined) {
    await set.drive.remove(fileId);
    return { rebuiltShards: 0, rewrittenBytes: 0 };
  }
  return result;
}

/** bucket and key of a `versions` key (bucket \0 key \0 vsk). */
export function splitVersionKey(raw: Buffer): { bucket: string; key: string } {
  return splitObjectKey(raw.subarray(0, raw.lastIndexOf(0)));
}

/** bucket and key of an `objects` key (bucket \0 key); bucket names never hold a 0 byte. */
export function splitObjectKey(raw: Buffer): { bucket: string; key: string } {
  const sep = raw.indexOf(0);
  return { bucket: raw.subarray(0, sep).toString('utf8'), key: raw.subarray(sep + 1).toString('utf8') };
}
