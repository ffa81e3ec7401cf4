// The `lode` command itself: help, version, and clear errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer } from './harness.js';

const exec = promisify(execFile);
const BIN = resolve('bin/lode.js');

async function lode(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, timeout: 20_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('lode command', () => {
  it('prints help and version', async () => {
    const help = await lode(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /lode server \[options\] DIR/);
    const version = await lode(['--version']);
    assert.match(version.stdout, /^lode \d+\.\d+\.\d+/);
  });

  it('explains bad arguments', async () => {
    const none = await lode(['server']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /missing data directory/);
    const flag = await lode(['server', '--bogus', '/tmp/x']);
    assert.match(flag.stderr, /unknown option --bogus/);
    const workers = await lode(['server', '--workers', 'many', '/tmp/x']);
    assert.match(workers.stderr, /--workers must be a whole number/);
    const half = await lode(['server', '/tmp/x'], { LODE_ROOT_USER: 'someone' });
    assert.match(half.stderr, /set both the root user and the root password/);
  });

  it('refuses a data directory that is a file, or not writable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lode-cli-'));
    try {
      const file = join(dir, 'file');
      await writeFile(file, 'x');
      const res = await lode(['server', '--address', '127.0.0.1:0', file]);
      assert.equal(res.code, 1);
      assert.match(res.stderr, /not a directory/);
      const readOnly = join(dir, 'ro');
      await writeFile(join(dir, 'placeholder'), '');
      await exec('mkdir', [readOnly]);
      await chmod(readOnly, 0o500);
      if (process.getuid?.() !== 0) {
        const ro = await lode(['server', '--address', '127.0.0.1:0', readOnly]);
        assert.equal(ro.code, 1);
        assert.match(ro.stderr, /cannot use data directory/);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports a port in use and exits', async () => {
    const server = await startServer({ workers: 1 });
    const dir = await mkdtemp(join(tmpdir(), 'lode-cli-'));
    try {
      const res = await lode(['server', '--address', `127.0.0.1:${server.port}`, '--workers', '1', dir], {
        LODE_ROOT_USER: 'abcdef',
        LODE_ROOT_PASSWORD: 'abcdefghij',
      });
      assert.equal(res.code, 1);
      assert.match(res.stderr, /already in use/);
    } finally {
      await server.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('generates root credentials once, stores them with mode 0600 and reuses them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lode-cli-'));
    const env = { ...process.env };
    delete env['LODE_ROOT_USER'];
    delete env['LODE_ROOT_PASSWORD'];
    const startAndRead = async (until: RegExp): Promise<string> => {
      const child = spawn(process.execPath, [BIN, 'server', '--address', '127.0.0.1:0', '--workers', '1', dir], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      await new Promise<void>((r, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (until.test(out)) r();
        });
        child.once('exit', () => reject(new Error(`server exited:\n${out}`)));
      });
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      return out;
    };
    try {
      const first = await startAndRead(/Secret key: \S+/);
      const credentialsPath = join(dir, '.lode', 'root-credentials.json');
      const saved = JSON.parse(await readFile(credentialsPath, 'utf8')) as { accessKeyId: string; secretAccessKey: string };
      assert.ok(first.includes(`Access key: ${saved.accessKeyId}`));
      assert.ok(first.includes(`Secret key: ${saved.secretAccessKey}`));
      assert.equal((await stat(credentialsPath)).mode & 0o777, 0o600);
      const second = await startAndRead(/Root access key: \S+/);
      assert.ok(second.includes(`Root access key: ${saved.accessKeyId}`));
      assert.ok(!second.includes(saved.secretAccessKey), 'the secret is printed only once');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
