// Test-only faults, so the supervision tests can make a worker fail the ways
// real ones have: off unless LODE_FAULT_INJECTION names one, and then
// triggered only by SIGUSR2 sent to that worker. No request can trigger it.
//   uncaught            an exception nobody catches
//   uncaught-hang-exit  the same, and the process then hangs in exit (as
//                       lmdb-js's write threads once made it hang)

export function installFaultInjection(env: NodeJS.ProcessEnv): void {
  const fault = env['LODE_FAULT_INJECTION'];
  if (fault === undefined || fault === '') return;
  process.on('SIGUSR2', () => {
    if (fault === 'uncaught-hang-exit') {
      process.on('exit', () => {
        // Spin without end: only SIGKILL gets this process out.
        for (;;);
      });
    }
    if (fault === 'uncaught' || fault === 'uncaught-hang-exit') {
      setImmediate(() => {
        throw new Error(`fault injected (LODE_FAULT_INJECTION=${fault})`);
      });
    }
  });
}
