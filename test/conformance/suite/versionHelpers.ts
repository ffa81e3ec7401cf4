// Helpers shared by the versioning suites (versioning.ts, nullVersion.ts,
// objectLock.ts, tags.ts): reading one version back, paging through every
// version, and bodies on either side of the inline threshold, so each suite
// covers versions kept inline and versions kept in data files.
import type { ObjectInfo, ObjectStore } from '../../../src/storage/index.js';
import { never, newBucket, patternBytes, readAll, type StoreFactory } from './harness.js';

export async function bytesOf(store: ObjectStore, bucket: string, key: string, versionId?: string): Promise<Buffer> {
  const got = await store.getObject(versionId === undefined ? { bucket, key } : { bucket, key, versionId }, never);
  return readAll(got.body);
}

/** Every version of the bucket, by paging with maxKeys. */
export async function allVersions(
  store: ObjectStore,
  bucket: string,
  maxKeys: number,
  extra: { prefix?: string; delimiter?: string } = {},
): Promise<{ versions: ObjectInfo[]; prefixes: string[]; pages: number }> {
  const versions: ObjectInfo[] = [];
  const prefixes: string[] = [];
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (let pages = 1; ; pages++) {
    const page = await store.listObjectVersions(
      {
        bucket,
        maxKeys,
        ...extra,
        ...(keyMarker !== undefined ? { keyMarker } : {}),
        ...(versionIdMarker !== undefined ? { versionIdMarker } : {}),
      },
      never,
    );
    versions.push(...page.versions);
    prefixes.push(...page.commonPrefixes);
    if (!page.isTruncated) return { versions, prefixes, pages };
    keyMarker = page.nextKeyMarker;
    versionIdMarker = page.nextVersionIdMarker;
  }
}

/** Bodies by seed: `small` is stored inline, `large` in data files. */
export function versionBodies(factory: StoreFactory): { small: (n: number) => Buffer; large: (n: number) => Buffer } {
  return {
    small: (n: number): Buffer => patternBytes(100 + n, n),
    large: (n: number): Buffer => patternBytes(factory.inlineThresholdBytes + 5000 + n, n),
  };
}

/** A fresh bucket with versioning Enabled. */
export async function newVersionedBucket(store: ObjectStore): Promise<string> {
  const bucket = await newBucket(store);
  await store.updateBucketConfig(bucket, { versioning: 'Enabled' }, never);
  return bucket;
}
