// The scanner tidying up (lone delete markers, stale multipart uploads), and
// never expiring a version under object lock: on one drive, and on a 4-drive
// erasure-coded node with a legal hold.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  PutBucketLifecycleConfigurationCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { startServer, type RunningServer } from '../harness.js';
import { expectS3Error } from '../expect.js';
import { COMPRESSED_TIME, freshConnectionClient, until, versionsOf, readBody, putVersion, passReports, lifecycleBench } from './fixture.js';

describe('bucket lifecycle', () => {
  const bench = lifecycleBench();
  const { cli, createBucket, putRules } = bench;
  let server: RunningServer;
  let s3: S3Client;
  let errs: S3Client;
  before(() => ({ server, s3, errs } = bench.current()));

  describe('rules fire in compressed time', () => {
    it('removes a delete marker once it is the only version left (ExpiredObjectDeleteMarker), never one with versions under it', async () => {
      const Bucket = 'lc-markers';
      await createBucket(Bucket, true);
      await putRules(Bucket, [
        {
          ID: 'tidy',
          Status: 'Enabled',
          Filter: { Prefix: 'dm/' },
          Expiration: { ExpiredObjectDeleteMarker: true },
          NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        },
        { ID: 'markers-only', Status: 'Enabled', Filter: { Prefix: 'hold/' }, Expiration: { ExpiredObjectDeleteMarker: true } },
      ]);
      // dm/a: a version, then a marker; the version expires as noncurrent, then the lone marker goes.
      await putVersion(s3, { Bucket, Key: 'dm/a', Body: 'a' });
      await s3.send(new DeleteObjectCommand({ Bucket, Key: 'dm/a' }));
      // dm/lone: a marker with nothing under it from the start.
      const lone = await s3.send(new DeleteObjectCommand({ Bucket, Key: 'dm/lone' }));
      assert.equal(lone.DeleteMarker, true);
      // hold/b: the marker has a version under it that no rule expires: both stay.
      const held = await putVersion(s3, { Bucket, Key: 'hold/b', Body: 'b' });
      await s3.send(new DeleteObjectCommand({ Bucket, Key: 'hold/b' }));
      // A current version under the tidy rule is not expired by ExpiredObjectDeleteMarker.
      const current = await putVersion(s3, { Bucket, Key: 'dm/current', Body: 'c' });

      await until(
        'dm/a and dm/lone leave no version or marker',
        async () => {
          const keys = new Set((await versionsOf(s3, Bucket, 'dm/')).map((r) => r.key));
          return keys.has('dm/a') || keys.has('dm/lone') ? undefined : true;
        },
        () => versionsOf(s3, Bucket, ''),
      );
      assert.deepEqual(
        (await versionsOf(s3, Bucket, 'dm/')).map((r) => r.versionId),
        [current],
      );
      const hold = await versionsOf(s3, Bucket, 'hold/');
      assert.deepEqual(
        hold.map((r) => [r.marker, r.latest]),
        [
          [true, true],
          [false, false],
        ],
        'a marker with a version under it is not expired',
      );
      assert.equal(hold[1]!.versionId, held);
    });

    it('aborts stale multipart uploads under the prefix; ListMultipartUploads is then empty there', async () => {
      const Bucket = 'lc-uploads';
      await createBucket(Bucket);
      // Two rules, so that the scanner walks every upload and each rule's prefix must select its own.
      await putRules(Bucket, [
        { ID: 'stale-uploads', Status: 'Enabled', Filter: { Prefix: 'mp/' }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
        { ID: 'patient', Status: 'Enabled', Filter: { Prefix: 'keep/' }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 100_000 } },
      ]);
      const start = async (Key: string): Promise<string> => {
        const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
        await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: randomBytes(64 * 1024) }));
        return UploadId!;
      };
      const kept = await start('keep/checkpoint'); // first: due first, and listed first
      const stale = [await start('mp/checkpoint-1'), await start('mp/checkpoint-2')];
      const uploads = async (Prefix: string): Promise<string[]> =>
        ((await s3.send(new ListMultipartUploadsCommand({ Bucket, Prefix }))).Uploads ?? []).map((u) => u.UploadId!);
      assert.deepEqual(new Set(await uploads('mp/')), new Set(stale));

      await until(
        'the stale uploads are aborted',
        async () => ((await uploads('mp/')).length === 0 ? true : undefined),
        () => uploads(''),
      );
      await expectS3Error(
        errs.send(new UploadPartCommand({ Bucket, Key: 'mp/checkpoint-1', UploadId: stale[0], PartNumber: 2, Body: 'late' })),
        'NoSuchUpload',
        404,
      );
      assert.deepEqual(await uploads(''), [kept], 'the upload outside the prefix is left alone');
      const listed = (await cli(['list-multipart-uploads', '--bucket', Bucket])) as { Uploads?: Array<{ Key: string; UploadId: string }> };
      assert.deepEqual(
        listed.Uploads?.map((u) => [u.Key, u.UploadId]),
        [['keep/checkpoint', kept]],
      );
    });
  });

  describe('object lock', () => {
    it('never expires a version under COMPLIANCE retention or legal hold, over several passes', async () => {
      const Bucket = 'lc-locked';
      await s3.send(new CreateBucketCommand({ Bucket, ObjectLockEnabledForBucket: true }));
      await putRules(Bucket, [
        { ID: 'everything', Status: 'Enabled', Filter: {}, Expiration: { Days: 1 }, NoncurrentVersionExpiration: { NoncurrentDays: 1 } },
      ]);
      const retained = randomBytes(200_000);
      const held = Buffer.from('held by a legal hold');
      const retainedId = await putVersion(s3, {
        Bucket,
        Key: 'lk/retained',
        Body: retained,
        ObjectLockMode: 'COMPLIANCE',
        ObjectLockRetainUntilDate: new Date(Date.now() + 3 * 86_400_000),
      });
      const heldId = await putVersion(s3, { Bucket, Key: 'lk/held', Body: held, ObjectLockLegalHoldStatus: 'ON' });
      // Newer versions make the locked ones noncurrent.
      await putVersion(s3, { Bucket, Key: 'lk/retained', Body: 'newer' });
      await putVersion(s3, { Bucket, Key: 'lk/held', Body: 'newer' });
      // The control: same rule, no lock, so it must disappear entirely.
      await putVersion(s3, { Bucket, Key: 'lk/plain', Body: 'plain 1' });
      await putVersion(s3, { Bucket, Key: 'lk/plain', Body: 'plain 2' });
      const lockedPasses = (): number => passReports(server).filter((r) => (r['locked'] ?? 0) > 0).length;
      const baseline = lockedPasses();

      // Current versions get delete markers, noncurrent versions expire, the lone marker goes: three passes at least.
      await until(
        'the unlocked control leaves no trace',
        async () => ((await versionsOf(s3, Bucket, 'lk/plain')).length === 0 ? true : undefined),
        () => versionsOf(s3, Bucket, ''),
      );
      // And then a few more passes that found the locked versions due and left them alone.
      await until(
        'three more passes meet the locked versions',
        async () => (lockedPasses() >= baseline + 3 ? true : undefined),
        async () => passReports(server).slice(-3),
      );

      for (const [key, id, body] of [
        ['lk/retained', retainedId, retained],
        ['lk/held', heldId, held],
      ] as const) {
        const rows = await versionsOf(s3, Bucket, key);
        assert.deepEqual(
          rows.map((r) => r.versionId).filter((v) => v === id),
          [id],
          `${key}: the locked version is listed`,
        );
        assert.ok((await readBody(s3, Bucket, key, id)).equals(body), `${key}: the locked version reads back intact`);
        // Its unlocked newer version expired (a marker on top of the locked one, which keeps the key's history).
        assert.equal(rows.filter((r) => !r.marker).length, 1, `${key}: only the locked version is left of its data`);
        assert.equal(rows[0]!.marker, true, `${key}: the current version expired into a delete marker`);
      }
      assert.doesNotMatch(server.output(), /lifecycle: action failed|lifecycle pass failed/);
    });
  });
});

