// Entry point of the `lode` command.
import { main } from '../main.js';

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`lode: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
