// One erasure set as a worker holds it: the replicated index over its drives'
// indexes, the erasure-coded drive over their data, their health, and the
// Engine that serves objects from them.
import type { Engine } from '../engine/Engine.js';
import type { ErasureSetDrive } from '../erasure/ErasureSetDrive.js';
import type { SetHealth } from '../erasure/SetHealth.js';
import type { ReplicatedIndex } from '../meta/index.js';

export interface ErasureSet {
  setIndex: number;
  index: ReplicatedIndex;
  drive: ErasureSetDrive;
  health: SetHealth;
  engine: Engine;
}
