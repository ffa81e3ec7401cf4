// Bucket lifecycle rules set and read back with the JS SDK and the AWS CLI,
// and refused the way S3 refuses them (the stored rules left unchanged).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteBucketLifecycleCommand,
  GetBucketLifecycleConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
  type S3Client,
  type LifecycleRule,
} from '@aws-sdk/client-s3';
import { expectS3Error } from '../expect.js';
import { byId, lifecycleBench } from './fixture.js';

describe('bucket lifecycle', () => {
  const bench = lifecycleBench();
  const { cli, cliFails, createBucket, putRules } = bench;
  let s3: S3Client;
  let errs: S3Client;
  before(() => ({ s3, errs } = bench.current()));

  describe('configuration', () => {
    const Bucket = 'lc-config';
    before(() => createBucket(Bucket));

    it('answers NoSuchLifecycleConfiguration (404) for a bucket without rules, to the SDK and the CLI', async () => {
      const e = await expectS3Error(errs.send(new GetBucketLifecycleConfigurationCommand({ Bucket })), 'NoSuchLifecycleConfiguration', 404);
      assert.equal((e as { BucketName?: string }).BucketName, Bucket);
      assert.match(await cliFails(['get-bucket-lifecycle-configuration', '--bucket', Bucket]), /NoSuchLifecycleConfiguration/);
      await expectS3Error(errs.send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'lc-no-such-bucket' })), 'NoSuchBucket', 404);
      await expectS3Error(
        errs.send(
          new PutBucketLifecycleConfigurationCommand({
            Bucket: 'lc-no-such-bucket',
            LifecycleConfiguration: { Rules: [{ ID: 'r', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 1 } }] },
          }),
        ),
        'NoSuchBucket',
        404,
      );
    });

    it('round-trips every filter and action through Put/Get/DeleteBucketLifecycleConfiguration (SDK)', async () => {
      const Rules: LifecycleRule[] = [
        { ID: 'by-prefix', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 30 } },
        {
          ID: 'by-tag',
          Status: 'Enabled',
          Filter: { Tag: { Key: 'class', Value: 'scratch' } },
          Expiration: { Date: new Date('2031-01-01T00:00:00Z') },
        },
        {
          ID: 'by-size',
          Status: 'Disabled',
          Filter: { ObjectSizeGreaterThan: 1024 },
          NoncurrentVersionExpiration: { NoncurrentDays: 7, NewerNoncurrentVersions: 3 },
        },
        {
          ID: 'by-and',
          Status: 'Enabled',
          Filter: {
            And: {
              Prefix: 'data/',
              Tags: [
                { Key: 'a', Value: '1' },
                { Key: 'b', Value: '2' },
              ],
              ObjectSizeGreaterThan: 10,
              ObjectSizeLessThan: 1000,
            },
          },
          Expiration: { Days: 5 },
          NoncurrentVersionExpiration: { NoncurrentDays: 2 },
        },
        { ID: 'markers', Status: 'Enabled', Filter: { Prefix: 'm/' }, Expiration: { ExpiredObjectDeleteMarker: true } },
        { ID: 'uploads', Status: 'Enabled', Filter: { Prefix: 'tmp/' }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 2 } },
      ];
      await putRules(Bucket, Rules);
      const got = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }));
      assert.deepEqual(byId(got.Rules), byId(Rules));

      // A rule without an ID gets one from the server, as S3 does; a new PUT replaces every rule.
      await putRules(Bucket, [{ Status: 'Enabled', Filter: { Prefix: 'x/' }, Expiration: { Days: 1 } }]);
      const named = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }));
      assert.equal(named.Rules?.length, 1);
      const [rule] = named.Rules!;
      assert.ok(typeof rule!.ID === 'string' && rule!.ID.length > 0, 'the server names the rule');
      assert.deepEqual({ ...rule, ID: undefined }, { ID: undefined, Status: 'Enabled', Filter: { Prefix: 'x/' }, Expiration: { Days: 1 } });

      await s3.send(new DeleteBucketLifecycleCommand({ Bucket }));
      await expectS3Error(errs.send(new GetBucketLifecycleConfigurationCommand({ Bucket })), 'NoSuchLifecycleConfiguration', 404);
      // Deleting again is not an error (204), as on S3.
      await s3.send(new DeleteBucketLifecycleCommand({ Bucket }));
    });

    it('round-trips a configuration through the AWS CLI (put, get, delete)', async () => {
      const config = {
        Rules: [
          {
            ID: 'cli-noncurrent',
            Status: 'Enabled',
            Filter: { Prefix: 'imagenet/' },
            NoncurrentVersionExpiration: { NoncurrentDays: 3, NewerNoncurrentVersions: 2 },
          },
          { ID: 'cli-uploads', Status: 'Enabled', Filter: { Prefix: '' }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
          {
            ID: 'cli-date',
            Status: 'Enabled',
            Filter: { Tag: { Key: 'tier', Value: 'tmp' } },
            Expiration: { Date: '2032-02-29T00:00:00Z' },
          },
        ],
      };
      assert.equal(
        await cli(['put-bucket-lifecycle-configuration', '--bucket', Bucket, '--lifecycle-configuration', JSON.stringify(config)]),
        undefined,
      );
      const got = (await cli(['get-bucket-lifecycle-configuration', '--bucket', Bucket])) as { Rules: Array<Record<string, unknown>> };
      const rules = new Map(got.Rules.map((r) => [r['ID'], r]));
      assert.equal(rules.size, 3);
      assert.deepEqual(rules.get('cli-noncurrent'), config.Rules[0]);
      assert.deepEqual(rules.get('cli-uploads'), config.Rules[1]);
      const dated = rules.get('cli-date') as { Expiration: { Date: string }; Filter: unknown; Status: string };
      assert.deepEqual(dated.Filter, config.Rules[2]!.Filter);
      assert.equal(new Date(dated.Expiration.Date).toISOString(), '2032-02-29T00:00:00.000Z');
      await cli(['delete-bucket-lifecycle', '--bucket', Bucket]);
      assert.match(await cliFails(['get-bucket-lifecycle-configuration', '--bucket', Bucket]), /NoSuchLifecycleConfiguration/);
    });

    it("refuses bad rules with S3's error codes and keeps what was stored before", async () => {
      const kept: LifecycleRule[] = [{ ID: 'kept', Status: 'Enabled', Filter: { Prefix: 'kept/' }, Expiration: { Days: 9 } }];
      await putRules(Bucket, kept);
      const bad: Array<[string, LifecycleRule[], string, number]> = [
        ['no action', [{ ID: 'r', Status: 'Enabled', Filter: { Prefix: 'a/' } }], 'InvalidRequest', 400],
        ['Days 0', [{ ID: 'r', Status: 'Enabled', Filter: { Prefix: 'a/' }, Expiration: { Days: 0 } }], 'InvalidArgument', 400],
        [
          'NoncurrentDays 0',
          [{ ID: 'r', Status: 'Enabled', Filter: { Prefix: 'a/' }, NoncurrentVersionExpiration: { NoncurrentDays: 0 } }],
          'InvalidArgument',
          400,
        ],
        [
          'Date not at midnight',
          [{ ID: 'r', Status: 'Enabled', Filter: { Prefix: 'a/' }, Expiration: { Date: new Date('2031-01-01T12:30:00Z') } }],
          'InvalidArgument',
          400,
        ],
        [
          'duplicate IDs',
          [
            { ID: 'twin', Status: 'Enabled', Filter: { Prefix: 'a/' }, Expiration: { Days: 1 } },
            { ID: 'twin', Status: 'Enabled', Filter: { Prefix: 'b/' }, Expiration: { Days: 2 } },
          ],
          'InvalidArgument',
          400,
        ],
        [
          'Days and Date together',
          [{ ID: 'r', Status: 'Enabled', Filter: { Prefix: 'a/' }, Expiration: { Days: 3, Date: new Date('2031-01-01T00:00:00Z') } }],
          'MalformedXML',
          400,
        ],
        [
          'a Transition',
          [{ ID: 'r', Status: 'Enabled', Filter: { Prefix: 'a/' }, Transitions: [{ Days: 30, StorageClass: 'GLACIER' }] }],
          'NotImplemented',
          501,
        ],
        [
          'a NoncurrentVersionTransition',
          [
            {
              ID: 'r',
              Status: 'Enabled',
              Filter: { Prefix: 'a/' },
              NoncurrentVersionTransitions: [{ NoncurrentDays: 30, StorageClass: 'GLACIER' }],
            },
          ],
          'NotImplemented',
          501,
        ],
      ];
      for (const [what, Rules, code, status] of bad) {
        await expectS3Error(
          errs.send(new PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules } })),
          code,
          status,
          `${what}:`,
        );
        const stored = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket }));
        assert.deepEqual(stored.Rules, kept, `after a refused configuration (${what}) the previous one is unchanged`);
      }
      // On a bucket without rules, a refused PUT leaves it without rules.
      await s3.send(new DeleteBucketLifecycleCommand({ Bucket }));
      await expectS3Error(
        errs.send(new PutBucketLifecycleConfigurationCommand({ Bucket, LifecycleConfiguration: { Rules: bad[1]![1] } })),
        'InvalidArgument',
        400,
      );
      await expectS3Error(errs.send(new GetBucketLifecycleConfigurationCommand({ Bucket })), 'NoSuchLifecycleConfiguration', 404);
      // The CLI shows the same code.
      const stderr = await cliFails([
        'put-bucket-lifecycle-configuration',
        '--bucket',
        Bucket,
        '--lifecycle-configuration',
        JSON.stringify({ Rules: [{ ID: 'r', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 0 } }] }),
      ]);
      assert.match(stderr, /InvalidArgument/);
      await expectS3Error(errs.send(new GetBucketLifecycleConfigurationCommand({ Bucket })), 'NoSuchLifecycleConfiguration', 404);
    });
  });
});
