// Object lock suite, part 4: lock settings a bucket without object lock refuses,
// and malformed lock settings (past dates, half a lock, bad documents).
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
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
import { DAY_MS, daysAhead } from './suite.js';
import type { ObjectLockBench } from './suite.js';

/** Lock settings refused with S3's codes, nothing stored. */
export function refusalTests(bench: ObjectLockBench): void {
  const { lockBucket, plainBucket } = bench;
  let server: RunningServer;
  let s3: S3Client;
  before(() => ({ server, s3 } = bench.current()));

  it('lock settings on a bucket without object lock are 400 InvalidRequest, and nothing is stored', async () => {
    const Bucket = await plainBucket();
    await expectS3Error(
      s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'x', ObjectLockMode: 'GOVERNANCE', ObjectLockRetainUntilDate: daysAhead(3) })),
      'InvalidRequest',
      400,
    );
    await expectS3Error(
      s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'x', ObjectLockLegalHoldStatus: 'ON' })),
      'InvalidRequest',
      400,
    );
    await expectS3Error(
      s3.send(
        new CreateMultipartUploadCommand({ Bucket, Key: 'k', ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: daysAhead(3) }),
      ),
      'InvalidRequest',
      400,
    );
    await expectS3Error(s3.send(new HeadObjectCommand({ Bucket, Key: 'k' })), 'NotFound', 404);
    await s3.send(new PutObjectCommand({ Bucket, Key: 'src', Body: 'x' }));
    await expectS3Error(
      s3.send(
        new CopyObjectCommand({
          Bucket,
          Key: 'k',
          CopySource: `${Bucket}/src`,
          ObjectLockMode: 'GOVERNANCE',
          ObjectLockRetainUntilDate: daysAhead(3),
        }),
      ),
      'InvalidRequest',
      400,
    );
    await expectS3Error(s3.send(new HeadObjectCommand({ Bucket, Key: 'k' })), 'NotFound', 404);
    // The per-version operations say the same.
    await expectS3Error(
      s3.send(new PutObjectRetentionCommand({ Bucket, Key: 'src', Retention: { Mode: 'GOVERNANCE', RetainUntilDate: daysAhead(3) } })),
      'InvalidRequest',
      400,
    );
    await expectS3Error(s3.send(new GetObjectRetentionCommand({ Bucket, Key: 'src' })), 'InvalidRequest', 400);
    await expectS3Error(s3.send(new PutObjectLegalHoldCommand({ Bucket, Key: 'src', LegalHold: { Status: 'ON' } })), 'InvalidRequest', 400);
    await expectS3Error(s3.send(new GetObjectLegalHoldCommand({ Bucket, Key: 'src' })), 'InvalidRequest', 400);
  });

  it('a retain-until date in the past, or half a lock, is 400 InvalidArgument; a bad Retention document is MalformedXML', async () => {
    const Bucket = await lockBucket();
    const past = new Date(Date.now() - DAY_MS);
    await expectS3Error(
      s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'x', ObjectLockMode: 'GOVERNANCE', ObjectLockRetainUntilDate: past })),
      'InvalidArgument',
      400,
    );
    await expectS3Error(
      s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'x', ObjectLockMode: 'GOVERNANCE' })),
      'InvalidArgument',
      400,
    );
    await expectS3Error(
      s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'x', ObjectLockRetainUntilDate: daysAhead(3) })),
      'InvalidArgument',
      400,
    );
    await expectS3Error(s3.send(new HeadObjectCommand({ Bucket, Key: 'k' })), 'NotFound', 404);
    const raw = await sendSigned({
      port: server.port,
      method: 'PUT',
      path: `/${Bucket}/k`,
      body: 'x',
      headers: { 'x-amz-object-lock-mode': 'FOREVER', 'x-amz-object-lock-retain-until-date': daysAhead(3).toISOString() },
    });
    assert.equal(raw.status, 400);
    assert.equal(errorCode(raw.body), 'InvalidArgument');

    const v = (await s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: 'x' }))).VersionId!;
    await expectS3Error(
      s3.send(new PutObjectRetentionCommand({ Bucket, Key: 'k', VersionId: v, Retention: { Mode: 'GOVERNANCE', RetainUntilDate: past } })),
      'InvalidArgument',
      400,
    );
    for (const body of [
      '<Retention><Mode>FOREVER</Mode><RetainUntilDate>2099-01-01T00:00:00Z</RetainUntilDate></Retention>',
      '<Retention><Mode>GOVERNANCE</Mode></Retention>',
      '<Retention><Mode>GOVERNANCE</Mode><RetainUntilDate>soon</RetainUntilDate></Retention>',
    ]) {
      const res = await sendSigned({
        port: server.port,
        method: 'PUT',
        path: `/${Bucket}/k`,
        query: { retention: '', versionId: v },
        body,
      });
      assert.equal(res.status, 400, body);
      assert.equal(errorCode(res.body), 'MalformedXML', body);
    }
    await expectS3Error(s3.send(new GetObjectRetentionCommand({ Bucket, Key: 'k', VersionId: v })), 'NoSuchObjectLockConfiguration', 404);
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'k', VersionId: v }));
  });
}
