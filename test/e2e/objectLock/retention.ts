// Object lock suite, part 2: lock settings on PutObject, CreateMultipartUpload and
// CopyObject, and GOVERNANCE retention changed with and without the bypass header.
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectLegalHoldCommand,
  GetObjectRetentionCommand,
  HeadObjectCommand,
  PutObjectCommand,
  PutObjectRetentionCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { RunningServer } from '../harness.js';
import { expectS3Error } from '../expect.js';
import { sendSigned } from '../rawRequest.js';
import { text } from '../versionTools.js';
import { daysAhead } from './suite.js';
import type { ObjectLockBench } from './suite.js';

/** Lock settings on writes, and changing GOVERNANCE retention. */
export function retentionTests(bench: ObjectLockBench): void {
  const { lockBucket, putLocked, retention } = bench;
  let server: RunningServer;
  let s3: S3Client;
  before(() => ({ server, s3 } = bench.current()));

  it('PutObject, CreateMultipartUpload and CopyObject take mode, retain-until date and legal hold; GET and HEAD report them', async () => {
    const Bucket = await lockBucket();
    const until = daysAhead(3);
    const put = await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'held',
        Body: 'held body',
        ObjectLockMode: 'GOVERNANCE',
        ObjectLockRetainUntilDate: until,
        ObjectLockLegalHoldStatus: 'ON',
      }),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'held' }));
    assert.equal(head.ObjectLockMode, 'GOVERNANCE');
    assert.equal(head.ObjectLockRetainUntilDate?.getTime(), until.getTime());
    assert.equal(head.ObjectLockLegalHoldStatus, 'ON');
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'held', VersionId: put.VersionId! }));
    assert.equal(got.ObjectLockMode, 'GOVERNANCE');
    assert.equal(got.ObjectLockRetainUntilDate?.getTime(), until.getTime());
    assert.equal(got.ObjectLockLegalHoldStatus, 'ON');
    assert.equal(await text(got), 'held body');
    const raw = await sendSigned({ port: server.port, method: 'HEAD', path: `/${Bucket}/held` });
    assert.equal(raw.headers['x-amz-object-lock-mode'], 'GOVERNANCE');
    assert.match(String(raw.headers['x-amz-object-lock-retain-until-date']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.equal(new Date(String(raw.headers['x-amz-object-lock-retain-until-date'])).getTime(), until.getTime());
    assert.equal(raw.headers['x-amz-object-lock-legal-hold'], 'ON');
    assert.equal((await s3.send(new GetObjectLegalHoldCommand({ Bucket, Key: 'held' }))).LegalHold?.Status, 'ON');

    // Multipart: the settings of CreateMultipartUpload land on the completed version.
    const mpuUntil = daysAhead(4);
    const upload = await s3.send(
      new CreateMultipartUploadCommand({
        Bucket,
        Key: 'mpu',
        ObjectLockMode: 'GOVERNANCE',
        ObjectLockRetainUntilDate: mpuUntil,
        ObjectLockLegalHoldStatus: 'ON',
      }),
    );
    const part = await s3.send(new UploadPartCommand({ Bucket, Key: 'mpu', UploadId: upload.UploadId!, PartNumber: 1, Body: 'parts' }));
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: 'mpu',
        UploadId: upload.UploadId!,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag! }] },
      }),
    );
    const mpuHead = await s3.send(new HeadObjectCommand({ Bucket, Key: 'mpu', VersionId: done.VersionId! }));
    assert.equal(mpuHead.ObjectLockMode, 'GOVERNANCE');
    assert.equal(mpuHead.ObjectLockRetainUntilDate?.getTime(), mpuUntil.getTime());
    assert.equal(mpuHead.ObjectLockLegalHoldStatus, 'ON');
    await expectS3Error(
      s3.send(new DeleteObjectCommand({ Bucket, Key: 'mpu', VersionId: done.VersionId!, BypassGovernanceRetention: true })),
      'AccessDenied',
      403,
    );

    // CopyObject: the copy takes the lock the request asks for, never the source's.
    const copyUntil = daysAhead(6);
    const copied = await s3.send(
      new CopyObjectCommand({
        Bucket,
        Key: 'copy-locked',
        CopySource: `${Bucket}/held`,
        ObjectLockMode: 'GOVERNANCE',
        ObjectLockRetainUntilDate: copyUntil,
        ObjectLockLegalHoldStatus: 'ON',
      }),
    );
    const copyHead = await s3.send(new HeadObjectCommand({ Bucket, Key: 'copy-locked', VersionId: copied.VersionId! }));
    assert.equal(copyHead.ObjectLockMode, 'GOVERNANCE');
    assert.equal(copyHead.ObjectLockRetainUntilDate?.getTime(), copyUntil.getTime());
    assert.equal(copyHead.ObjectLockLegalHoldStatus, 'ON');
    const plainCopy = await s3.send(new CopyObjectCommand({ Bucket, Key: 'copy-plain', CopySource: `${Bucket}/held` }));
    const plainHead = await s3.send(new HeadObjectCommand({ Bucket, Key: 'copy-plain' }));
    assert.equal(plainHead.ObjectLockMode, undefined);
    assert.equal(plainHead.ObjectLockRetainUntilDate, undefined);
    assert.equal(plainHead.ObjectLockLegalHoldStatus, undefined);
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'copy-plain', VersionId: plainCopy.VersionId! }));
  });

  it('GOVERNANCE retention: extended by anyone, shortened or removed only with x-amz-bypass-governance-retention', async () => {
    const Bucket = await lockBucket();
    const v = await putLocked(Bucket, 'gov', 'GOVERNANCE', daysAhead(3));
    const longer = daysAhead(5);
    await s3.send(
      new PutObjectRetentionCommand({ Bucket, Key: 'gov', VersionId: v, Retention: { Mode: 'GOVERNANCE', RetainUntilDate: longer } }),
    );
    assert.deepEqual(await retention(Bucket, 'gov', v), { mode: 'GOVERNANCE', until: longer.getTime() });

    const shorter = daysAhead(4);
    await expectS3Error(
      s3.send(
        new PutObjectRetentionCommand({ Bucket, Key: 'gov', VersionId: v, Retention: { Mode: 'GOVERNANCE', RetainUntilDate: shorter } }),
      ),
      'AccessDenied',
      403,
    );
    assert.deepEqual(await retention(Bucket, 'gov', v), { mode: 'GOVERNANCE', until: longer.getTime() });
    // Without a VersionId the request acts on the current version (the same one here).
    await s3.send(
      new PutObjectRetentionCommand({
        Bucket,
        Key: 'gov',
        Retention: { Mode: 'GOVERNANCE', RetainUntilDate: shorter },
        BypassGovernanceRetention: true,
      }),
    );
    assert.deepEqual(await retention(Bucket, 'gov', v), { mode: 'GOVERNANCE', until: shorter.getTime() });

    // An empty Retention removes it: refused without the bypass, done with it.
    await expectS3Error(s3.send(new PutObjectRetentionCommand({ Bucket, Key: 'gov', VersionId: v, Retention: {} })), 'AccessDenied', 403);
    await s3.send(new PutObjectRetentionCommand({ Bucket, Key: 'gov', VersionId: v, Retention: {}, BypassGovernanceRetention: true }));
    await expectS3Error(s3.send(new GetObjectRetentionCommand({ Bucket, Key: 'gov', VersionId: v })), 'NoSuchObjectLockConfiguration', 404);
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket, Key: 'gov', VersionId: v }))).ObjectLockMode, undefined);
    // Nothing holds it any more.
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'gov', VersionId: v }));
    await expectS3Error(s3.send(new HeadObjectCommand({ Bucket, Key: 'gov', VersionId: v })), '*', 404);
  });

  it('GOVERNANCE becomes COMPLIANCE only with the bypass header, as S3 (and s3-tests) answer', async () => {
    const Bucket = await lockBucket();
    const until = daysAhead(3);
    const v = await putLocked(Bucket, 'upgrade', 'GOVERNANCE', until);
    await expectS3Error(
      s3.send(
        new PutObjectRetentionCommand({
          Bucket,
          Key: 'upgrade',
          VersionId: v,
          Retention: { Mode: 'COMPLIANCE', RetainUntilDate: until },
        }),
      ),
      'AccessDenied',
      403,
    );
    assert.deepEqual(await retention(Bucket, 'upgrade', v), { mode: 'GOVERNANCE', until: until.getTime() });
  });

  it('GOVERNANCE becomes COMPLIANCE with the bypass header', async () => {
    const Bucket = await lockBucket();
    const until = daysAhead(3);
    const v = await putLocked(Bucket, 'upgrade', 'GOVERNANCE', until);
    await s3.send(
      new PutObjectRetentionCommand({
        Bucket,
        Key: 'upgrade',
        VersionId: v,
        Retention: { Mode: 'COMPLIANCE', RetainUntilDate: until },
        BypassGovernanceRetention: true,
      }),
    );
    assert.deepEqual(await retention(Bucket, 'upgrade', v), { mode: 'COMPLIANCE', until: until.getTime() });
    await expectS3Error(
      s3.send(new DeleteObjectCommand({ Bucket, Key: 'upgrade', VersionId: v, BypassGovernanceRetention: true })),
      'AccessDenied',
      403,
    );
  });
}
