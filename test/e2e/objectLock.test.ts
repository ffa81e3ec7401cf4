// S3 Object Lock through the JS SDK: buckets created with it, default
// retention, lock settings on PutObject / CreateMultipartUpload / CopyObject,
// retention and legal hold per version, and every refusal a user meets:
// locked versions that will not go, GOVERNANCE that yields only to the
// bypass header, COMPLIANCE that yields to nothing. Retain-until dates are a
// few days ahead: nothing here waits for a lock to run out. Runs against a
// single-drive server and a 4-drive erasure set.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectLegalHoldCommand,
  GetObjectLockConfigurationCommand,
  GetObjectRetentionCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  PutObjectLockConfigurationCommand,
  PutObjectRetentionCommand,
  UploadPartCommand,
  type ObjectLockRetentionMode,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { RunningServer } from './harness.js';
import { expectS3Error } from './expect.js';
import { errorCode, sendSigned } from './rawRequest.js';
import { erasureNode, singleDrive, text, type LodeNode } from './versionTools.js';

const DAY_MS = 86_400_000;
/** A whole-second date `days` ahead (lock headers carry whole seconds). */
const daysAhead = (days: number): Date => new Date(Math.floor(Date.now() / 1000) * 1000 + days * DAY_MS);

function objectLockSuite(label: string, boot: () => Promise<LodeNode>): void {
  describe(`object lock (${label})`, { timeout: 120_000 }, () => {
    let node: LodeNode;
    let server: RunningServer;
    let s3: S3Client;
    let bucketCount = 0;
    const lockBucket = async (): Promise<string> => {
      const Bucket = `lock-${++bucketCount}`;
      await s3.send(new CreateBucketCommand({ Bucket, ObjectLockEnabledForBucket: true }));
      return Bucket;
    };
    const plainBucket = async (): Promise<string> => {
      const Bucket = `plain-${++bucketCount}`;
      await s3.send(new CreateBucketCommand({ Bucket }));
      return Bucket;
    };
    const putLocked = async (Bucket: string, Key: string, mode: ObjectLockRetentionMode, until: Date): Promise<string> => {
      const res = await s3.send(
        new PutObjectCommand({ Bucket, Key, Body: `${Key} body`, ObjectLockMode: mode, ObjectLockRetainUntilDate: until }),
      );
      assert.ok(res.VersionId);
      return res.VersionId;
    };
    const retention = async (Bucket: string, Key: string, VersionId: string): Promise<{ mode?: string; until?: number }> => {
      const res = await s3.send(new GetObjectRetentionCommand({ Bucket, Key, VersionId }));
      return {
        ...(res.Retention?.Mode !== undefined ? { mode: res.Retention.Mode } : {}),
        ...(res.Retention?.RetainUntilDate !== undefined ? { until: res.Retention.RetainUntilDate.getTime() } : {}),
      };
    };

    before(async () => {
      node = await boot();
      server = node.server;
      s3 = server.client();
    });
    after(async () => {
      s3?.destroy();
      await node?.close();
    });

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
      await expectS3Error(
        s3.send(new GetObjectRetentionCommand({ Bucket, Key: 'gov', VersionId: v })),
        'NoSuchObjectLockConfiguration',
        404,
      );
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

    it('lock settings on a bucket without object lock are 400 InvalidRequest, and nothing is stored', async () => {
      const Bucket = await plainBucket();
      await expectS3Error(
        s3.send(
          new PutObjectCommand({ Bucket, Key: 'k', Body: 'x', ObjectLockMode: 'GOVERNANCE', ObjectLockRetainUntilDate: daysAhead(3) }),
        ),
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
      await expectS3Error(
        s3.send(new PutObjectLegalHoldCommand({ Bucket, Key: 'src', LegalHold: { Status: 'ON' } })),
        'InvalidRequest',
        400,
      );
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
        s3.send(
          new PutObjectRetentionCommand({ Bucket, Key: 'k', VersionId: v, Retention: { Mode: 'GOVERNANCE', RetainUntilDate: past } }),
        ),
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
  });
}

objectLockSuite('single drive', singleDrive);
objectLockSuite('4-drive erasure set', () => erasureNode(4));
objectLockSuite('2 erasure sets of 9 drives', () => erasureNode(18));
