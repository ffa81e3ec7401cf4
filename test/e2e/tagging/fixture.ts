// Shared by the tagging end-to-end tests (tagging/*.test.ts): tag sets made
// and compared, and the server each test file starts with its two buckets
// (one plain, one versioned) already made.
import { after, before } from 'node:test';
import { CreateBucketCommand, GetObjectTaggingCommand, PutBucketVersioningCommand, type S3Client, type Tag } from '@aws-sdk/client-s3';
import { startServer, type RunningServer } from '../harness.js';

export const tagsOf = (n: number, prefix = 'k'): Tag[] => Array.from({ length: n }, (_, i) => ({ Key: `${prefix}${i}`, Value: `v${i}` }));
export const sorted = (tags: Tag[] | undefined): Array<[string, string]> =>
  (tags ?? []).map((t): [string, string] => [t.Key!, t.Value!]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

export const TAGS_BUCKET = 'tags';
export const VERSIONED_BUCKET = 'tags-versioned';

/** The server one test file shares, its client, and the tags of an object as sorted pairs. */
export interface TaggingBench {
  /** The server and its client; valid once the before hook has run. */
  current(): { server: RunningServer; s3: S3Client };
  objectTags(Key: string, VersionId?: string, bucket?: string): Promise<Array<[string, string]>>;
}

/** Registers hooks in the calling describe: a server with TAGS_BUCKET and VERSIONED_BUCKET (versioning Enabled) before, disposed after. */
export function taggingBench(): TaggingBench {
  const Bucket = TAGS_BUCKET;
  const Versioned = VERSIONED_BUCKET;
  let server: RunningServer;
  let s3: S3Client;
  const objectTags = async (Key: string, VersionId?: string, bucket = Bucket): Promise<Array<[string, string]>> =>
    sorted((await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key, ...(VersionId !== undefined ? { VersionId } : {}) }))).TagSet);

  before(async () => {
    server = await startServer();
    s3 = server.client();
    await s3.send(new CreateBucketCommand({ Bucket }));
    await s3.send(new CreateBucketCommand({ Bucket: Versioned }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: Versioned, VersioningConfiguration: { Status: 'Enabled' } }));
  });
  after(async () => {
    s3?.destroy();
    await server?.dispose();
  });
  return { current: () => ({ server, s3 }), objectTags };
}