describe('bucket lifecycle on a 4-drive erasure-coded node', () => {
  let root: string | undefined;
  let server: RunningServer;
  let s3: S3Client;
  let errs: S3Client;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'lode-lc-ec-'));
    server = await startServer({ dataDir: join(root, 'disk{1...4}'), extraArgs: COMPRESSED_TIME });
    s3 = server.client();
    errs = freshConnectionClient(server);
  });
  after(async () => {
    s3?.destroy();
    errs?.destroy();
    await server?.stop();
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });

  it('expires noncurrent versions beyond NewerNoncurrentVersions, but not one under legal hold', async () => {
    assert.match(server.output(), /4 drives in 1 erasure set/);
    const Bucket = 'lc-ec';
    await s3.send(new CreateBucketCommand({ Bucket, ObjectLockEnabledForBucket: true }));
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket,
        LifecycleConfiguration: {
          Rules: [
            {
              ID: 'keep-one',
              Status: 'Enabled',
              Filter: { Prefix: 'ds/' },
              NoncurrentVersionExpiration: { NoncurrentDays: 1, NewerNoncurrentVersions: 1 },
            },
          ],
        },
      }),
    );
    const bodies = [randomBytes(400_000), randomBytes(300_000), randomBytes(1000), randomBytes(500_000)] as const;
    const v1 = await putVersion(s3, { Bucket, Key: 'ds/shard', Body: bodies[0], ObjectLockLegalHoldStatus: 'ON' });
    const v2 = await putVersion(s3, { Bucket, Key: 'ds/shard', Body: bodies[1] });
    const v3 = await putVersion(s3, { Bucket, Key: 'ds/shard', Body: bodies[2] });
    const v4 = await putVersion(s3, { Bucket, Key: 'ds/shard', Body: bodies[3] });
    const lockedPasses = (): number => passReports(server).filter((r) => (r['locked'] ?? 0) > 0).length;

    // v2 goes; v3 is the one newer noncurrent version kept; v1 is due but held. The pass that
    // reported the held version had already gone past v2 and v3.
    await until(
      'v2 expires and a pass meets the held v1',
      async () => {
        const ids = (await versionsOf(s3, Bucket, 'ds/')).map((r) => r.versionId);
        return !ids.includes(v2) && lockedPasses() >= 1 ? ids : undefined;
      },
      () => versionsOf(s3, Bucket, ''),
    );
    assert.deepEqual(
      (await versionsOf(s3, Bucket, 'ds/')).map((r) => r.versionId),
      [v4, v3, v1],
    );
    for (const [id, body] of [
      [v1, bodies[0]],
      [v3, bodies[2]],
      [v4, bodies[3]],
    ] as const) {
      assert.ok((await readBody(s3, Bucket, 'ds/shard', id)).equals(body), `version ${id} reads back intact`);
    }
    await expectS3Error(errs.send(new GetObjectCommand({ Bucket, Key: 'ds/shard', VersionId: v2 })), 'NoSuchVersion', 404);
    assert.doesNotMatch(server.output(), /lifecycle: action failed|lifecycle pass failed/);
  });
});
