// What one process knows about the drives of an erasure set: which are in
// rotation and, for the ones that are not, why. Shared by the set's
// replicated index and its erasure-coded data path; a drive that fails
// either is taken out of both. (Each worker learns this on its own; a drive
// comes back into rotation on restart, after which healing catches it up.)
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DriveState } from '../StoreAdmin.js';
import type { ReplicaHealth } from '../meta/ReplicatedIndex.js';

export interface DriveSlotState {
  state: DriveState;
  reason?: string;
}

export class SetHealth implements ReplicaHealth {
  private readonly slots: DriveSlotState[];
  /** Slots in rotation whose index refused its last write for want of space (see noteFull). */
  private readonly indexFull = new Map<number, string>();

  constructor(
    /** Each slot's root directory, or undefined for a slot with no drive. */
    readonly roots: ReadonlyArray<string | undefined>,
    initial: ReadonlyArray<DriveSlotState>,
    private readonly onChange: (slot: number, state: DriveSlotState) => void = () => undefined,
  ) {
    this.slots = initial.map((s) => ({ ...s }));
  }

  get size(): number {
    return this.slots.length;
  }

  stateOf(slot: number): DriveSlotState {
    const full = this.indexFull.get(slot);
    if (full !== undefined && this.slots[slot]?.state === 'ok') return { state: 'full', reason: full };
    return { ...(this.slots[slot] ?? { state: 'offline', reason: 'no such slot' }) };
  }

  /**
   * The slot's index refused a write for want of space, or (reason
   * undefined) took one again. Unlike markOffline the drive stays in
   * rotation: it still serves reads, and deletes make room in it again.
   * Reported once per change.
   */
  noteFull(slot: number, reason: unknown): void {
    const current = this.slots[slot];
    if (current === undefined || !this.isOnline(slot)) return;
    if (reason === undefined) {
      if (!this.indexFull.delete(slot)) return;
      this.onChange(slot, { state: current.state, reason: 'the index takes writes again' });
      return;
    }
    if (this.indexFull.has(slot)) return;
    const message = `no space left: ${reason instanceof Error ? reason.message : String(reason)}`;
    this.indexFull.set(slot, message);
    this.onChange(slot, { state: 'full', reason: message });
  }

  isOnline(slot: number): boolean {
    const s = this.slots[slot]?.state;
    return s === 'ok' || s === 'healing';
  }

  onlineCount(): number {
    let n = 0;
    for (let i = 0; i < this.slots.length; i++) if (this.isOnline(i)) n++;
    return n;
  }

  markOffline(slot: number, reason: unknown): void {
    const current = this.slots[slot];
    if (current === undefined || !this.isOnline(slot)) return;
    const code = (reason as { code?: string } | undefined)?.code;
    const message = reason instanceof Error ? reason.message : String(reason);
    this.indexFull.delete(slot);
    const next: DriveSlotState =
      code === 'ENOSPC' || code === 'EDQUOT' || code === 'DriveFull'
        ? { state: 'full', reason: `no space left: ${message}` }
        : code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || code === 'DriveReadOnly'
          ? { state: 'readonly', reason: `refuses writes: ${message}` }
          : { state: 'offline', reason: message };
    this.slots[slot] = next;
    this.onChange(slot, next);
  }

  /** A drive that came back (or a replacement formatted into the slot) returns to rotation. */
  bringOnline(slot: number, state: 'ok' | 'healing'): void {
    if (this.slots[slot] === undefined || this.isOnline(slot)) return;
    this.indexFull.delete(slot);
    this.slots[slot] = { state };
    this.onChange(slot, this.slots[slot]!);
  }

  /** After healing rebuilt a replacement drive. */
  markHealed(slot: number): void {
    const current = this.slots[slot];
    if (current?.state !== 'healing') return;
    this.slots[slot] = { state: 'ok' };
    this.onChange(slot, this.slots[slot]!);
  }

  /**
   * Checks every drive in rotation every `intervalMs`: a drive pulled or
   * unmounted leaves rotation even when no request touches it (an unlinked
   * index stays readable through its open map and would otherwise go on
   * counting toward write quorums). Returns a function that stops it.
   */
  monitor(intervalMs: number): () => void {
    const timer = setInterval(() => {
      for (let slot = 0; slot < this.slots.length; slot++) void this.checkAlive(slot);
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /**
   * A missing file on a drive is normal (a shard to heal), unless the whole
   * drive is gone. Checks the drive's format file to tell the two apart.
   */
  async checkAlive(slot: number): Promise<boolean> {
    const root = this.roots[slot];
    if (root === undefined || !this.isOnline(slot)) return false;
    try {
      await stat(join(root, '.lode', 'format.json'));
      return true;
    } catch (err) {
      this.markOffline(slot, err instanceof Error ? new Error(`the drive at ${root} is gone (${err.message})`) : err);
      return false;
    }
  }
}
