// Runs measureMillionKeys in its own process (so a million puts' worth of
// heap and an LMDB environment never sit in the load generator) and prints
// the result as one JSON line: node dist-test/bench/load/millionKeysChild.js COUNT
import { measureMillionKeys } from './millionKeys.js';

const count = Number(process.argv[2] ?? 1_000_000);
if (!Number.isInteger(count) || count < 1000) throw new Error(`COUNT must be an integer of at least 1000, not ${process.argv[2] ?? ''}`);
process.stdout.write(`${JSON.stringify(await measureMillionKeys(count))}\n`);
