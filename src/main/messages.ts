// What the primary and its workers tell each other over the node:cluster
// IPC channel at start-up (supervision's own messages: supervisor/protocol.ts).
import type { ServerConfig } from '../config/config.js';
import type { RootCredentials } from '../cli/credentials.js';
import type { StoragePlan } from '../storage/index.js';

export interface WorkerSetup {
  type: 'setup';
  config: ServerConfig;
  credentials: RootCredentials;
  /** Which directory is which slot of which erasure set (one drive: one set of one). */
  plan: StoragePlan;
  /** This worker runs the node's background scanner (exactly one does). */
  runScanner?: boolean;
}
export type WorkerReport =
  | { type: 'ready' }
  | { type: 'listening'; port: number }
  | { type: 'listen-error'; code: string; message: string }
  | { type: 'fatal'; message: string };
