// Sections measured in a child process of their own, so their memory and CPU
// never mix with the load generator's: the erasure codec figures
// (dist-test/bench/codec.js) and the million-key listing (millionKeysChild.js).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { MillionKeysResult } from './millionKeys.js';

function runNode(script: URL, args: readonly string[], limitMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else
        reject(
          new Error(
            `${fileURLToPath(script)} ${signal !== null ? `killed (${signal}, limit ${limitMs / 1000} s)` : `exited with ${String(code)}`}: ${err.trim().slice(-400)}`,
          ),
        );
    });
  });
}

/** The Markdown table bench/codec.ts prints (GB/s per core of data bytes). */
export async function codecFigures(quick: boolean): Promise<string> {
  const out = await runNode(new URL('../codec.js', import.meta.url), quick ? ['4+4'] : ['4+4', '8+4', '12+4'], 300_000);
  return out.trim();
}

export async function millionKeys(count: number): Promise<MillionKeysResult> {
  const out = await runNode(new URL('./millionKeysChild.js', import.meta.url), [String(count)], 900_000);
  const line = out.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as MillionKeysResult;
}
