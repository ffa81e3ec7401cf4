// The scanner's cheap look at one object: do the drives' records agree,
// and does every online drive hold a shard file of the right length with a
// valid footer for each of its data files? No block is read (a full
// verification is healFile's job, on what this finds): a few index reads
// and one 40-byte read per drive and file.
import { fileKey, objectKey, versionKey } from '../../meta/index.js';
import type { HealTarget } from './healObject.js';
import { closeProbe, probeShards } from './probeShards.js';

export type ObjectProblem = { kind: 'records'; reason: string } | { kind: 'file'; fileId: string; reason: string };

export async function checkObject(set: HealTarget, bucket: string, key: string): Promise<ObjectProblem[]> {
  const { index, drive } = set;
  const okey = objectKey(bucket, key);
  if (!index.agrees('objects', okey)) return [{ kind: 'records', reason: 'the drives disagree on its record' }];
  const record = index.get('objects', okey);
  if (record === undefined) return [];
  const vkey = versionKey(bucket, key, record.vsk);
  if (!index.agrees('versions', vkey)) return [{ kind: 'records', reason: 'the drives disagree on its version record' }];
  let fileIds: string[] = [];
  switch (record.data.kind) {
    case 'inline':
      if (!index.agrees('inline', vkey)) return [{ kind: 'records', reason: 'the drives disagree on its bytes' }];
      break;
    case 'parts':
      fileIds = record.data.parts.map((p) => p.fileId);
      break;
    case 'multipart':
      if (!index.agrees('layouts', vkey)) return [{ kind: 'records', reason: 'the drives disagree on its part layout' }];
      fileIds = (index.get('layouts', vkey)?.parts ?? []).map((p) => p.fileId);
      break;
    case 'none': // a delete marker: no bytes to check
      break;
  }
  if (fileIds.some((fileId) => !index.agrees('files', fileKey(fileId))))
    return [{ kind: 'records', reason: 'the drives disagree on its data files' }];
  const problems: ObjectProblem[] = [];
  for (const fileId of fileIds) {
    const probe = await probeShards(drive, fileId);
    await closeProbe(probe);
    const wrong = probe.slots.filter((s) => s.status === 'missing' || s.status === 'damaged');
    if (wrong.length > 0)
      problems.push({ kind: 'file', fileId, reason: wrong.map((s) => `drive ${s.slot + 1}: ${s.reason ?? s.status}`).join('; ') });
    else if (probe.geometry === undefined && probe.anyFile) problems.push({ kind: 'file', fileId, reason: 'no shard has a valid footer' });
  }
  return problems;
}
