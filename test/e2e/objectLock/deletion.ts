// Object lock suite, part 3: what deleting a locked version meets: GOVERNANCE
// (yields to the bypass), COMPLIANCE (yields to nothing), legal holds, delete markers.
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  GetObjectLegalHoldCommand,
  GetObjectRetentionCommand,
  HeadObjectCommand,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  PutObjectRetentionCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { RunningServer } from '../harness.js';
import { expectS3Error } from '../expect.js';
import { errorCode, sendSigned } from '../rawRequest.js';
import { text } from '../versionTools.js';
import { daysAhead } from './suite.js';
import type { ObjectLockBench } from './suite.js';

/** Deleting locked versions, alone and in batches. */
export function deletionTests(bench: ObjectLockBench): void {
  const { lockBucket, putLocked, retention } = bench;
  let server: RunningServer;
  let s3: S3Client;
  before(() => ({ server, s3 } = bench.current()));

  it('deleting a GOVERNANCE-locked version is 403 AccessDenied, alone or in a batch, until the bypass header is sent', async () => {
    const Bucket = await lockBucket();
    const v = await putLocked(Bucket, 'gov-del', 'GOVERNANCE', daysAhead(3));
    await expectS3Error(s3.send(new DeleteObjectCommand({ Bucket, Key: 'gov-del', VersionId: v })), 'AccessDenied', 403);
    const batch = await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'gov-del', VersionId: v }] } }));
    assert.equal(batch.Deleted, undefined);
    assert.deepEqual(
      batch.Errors?.map((e) => [e.Key, e.VersionId, e.Code]),
      [['gov-del', v, 'AccessDenied']],
    );
    // Quiet mode hides successes, never failures.
    const quiet = await s3.send(
      new DeleteObjectsCommand({ Bucket, Delete: { Quiet: true, Objects: [{ Key: 'gov-del', VersionId: v }, { Key: 'never-there' }] } }),
    );
    assert.equal(quiet.Deleted, undefined);
    assert.deepEqual(
      quiet.Errors?.map((e) => [e.Key, e.Code]),
      [['gov-del', 'AccessDenied']],
    );
    assert.equal(await text(await s3.send(new GetObjectCommand({ Bucket, Key: 'gov-del', VersionId: v }))), 'gov-del body');

    const gone = await s3.send(new DeleteObjectCommand({ Bucket, Key: 'gov-del', VersionId: v, BypassGovernanceRetention: true }));
    assert.equal(gone.VersionId, v);
    await expectS3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'gov-del', VersionId: v })), 'NoSuchVersion', 404);

    const v2 = await putLocked(Bucket, 'gov-batch', 'GOVERNANCE', daysAhead(3));
    const bypassed = await s3.send(
      new DeleteObjectsCommand({ Bucket, BypassGovernanceRetention: true, Delete: { Objects: [{ Key: 'gov-batch', VersionId: v2 }] } }),
    );
    assert.deepEqual(
      bypassed.Deleted?.map((d) => [d.Key, d.VersionId]),
      [['gov-batch', v2]],
    );
    assert.equal(bypassed.Errors, undefined);
  });

  it('COMPLIANCE retention: no delete even with the bypass, never shortened, removed or turned into GOVERNANCE; only extended', async () => {
    const Bucket = await lockBucket();
    const until = daysAhead(3);
    const v = await putLocked(Bucket, 'comp', 'COMPLIANCE', until);
    await expectS3Error(s3.send(new DeleteObjectCommand({ Bucket, Key: 'comp', VersionId: v })), 'AccessDenied', 403);
    await expectS3Error(
      s3.send(new DeleteObjectCommand({ Bucket, Key: 'comp', VersionId: v, BypassGovernanceRetention: true })),
      'AccessDenied',
      403,
    );
    const batch = await s3.send(
      new DeleteObjectsCommand({ Bucket, BypassGovernanceRetention: true, Delete: { Objects: [{ Key: 'comp', VersionId: v }] } }),
    );
    assert.deepEqual(
      batch.Errors?.map((e) => e.Code),
      ['AccessDenied'],
    );
    for (const BypassGovernanceRetention of [false, true]) {
      await expectS3Error(
        s3.send(
          new PutObjectRetentionCommand({
            Bucket,
            Key: 'comp',
            VersionId: v,
            BypassGovernanceRetention,
            Retention: { Mode: 'COMPLIANCE', RetainUntilDate: daysAhead(2) },
          }),
        ),
        'AccessDenied',
        403,
        'shorten',
      );
      await expectS3Error(
        s3.send(
          new PutObjectRetentionCommand({
            Bucket,
            Key: 'comp',
            VersionId: v,
            BypassGovernanceRetention,
            Retention: { Mode: 'GOVERNANCE', RetainUntilDate: daysAhead(9) },
          }),
        ),
        'AccessDenied',
        403,
        'to GOVERNANCE',
      );
      await expectS3Error(
        s3.send(new PutObjectRetentionCommand({ Bucket, Key: 'comp', VersionId: v, BypassGovernanceRetention, Retention: {} })),
        'AccessDenied',
        403,
        'remove',
      );
    }
    assert.deepEqual(await retention(Bucket, 'comp', v), { mode: 'COMPLIANCE', until: until.getTime() });
    const longer = daysAhead(6);
    await s3.send(
      new PutObjectRetentionCommand({ Bucket, Key: 'comp', VersionId: v, Retention: { Mode: 'COMPLIANCE', RetainUntilDate: longer } }),
    );
    assert.deepEqual(await retention(Bucket, 'comp', v), { mode: 'COMPLIANCE', until: longer.getTime() });
    assert.equal(
      (await s3.send(new HeadObjectCommand({ Bucket, Key: 'comp', VersionId: v }))).ObjectLockRetainUntilDate?.getTime(),
      longer.getTime(),
    );
    assert.equal(await text(await s3.send(new GetObjectCommand({ Bucket, Key: 'comp', VersionId: v }))), 'comp body');
  });

  it('a legal hold blocks deletion, bypass or not, until it is turned OFF; OFF is then reported as OFF', async () => {
    const Bucket = await lockBucket();
    const v = (await s3.send(new PutObjectCommand({ Bucket, Key: 'hold', Body: 'hold body' }))).VersionId!;
    await expectS3Error(
      s3.send(new GetObjectLegalHoldCommand({ Bucket, Key: 'hold', VersionId: v })),
      'NoSuchObjectLockConfiguration',
      404,
    );
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket, Key: 'hold' }))).ObjectLockLegalHoldStatus, undefined);

    await s3.send(new PutObjectLegalHoldCommand({ Bucket, Key: 'hold', VersionId: v, LegalHold: { Status: 'ON' } }));
    assert.equal((await s3.send(new GetObjectLegalHoldCommand({ Bucket, Key: 'hold', VersionId: v }))).LegalHold?.Status, 'ON');
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket, Key: 'hold' }))).ObjectLockLegalHoldStatus, 'ON');
    await expectS3Error(s3.send(new DeleteObjectCommand({ Bucket, Key: 'hold', VersionId: v })), 'AccessDenied', 403);
    await expectS3Error(
      s3.send(new DeleteObjectCommand({ Bucket, Key: 'hold', VersionId: v, BypassGovernanceRetention: true })),
      'AccessDenied',
      403,
    );
    // A hold is not a retention: GetObjectRetention still has none to show.
    await expectS3Error(
      s3.send(new GetObjectRetentionCommand({ Bucket, Key: 'hold', VersionId: v })),
      'NoSuchObjectLockConfiguration',
      404,
    );

    await s3.send(new PutObjectLegalHoldCommand({ Bucket, Key: 'hold', LegalHold: { Status: 'OFF' } }));
    assert.equal((await s3.send(new GetObjectLegalHoldCommand({ Bucket, Key: 'hold', VersionId: v }))).LegalHold?.Status, 'OFF');
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket, Key: 'hold', VersionId: v }))).ObjectLockLegalHoldStatus, 'OFF');
    const bad = await sendSigned({
      port: server.port,
      method: 'PUT',
      path: `/${Bucket}/hold`,
      query: { 'legal-hold': '' },
      body: '<LegalHold><Status>abc</Status></LegalHold>',
    });
    assert.equal(bad.status, 400);
    assert.equal(errorCode(bad.body), 'MalformedXML');
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'hold', VersionId: v }));
    await expectS3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'hold', VersionId: v })), 'NoSuchVersion', 404);
  });

  it('a DELETE without a version id only stacks a delete marker: the locked version stays readable by id', async () => {
    const Bucket = await lockBucket();
    const v = await putLocked(Bucket, 'kept', 'COMPLIANCE', daysAhead(3));
    const del = await s3.send(new DeleteObjectCommand({ Bucket, Key: 'kept' }));
    assert.equal(del.DeleteMarker, true);
    assert.ok(del.VersionId);
    await expectS3Error(s3.send(new GetObjectCommand({ Bucket, Key: 'kept' })), 'NoSuchKey', 404);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'kept', VersionId: v }));
    assert.equal(got.ObjectLockMode, 'COMPLIANCE');
    assert.equal(await text(got), 'kept body');
    // The marker holds no lock of its own and goes like any other.
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'kept', VersionId: del.VersionId }));
    assert.equal(await text(await s3.send(new GetObjectCommand({ Bucket, Key: 'kept' }))), 'kept body');
  });
}
