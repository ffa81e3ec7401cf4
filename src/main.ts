// Composition root: the only place that wires implementations from several
// folders together (cli/main.ts dispatches the command line here). The
// primary (main/primary.ts) prepares storage and supervises the workers;
// each worker (main/worker.ts) opens storage from the primary's plan and
// serves S3. main/messages.ts is what the two say at start-up.
export { runPrimary } from './main/primary.js';
export { runWorker } from './main/worker.js';
