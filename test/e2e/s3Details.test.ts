// S3 details real clients rely on, each checked with the client that relies
// on it: the JS SDK (which shows the wire values as they are) and the AWS CLI
// (botocore, which decodes some listing fields with encoding-type=url).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetBucketLifecycleConfigurationCommand,
  GetObjectCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { startServer, type RunningServer } from './harness.js';
import { sendSigned } from './rawRequest.js';
import { aws, awsEnv } from './tools.js';

describe('S3 details clients rely on', () => {
  let server: RunningServer;
  let s3: S3Client;
  let env: NodeJS.ProcessEnv;
  const Bucket = 'details';
  // Keys whose URL encoding differs from the key: a space, '+', '%', unicode.
  const keys = ['a b/c+d.txt', 'a b/e%f.txt', 'a b/sub dir/g.txt', 'a b/ü.txt', 'other.txt'];

  before(async () => {
    server = await startServer();
    s3 = server.client();
    env = await awsEnv();
    await s3.send(new CreateBucketCommand({ Bucket }));
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
  });
  after(async () => {
    s3?.destroy();
    await server?.dispose();
  });

  it('an Expect header other than 100-continue is ignored, as AWS does (no 417)', async () => {
    const client = server.client();
    // Added before signing, so the header is part of the signed request like any other.
    client.middlewareStack.add(
      (next) => async (args) => {
        (args.request as { headers: Record<string, string> }).headers['expect'] = 'something-else';
        return next(args);
      },
      { step: 'build', name: 'oddExpect' },
    );
    try {
      await client.send(new PutObjectCommand({ Bucket, Key: 'expect.txt', Body: 'expected' }));
      const got = await client.send(new GetObjectCommand({ Bucket, Key: 'expect.txt' }));
      assert.equal(await got.Body?.transformToString(), 'expected');
    } finally {
      client.destroy();
    }
    const raw = await sendSigned({ port: server.port, method: 'GET', path: `/${Bucket}/expect.txt`, headers: { expect: '200-ok' } });
    assert.equal(raw.status, 200);
    assert.equal(raw.body, 'expected');
  });

  it('ListObjects (v1) with encoding-type=url encodes keys, markers and common prefixes but echoes Prefix as sent', async () => {
    const page = await s3.send(
      new ListObjectsCommand({ Bucket, Prefix: 'a b/', Delimiter: '/', EncodingType: 'url', MaxKeys: 1, Marker: 'a b/c+d.txt' }),
    );
    assert.equal(page.Prefix, 'a b/', 'Prefix is not encoded (botocore does not decode it)');
    assert.equal(page.Marker, 'a%20b/c%2Bd.txt');
    assert.equal(page.EncodingType, 'url');
    assert.deepEqual(
      page.Contents?.map((c) => c.Key),
      ['a%20b/e%25f.txt'],
    );
    assert.equal(page.IsTruncated, true);
    assert.equal(page.NextMarker, 'a%20b/e%25f.txt');
    const rest = await s3.send(
      new ListObjectsCommand({ Bucket, Prefix: 'a b/', Delimiter: '/', EncodingType: 'url', Marker: 'a b/e%f.txt' }),
    );
    assert.deepEqual(
      rest.CommonPrefixes?.map((p) => p.Prefix),
      ['a%20b/sub%20dir/'],
    );
    assert.deepEqual(
      rest.Contents?.map((c) => c.Key),
      ['a%20b/%C3%BC.txt'],
    );
  });

  it('ListObjectsV2 and ListObjectVersions encode Prefix, StartAfter and KeyMarker with encoding-type=url, as AWS does', async () => {
    const v2 = await s3.send(
      new ListObjectsV2Command({ Bucket, Prefix: 'a b/', EncodingType: 'url', StartAfter: 'a b/c+d.txt', MaxKeys: 1 }),
    );
    assert.equal(v2.Prefix, 'a%20b/');
    assert.equal(v2.StartAfter, 'a%20b/c%2Bd.txt');
    assert.deepEqual(
      v2.Contents?.map((c) => c.Key),
      ['a%20b/e%25f.txt'],
    );
    const versions = await s3.send(
      new ListObjectVersionsCommand({ Bucket, Prefix: 'a b/', EncodingType: 'url', KeyMarker: 'a b/c+d.txt', MaxKeys: 1 }),
    );
    assert.equal(versions.Prefix, 'a%20b/');
    assert.equal(versions.KeyMarker, 'a%20b/c%2Bd.txt');
    assert.equal(versions.NextKeyMarker, 'a%20b/e%25f.txt');
    assert.deepEqual(
      versions.Versions?.map((v) => v.Key),
      ['a%20b/e%25f.txt'],
    );
  });

  it('the AWS CLI (which asks for encoding-type=url and decodes) reads every listing back exactly', async () => {
    const v1 = JSON.parse(
      (
        await aws(
          server,
          ['s3api', 'list-objects', '--bucket', Bucket, '--prefix', 'a b/', '--delimiter', '/', '--marker', 'a b/c+d.txt', '--no-paginate'],
          env,
        )
      ).stdout,
    ) as {
      Prefix: string;
      Marker: string;
      Contents: Array<{ Key: string }>;
      CommonPrefixes: Array<{ Prefix: string }>;
    };
    assert.equal(v1.Prefix, 'a b/');
    assert.equal(v1.Marker, 'a b/c+d.txt');
    assert.deepEqual(
      v1.Contents.map((c) => c.Key),
      ['a b/e%f.txt', 'a b/ü.txt'],
    );
    assert.deepEqual(
      v1.CommonPrefixes.map((p) => p.Prefix),
      ['a b/sub dir/'],
    );
    const paged = JSON.parse(
      (await aws(server, ['s3api', 'list-objects', '--bucket', Bucket, '--prefix', 'a b/', '--page-size', '1'], env)).stdout,
    ) as { Contents: Array<{ Key: string }> };
    assert.deepEqual(
      paged.Contents.map((c) => c.Key),
      keys.filter((k) => k.startsWith('a b/')).sort(),
    );
    const v2 = JSON.parse(
      (
        await aws(
          server,
          ['s3api', 'list-objects-v2', '--bucket', Bucket, '--prefix', 'a b/', '--start-after', 'a b/c+d.txt', '--no-paginate'],
          env,
        )
      ).stdout,
    ) as { Prefix: string; StartAfter: string; Contents: Array<{ Key: string }> };
    assert.equal(v2.Prefix, 'a b/');
    assert.equal(v2.StartAfter, 'a b/c+d.txt');
    assert.equal(v2.Contents[0]?.Key, 'a b/e%f.txt');
    const versions = JSON.parse(
      (
        await aws(
          server,
          ['s3api', 'list-object-versions', '--bucket', Bucket, '--prefix', 'a b/', '--key-marker', 'a b/c+d.txt', '--no-paginate'],
          env,
        )
      ).stdout,
    ) as { Prefix: string; KeyMarker: string; Versions: Array<{ Key: string }> };
    assert.equal(versions.Prefix, 'a b/');
    assert.equal(versions.KeyMarker, 'a b/c+d.txt');
    assert.equal(versions.Versions[0]?.Key, 'a b/e%f.txt');
  });

  it('an empty continuation-token is treated as absent (ListObjectsV2)', async () => {
    const page = await s3.send(new ListObjectsV2Command({ Bucket, ContinuationToken: '' }));
    assert.equal(page.ContinuationToken, undefined);
    assert.equal(page.KeyCount, keys.length + 1 /* expect.txt */);
    const raw = await sendSigned({
      port: server.port,
      method: 'GET',
      path: `/${Bucket}`,
      query: { 'list-type': '2', 'continuation-token': '', 'max-keys': '1' },
    });
    assert.equal(raw.status, 200, raw.body);
    assert.match(raw.body, /<Key>a b\/c\+d\.txt<\/Key>/);
    assert.doesNotMatch(raw.body, /<ContinuationToken>/);
    // A token that is not empty is still checked.
    const bad = await sendSigned({
      port: server.port,
      method: 'GET',
      path: `/${Bucket}`,
      query: { 'list-type': '2', 'continuation-token': 'bogus' },
    });
    assert.equal(bad.status, 400);
  });

  it('a lifecycle rule written with the legacy top-level Prefix is read back in that form', async () => {
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket,
        LifecycleConfiguration: {
          Rules: [
            { ID: 'legacy', Prefix: 'logs/', Status: 'Enabled', Expiration: { Days: 30 } },
            { ID: 'filtered', Filter: { Prefix: 'tmp/' }, Status: 'Enabled', Expiration: { Days: 1 } },
          ],
        },
      }),
    );
    const { Rules } = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }));
    const legacy = Rules?.find((r) => r.ID === 'legacy');
    assert.equal(legacy?.Prefix, 'logs/');
    assert.equal(legacy?.Filter, undefined);
    const filtered = Rules?.find((r) => r.ID === 'filtered');
    assert.deepEqual(filtered?.Filter, { Prefix: 'tmp/' });
    assert.equal(filtered?.Prefix, undefined);
    const cli = JSON.parse((await aws(server, ['s3api', 'get-bucket-lifecycle-configuration', '--bucket', Bucket], env)).stdout) as {
      Rules: Array<{ ID: string; Prefix?: string; Filter?: unknown }>;
    };
    assert.deepEqual(
      cli.Rules.find((r) => r.ID === 'legacy'),
      { ID: 'legacy', Prefix: 'logs/', Status: 'Enabled', Expiration: { Days: 30 } },
    );
  });

  it('CompleteMultipartUpload names no VersionId on a bucket never versioned, and names one on a versioned bucket', async () => {
    const complete = async (bucket: string): Promise<string | undefined> => {
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'mp' }));
      const part = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'mp', UploadId, PartNumber: 1, Body: 'one part' }));
      const done = await s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: 'mp',
          UploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
        }),
      );
      return done.VersionId;
    };
    assert.equal(await complete(Bucket), undefined);
    await s3.send(new CreateBucketCommand({ Bucket: 'details-versioned' }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'details-versioned', VersioningConfiguration: { Status: 'Enabled' } }));
    const versionId = await complete('details-versioned');
    assert.ok(versionId !== undefined && versionId !== 'null', `versioned bucket: ${String(versionId)}`);
  });
});
