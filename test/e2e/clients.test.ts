// Third-party S3 clients, unchanged but for endpoint and keys: boto3, rclone, s3cmd.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT_PASSWORD, ROOT_USER, startServer, type RunningServer } from './harness.js';
import { awsEnv, run } from './tools.js';

const MiB = 1024 * 1024;

async function pythonWithBoto3(): Promise<string> {
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      await run(python, ['-c', 'import boto3']);
      return python;
    } catch {
      // try the next one
    }
  }
  throw new Error('boto3 is not installed (.ci/run installs python3-boto3)');
}

describe('third-party clients', () => {
  let server: RunningServer;
  let work: string;
  before(async () => {
    server = await startServer();
    work = await mkdtemp(join(tmpdir(), 'lode-clients-'));
  });
  after(async () => {
    await server?.dispose();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it('boto3: buckets, objects, multipart, listing, batch delete, presigned URLs, checksums', async () => {
    const python = await pythonWithBoto3();
    const script = join(work, 'boto3_check.py');
    await writeFile(script, BOTO3_SCRIPT);
    const { stdout } = await run(python, [script, server.endpoint], await awsEnv());
    assert.match(stdout, /^boto3 OK/m);
  });

  it('rclone: copy a tree and a large file, check, list, delete', async () => {
    const src = join(work, 'rclone-src');
    for (let i = 0; i < 40; i++) {
      const dir = join(src, `d${i % 4}`, i % 2 ? 'é x' : 'plus+dir');
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, `f ${i}%.txt`), `rclone ${i}`);
    }
    await writeFile(join(src, 'large.bin'), randomBytes(12 * MiB));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      RCLONE_CONFIG_LODE_TYPE: 's3',
      RCLONE_CONFIG_LODE_PROVIDER: 'Other',
      RCLONE_CONFIG_LODE_ACCESS_KEY_ID: ROOT_USER,
      RCLONE_CONFIG_LODE_SECRET_ACCESS_KEY: ROOT_PASSWORD,
      RCLONE_CONFIG_LODE_ENDPOINT: server.endpoint,
      RCLONE_CONFIG_LODE_REGION: 'us-east-1',
      RCLONE_CONFIG_LODE_FORCE_PATH_STYLE: 'true',
      RCLONE_CONFIG: join(work, 'rclone.conf'),
    };
    // rclone refuses a custom CA bundle with a plain-HTTP endpoint; some
    // machines (this one) export one for every AWS tool.
    delete env['AWS_CA_BUNDLE'];
    const rclone = (...args: string[]): ReturnType<typeof run> =>
      run('rclone', ['--retries', '1', '--low-level-retries', '1', ...args], env);
    await rclone('mkdir', 'lode:rclone-bucket');
    await rclone('copy', '--s3-upload-cutoff', '5M', '--s3-chunk-size', '5M', src, 'lode:rclone-bucket/tree');
    await rclone('check', src, 'lode:rclone-bucket/tree');
    const listed = await rclone('lsf', '-R', '--files-only', 'lode:rclone-bucket/tree');
    assert.equal(listed.stdout.trim().split('\n').length, 41);
    const back = join(work, 'rclone-back');
    await rclone('copy', 'lode:rclone-bucket/tree', back);
    assert.ok((await readFile(join(back, 'large.bin'))).equals(await readFile(join(src, 'large.bin'))));
    await rclone('purge', 'lode:rclone-bucket');
    const buckets = await rclone('lsd', 'lode:');
    assert.doesNotMatch(buckets.stdout, /rclone-bucket/);
  });

  it('s3cmd: mb, put (single and multipart), ls, get, del, rb', async () => {
    const host = `127.0.0.1:${server.port}`;
    const config = join(work, 's3cfg');
    await writeFile(
      config,
      `[default]\naccess_key = ${ROOT_USER}\nsecret_key = ${ROOT_PASSWORD}\nhost_base = ${host}\nhost_bucket = ${host}\nuse_https = False\nsignature_v2 = False\nbucket_location = us-east-1\n`,
    );
    const s3cmd = (...args: string[]): ReturnType<typeof run> => run('s3cmd', ['-c', config, ...args]);
    const small = join(work, 's3cmd small.txt');
    const large = join(work, 's3cmd-large.bin');
    await writeFile(small, 's3cmd was here');
    await writeFile(large, randomBytes(11 * MiB));
    await s3cmd('mb', 's3://s3cmd-bucket');
    await s3cmd('put', small, 's3://s3cmd-bucket/dir/small.txt');
    await s3cmd('put', '--multipart-chunk-size-mb=5', large, 's3://s3cmd-bucket/large.bin');
    const ls = await s3cmd('ls', '-r', 's3://s3cmd-bucket');
    assert.match(ls.stdout, /dir\/small\.txt/);
    assert.match(ls.stdout, /large\.bin/);
    const back = join(work, 's3cmd-back.bin');
    await s3cmd('get', 's3://s3cmd-bucket/large.bin', back);
    assert.ok((await readFile(back)).equals(await readFile(large)));
    await s3cmd('del', '--recursive', '--force', 's3://s3cmd-bucket');
    await s3cmd('rb', 's3://s3cmd-bucket');
  });
});

const BOTO3_SCRIPT = String.raw`
import hashlib, io, sys, urllib.request
import boto3
from botocore.config import Config

endpoint = sys.argv[1]
s3 = boto3.client("s3", endpoint_url=endpoint, config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))
s3.create_bucket(Bucket="boto-bucket")
s3.put_object(Bucket="boto-bucket", Key="hello world+.txt", Body=b"hi boto", Metadata={"k": "v"})
got = s3.get_object(Bucket="boto-bucket", Key="hello world+.txt")
assert got["Body"].read() == b"hi boto"
assert got["Metadata"] == {"k": "v"}
head = s3.head_object(Bucket="boto-bucket", Key="hello world+.txt", ChecksumMode="ENABLED")
assert head["ContentLength"] == 7

# Multipart through s3transfer (default checksums on), 12 MiB in 5 MiB parts.
data = bytes(range(256)) * (12 * 4096)
from boto3.s3.transfer import TransferConfig
s3.upload_fileobj(io.BytesIO(data), "boto-bucket", "big.bin", Config=TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024))
out = io.BytesIO()
s3.download_fileobj("boto-bucket", "big.bin", out)
assert out.getvalue() == data
assert s3.head_object(Bucket="boto-bucket", Key="big.bin")["ETag"].endswith('-3"')

# Listing with a paginator.
for i in range(25):
    s3.put_object(Bucket="boto-bucket", Key=f"many/{i:03d}", Body=str(i).encode())
keys = []
for page in s3.get_paginator("list_objects_v2").paginate(Bucket="boto-bucket", Prefix="many/", PaginationConfig={"PageSize": 10}):
    keys += [o["Key"] for o in page.get("Contents", [])]
assert keys == [f"many/{i:03d}" for i in range(25)], keys

# Range and conditional reads.
assert s3.get_object(Bucket="boto-bucket", Key="big.bin", Range="bytes=0-3")["Body"].read() == data[:4]

# Presigned URLs.
url = s3.generate_presigned_url("get_object", Params={"Bucket": "boto-bucket", "Key": "hello world+.txt"}, ExpiresIn=60)
assert urllib.request.urlopen(url).read() == b"hi boto"

# Batch delete.
res = s3.delete_objects(Bucket="boto-bucket", Delete={"Objects": [{"Key": k} for k in keys]})
assert len(res["Deleted"]) == 25
print("boto3 OK")
`;
