// Object lock suite, part 1: buckets created with object lock, and default
// retention rules (round-tripped, applied to new versions, refused when bad).
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteObjectCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetObjectRetentionCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLockConfigurationCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { RunningServer } from '../harness.js';
import { expectS3Error } from '../expect.js';
import { errorCode, sendSigned } from '../rawRequest.js';
import { DAY_MS, daysAhead } from './suite.js';
import type { ObjectLockBench } from './suite.js';

/** Object lock on buckets and their default retention. */
export function bucketConfigurationTests(bench: ObjectLockBench): void {
  const { lockBucket, plainBucket, putLocked, retention } = bench;
  let server: RunningServer;
  let s3: S3Client;
  before(() => ({ server, s3 } = bench.current()));

  it('a bucket created with object lock has versioning Enabled for good; a plain bucket has no lock configuration', async () => {
    const Bucket = await lockBucket();
    assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status, 'Enabled');
    await expectS3Error(
      s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Suspended' } })),
      'InvalidBucketState',
      409,
    );
    assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status, 'Enabled');
    const config = await s3.send(new GetObjectLockConfigurationCommand({ Bucket }));
    assert.deepEqual(config.ObjectLockConfiguration, { ObjectLockEnabled: 'Enabled' });

    const plain = await plainBucket();
    await expectS3Error(s3.send(new GetObjectLockConfigurationCommand({ Bucket: plain })), 'ObjectLockConfigurationNotFoundError', 404);
    // Object lock needs versioning Enabled first.
    await expectS3Error(
      s3.send(new PutObjectLockConfigurationCommand({ Bucket: plain, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' } })),
      'InvalidBucketState',
      409,
    );
    await expectS3Error(s3.send(new GetObjectLockConfigurationCommand({ Bucket: plain })), 'ObjectLockConfigurationNotFoundError', 404);
    // Once versioned, an existing bucket can turn object lock on, and then versioning stays Enabled.
    await s3.send(new PutBucketVersioningCommand({ Bucket: plain, VersioningConfiguration: { Status: 'Enabled' } }));
    await s3.send(new PutObjectLockConfigurationCommand({ Bucket: plain, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' } }));
    assert.equal(
      (await s3.send(new GetObjectLockConfigurationCommand({ Bucket: plain }))).ObjectLockConfiguration?.ObjectLockEnabled,
      'Enabled',
    );
    await expectS3Error(
      s3.send(new PutBucketVersioningCommand({ Bucket: plain, VersioningConfiguration: { Status: 'Suspended' } })),
      'InvalidBucketState',
      409,
    );
  });

  it('default retention in Days or Years round-trips and locks every new version; bad rules are refused and change nothing', async () => {
    const Bucket = await lockBucket();
    await s3.send(
      new PutObjectLockConfigurationCommand({
        Bucket,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 2 } } },
      }),
    );
    assert.deepEqual((await s3.send(new GetObjectLockConfigurationCommand({ Bucket }))).ObjectLockConfiguration, {
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 2 } },
    });
    const before = Date.now();
    const v = (await s3.send(new PutObjectCommand({ Bucket, Key: 'by-default', Body: 'x' }))).VersionId!;
    const afterPut = Date.now();
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'by-default' }));
    assert.equal(head.ObjectLockMode, 'GOVERNANCE');
    const until = head.ObjectLockRetainUntilDate!.getTime();
    assert.ok(
      until >= before + 2 * DAY_MS - 1000 && until <= afterPut + 2 * DAY_MS + 1000,
      `retain until ${head.ObjectLockRetainUntilDate?.toISOString()}`,
    );
    assert.deepEqual(await retention(Bucket, 'by-default', v), { mode: 'GOVERNANCE', until });
    // An explicit setting on the request wins over the default.
    const explicit = daysAhead(5);
    const v2 = await putLocked(Bucket, 'explicit', 'GOVERNANCE', explicit);
    assert.deepEqual(await retention(Bucket, 'explicit', v2), { mode: 'GOVERNANCE', until: explicit.getTime() });

    await s3.send(
      new PutObjectLockConfigurationCommand({
        Bucket,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 1 } } },
      }),
    );
    const years = await s3.send(new GetObjectLockConfigurationCommand({ Bucket }));
    assert.deepEqual(years.ObjectLockConfiguration?.Rule?.DefaultRetention, { Mode: 'COMPLIANCE', Years: 1 });
    const yearHead = await s3.send(
      new HeadObjectCommand({
        Bucket,
        Key: 'by-default',
        VersionId: (await s3.send(new PutObjectCommand({ Bucket, Key: 'by-default', Body: 'y' }))).VersionId!,
      }),
    );
    assert.equal(yearHead.ObjectLockMode, 'COMPLIANCE');
    const yearMs = yearHead.ObjectLockRetainUntilDate!.getTime() - Date.now();
    assert.ok(yearMs > 364 * DAY_MS && yearMs < 367 * DAY_MS, `a year ahead: ${yearHead.ObjectLockRetainUntilDate?.toISOString()}`);

    // Refusals: schema faults are MalformedXML, values out of range InvalidArgument.
    const refusals: Array<[string, string]> = [
      [
        '<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>GOVERNANCE</Mode><Days>1</Days><Years>1</Years></DefaultRetention></Rule></ObjectLockConfiguration>',
        'MalformedXML',
      ],
      [
        '<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>GOVERNANCE</Mode></DefaultRetention></Rule></ObjectLockConfiguration>',
        'MalformedXML',
      ],
      [
        '<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>FOREVER</Mode><Days>1</Days></DefaultRetention></Rule></ObjectLockConfiguration>',
        'MalformedXML',
      ],
      ['<ObjectLockConfiguration><ObjectLockEnabled>Disabled</ObjectLockEnabled></ObjectLockConfiguration>', 'MalformedXML'],
      ['<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule></Rule></ObjectLockConfiguration>', 'MalformedXML'],
      [
        '<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>GOVERNANCE</Mode><Days>0</Days></DefaultRetention></Rule></ObjectLockConfiguration>',
        'InvalidArgument',
      ],
      [
        '<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>GOVERNANCE</Mode><Years>-1</Years></DefaultRetention></Rule></ObjectLockConfiguration>',
        'InvalidArgument',
      ],
    ];
    for (const [body, code] of refusals) {
      const res = await sendSigned({ port: server.port, method: 'PUT', path: `/${Bucket}`, query: { 'object-lock': '' }, body });
      assert.equal(res.status, 400, body);
      assert.equal(errorCode(res.body), code, body);
    }
    // The SDK's own shapes get the same answers.
    await expectS3Error(
      s3.send(
        new PutObjectLockConfigurationCommand({
          Bucket,
          ObjectLockConfiguration: {
            ObjectLockEnabled: 'Enabled',
            Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1, Years: 1 } },
          },
        }),
      ),
      'MalformedXML',
      400,
    );
    await expectS3Error(
      s3.send(
        new PutObjectLockConfigurationCommand({
          Bucket,
          ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 0 } } },
        }),
      ),
      'InvalidArgument',
      400,
    );
    assert.deepEqual((await s3.send(new GetObjectLockConfigurationCommand({ Bucket }))).ObjectLockConfiguration?.Rule?.DefaultRetention, {
      Mode: 'COMPLIANCE',
      Years: 1,
    });

    // A configuration without a Rule clears the default: new versions are unlocked.
    await s3.send(new PutObjectLockConfigurationCommand({ Bucket, ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' } }));
    assert.deepEqual((await s3.send(new GetObjectLockConfigurationCommand({ Bucket }))).ObjectLockConfiguration, {
      ObjectLockEnabled: 'Enabled',
    });
    const free = (await s3.send(new PutObjectCommand({ Bucket, Key: 'free', Body: 'z' }))).VersionId!;
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket, Key: 'free' }))).ObjectLockMode, undefined);
    await expectS3Error(
      s3.send(new GetObjectRetentionCommand({ Bucket, Key: 'free', VersionId: free })),
      'NoSuchObjectLockConfiguration',
      404,
    );
    await s3.send(new DeleteObjectCommand({ Bucket, Key: 'free', VersionId: free }));
  });
}
