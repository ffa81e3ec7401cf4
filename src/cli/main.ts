// Entry point of the `lode` command: dispatches the command line. A
// node:cluster worker runs this file too, and goes straight to its work.
import cluster from 'node:cluster';
import { ConfigError, parseServerArgs, type ServerConfig } from '../config/config.js';
import { runPrimary, runWorker } from '../main.js';
import { VERSION } from '../version.js';
import { adminCommand } from './adminCommand.js';
import { HELP } from './help.js';

async function main(argv: readonly string[]): Promise<void> {
  if (cluster.isWorker) return runWorker();
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    process.stdout.write(`lode ${VERSION}\n`);
    return;
  }
  if (command === 'admin') {
    process.exitCode = await adminCommand(rest, process.env, process.stdout, process.stderr);
    return;
  }
  if (command !== 'server') return fail(`unknown command '${command}' (see 'lode --help')`, 2);
  let config: ServerConfig;
  try {
    config = parseServerArgs(rest, process.env);
  } catch (err) {
    if (err instanceof ConfigError) return fail(err.message, 2);
    throw err;
  }
  await runPrimary(config);
}

function fail(message: string, exitCode: number): void {
  process.stderr.write(`lode: ${message}\n`);
  process.exitCode = exitCode;
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`lode: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
