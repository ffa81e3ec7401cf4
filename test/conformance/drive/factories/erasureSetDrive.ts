// ErasureSetDrive over LocalDrives, built as the erasure opener builds it
// (storage/open/openErasureSet.ts): drives prepared by prepareStorage,
// a SetHealth from the plan's slot states, codecFor from erasure/codec and
// the layout's parity { standard, reducedRedundancy }. With `missingSlots`,
// those drives' directories are deleted after formatting and the drives
// prepared again, so the set runs degraded exactly as a node with a lost
// disk does: the slot has its path but is offline.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareStorage, type StoragePlan } from '../../../../src/storage/index.js';
import { LocalDrive } from '../../../../src/storage/drive/LocalDrive.js';
import { codecCache, initCodec } from '../../../../src/storage/erasure/codec/index.js';
import { ErasureSetDrive } from '../../../../src/storage/erasure/ErasureSetDrive.js';
import { SetHealth } from '../../../../src/storage/erasure/SetHealth.js';
import type { DriveFactory, DriveSubject } from '../harness.js';

export function erasureSetDriveFactory(driveCount: number, missingSlots: readonly number[] = []): DriveFactory {
  const missing = missingSlots.length === 0 ? '' : `, drive ${missingSlots.map((s) => s + 1).join(', ')} missing`;
  return {
    name: `ErasureSetDrive (${driveCount} LocalDrives${missing})`,
    async create(): Promise<DriveSubject> {
      await initCodec();
      const root = await mkdtemp(join(tmpdir(), 'lode-set-drive-conformance-'));
      const paths = Array.from({ length: driveCount }, (_, i) => join(root, `drive${i + 1}`));
      let plan = await prepareStorage(paths);
      if (missingSlots.length > 0) {
        for (const slot of missingSlots) await rm(paths[slot]!, { recursive: true, force: true });
        plan = await prepareStorage(paths);
        for (const slot of missingSlots)
          if (plan.slots[0]?.[slot]?.state !== 'offline') throw new Error(`drive ${slot + 1} should be offline in the plan`);
      }
      const subject: DriveSubject = {
        drive: openSet(plan),
        async reopen() {
          // The same plan, not prepareStorage again: it deletes data files no index record references, which all of these are.
          subject.drive = openSet(plan);
          return subject.drive;
        },
        dispose: () => rm(root, { recursive: true, force: true }),
      };
      return subject;
    },
  };
}

const codecFor = codecCache();

/** Set 1 of the plan, as openErasureSet builds each set's Drive. */
function openSet(plan: StoragePlan): ErasureSetDrive {
  const slots = plan.slots[0];
  if (slots === undefined || plan.slots.length !== 1) throw new Error(`expected one erasure set, got ${plan.slots.length}`);
  const health = new SetHealth(
    slots.map((s) => s.path),
    slots.map((s) => (s.reason !== undefined ? { state: s.state, reason: s.reason } : { state: s.state })),
  );
  return new ErasureSetDrive({
    setIndex: 0,
    drives: slots.map((s) => (s.path === undefined ? undefined : new LocalDrive(s.path))),
    health,
    parity: plan.layout.parity,
    codecFor,
    // The opener queues the file for healing; here a degraded read is only allowed.
    onDegraded: () => undefined,
  });
}
