// S3 Object Lock through the JS SDK: buckets created with it, default
// retention, lock settings on PutObject / CreateMultipartUpload / CopyObject,
// retention and legal hold per version, and every refusal a user meets:
// locked versions that will not go, GOVERNANCE that yields only to the
// bypass header, COMPLIANCE that yields to nothing. Retain-until dates are a
// few days ahead: nothing here waits for a lock to run out. Runs against a
// single-drive server, a 4-drive erasure set, and 18 drives in two sets: one
// test file per layout (objectLock/*.test.ts), each starting one server, with
// the tests in topic modules beside this one.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import {
  CreateBucketCommand,
  GetObjectRetentionCommand,
  PutObjectCommand,
  type ObjectLockRetentionMode,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { RunningServer } from '../harness.js';
import type { LodeNode } from '../versionTools.js';
import { bucketConfigurationTests } from './bucketConfiguration.js';
import { retentionTests } from './retention.js';
import { deletionTests } from './deletion.js';
import { refusalTests } from './refusals.js';

export const DAY_MS = 86_400_000;
/** A whole-second date `days` ahead (lock headers carry whole seconds). */
export const daysAhead = (days: number): Date => new Date(Math.floor(Date.now() / 1000) * 1000 + days * DAY_MS);

/** What the topic modules get from the suite: its server and client, and buckets and locked versions to work with. */
export interface ObjectLockBench {
  /** The server and its client; valid once the suite's before hook has run. */
  current(): { server: RunningServer; s3: S3Client };
  /** A fresh bucket created with object lock. */
  lockBucket(): Promise<string>;
  /** A fresh bucket without it. */
  plainBucket(): Promise<string>;
  /** PUTs a version locked in `mode` until `until`; returns its version id. */
  putLocked(Bucket: string, Key: string, mode: ObjectLockRetentionMode, until: Date): Promise<string>;
  /** GetObjectRetention of a version, as mode and retain-until time in ms. */
  retention(Bucket: string, Key: string, VersionId: string): Promise<{ mode?: string; until?: number }>;
}

export function objectLockSuite(label: string, boot: () => Promise<LodeNode>): void {
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

    const bench: ObjectLockBench = { current: () => ({ server, s3 }), lockBucket, plainBucket, putLocked, retention };
    bucketConfigurationTests(bench);
    retentionTests(bench);
    deletionTests(bench);
    refusalTests(bench);
  });
}
