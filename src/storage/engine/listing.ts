// What every listing of the engine (objects, versions, multipart uploads)
// does around its walk (walk.ts): check the abort signal and the bucket, turn
// prefix and delimiter into the bytes the walk compares, and afterwards split
// the page into entries and common prefixes and say where the next resumes.
import { bucketScope } from '../meta/index.js';
import { throwIfAborted } from './abort.js';
import { requireBucket } from './buckets.js';
import type { EngineContext } from './context.js';
import type { WalkItem, WalkPage } from './walk.js';

export interface Listing {
  /** bucket \0: every table key of the listing starts with it. */
  scope: Buffer;
  prefix: Buffer;
  delimiter: Buffer | undefined;
  /** scope, prefix and delimiter as walkPage takes them. */
  walk: { scope: Buffer; prefix: Buffer; delimiter?: Buffer };
}

export function openListing(
  ctx: EngineContext,
  input: { bucket: string; prefix?: string; delimiter?: string },
  signal: AbortSignal,
): Listing {
  throwIfAborted(signal);
  requireBucket(ctx.index, input.bucket);
  const scope = bucketScope(input.bucket);
  const prefix = Buffer.from(input.prefix ?? '', 'utf8');
  const delimiter = input.delimiter !== undefined && input.delimiter !== '' ? Buffer.from(input.delimiter, 'utf8') : undefined;
  return { scope, prefix, delimiter, walk: { scope, prefix, ...(delimiter !== undefined ? { delimiter } : {}) } };
}

export interface SplitPage<V, T> {
  items: T[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The page's last item when the page is truncated: where the next page resumes. */
  next: WalkItem<V> | undefined;
}

/** The page's entries (through toItem, in order) and its common prefixes. */
export function splitPage<V, T>(page: WalkPage<V>, toItem: (name: string, value: V) => T): SplitPage<V, T> {
  const items: T[] = [];
  const commonPrefixes: string[] = [];
  for (const item of page.items) {
    if (item.kind === 'prefix') commonPrefixes.push(item.name);
    else items.push(toItem(item.name, item.entry.value));
  }
  const next = page.isTruncated ? page.items[page.items.length - 1] : undefined;
  return { items, commonPrefixes, isTruncated: page.isTruncated, next };
}
