// The AWS CLI, as a user would run it against Lode.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from './harness.js';
import { aws, awsEnv } from './tools.js';

describe('AWS CLI', () => {
  let server: RunningServer;
  let work: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    server = await startServer();
    work = await mkdtemp(join(tmpdir(), 'lode-cli-'));
    env = await awsEnv();
  });
  after(async () => {
    await server?.dispose();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it('mb, cp (single and multipart), ls, head-object, rm, rb', async () => {
    await aws(server, ['s3', 'mb', 's3://cli-bucket'], env);
    const small = join(work, 'small.txt');
    const large = join(work, 'large.bin');
    await writeFile(small, 'hello from the cli\n');
    const largeBody = randomBytes(20 * 1024 * 1024 + 7);
    await writeFile(large, largeBody);
    await aws(server, ['s3', 'cp', small, 's3://cli-bucket/docs/small.txt'], env);
    await aws(server, ['s3', 'cp', large, 's3://cli-bucket/blobs/large.bin'], env);
    const ls = await aws(server, ['s3', 'ls', 's3://cli-bucket/', '--recursive'], env);
    assert.match(ls.stdout, /docs\/small\.txt/);
    assert.match(ls.stdout, /blobs\/large\.bin/);
    const head = JSON.parse(
      (await aws(server, ['s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'blobs/large.bin'], env)).stdout,
    ) as { ContentLength: number; ETag: string };
    assert.equal(head.ContentLength, largeBody.length);
    assert.match(head.ETag, /-\d+"$/, 'multipart ETag');
    const back = join(work, 'large.back');
    await aws(server, ['s3', 'cp', 's3://cli-bucket/blobs/large.bin', back], env);
    assert.ok((await readFile(back)).equals(largeBody));
    await aws(server, ['s3', 'rm', 's3://cli-bucket', '--recursive'], env);
    await aws(server, ['s3', 'rb', 's3://cli-bucket'], env);
    const buckets = await aws(server, ['s3', 'ls'], env);
    assert.doesNotMatch(buckets.stdout, /cli-bucket/);
  });

  it('syncs a tree of files with odd names both ways', async () => {
    const src = join(work, 'tree');
    const names: string[] = [];
    for (let i = 0; i < 120; i++) {
      const dir = join(src, `dir ${i % 7}`, i % 2 === 0 ? 'sub+dir' : 'ünï');
      await mkdir(dir, { recursive: true });
      const name = `file ${i} +%&=;$[x]#.txt`;
      await writeFile(join(dir, name), `content ${i}`);
      names.push(name);
    }
    await aws(server, ['s3', 'mb', 's3://sync-bucket'], env);
    await aws(server, ['s3', 'sync', src, 's3://sync-bucket/tree'], env);
    // A second sync finds nothing to do: sizes and times match.
    const again = await aws(server, ['s3', 'sync', src, 's3://sync-bucket/tree'], env);
    assert.equal(again.stdout.trim(), '');
    const dst = join(work, 'tree-back');
    await aws(server, ['s3', 'sync', 's3://sync-bucket/tree', dst], env);
    let count = 0;
    for (const d of await readdir(dst)) {
      for (const sub of await readdir(join(dst, d))) {
        for (const f of await readdir(join(dst, d, sub))) {
          const i = Number(/file (\d+) /.exec(f)?.[1]);
          assert.equal(await readFile(join(dst, d, sub, f), 'utf8'), `content ${i}`);
          count++;
        }
      }
    }
    assert.equal(count, names.length);
  });
});
