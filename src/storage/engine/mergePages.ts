// Merging the ordered listing pages of several erasure sets into one page:
// each set returned its first `limit` items after the marker, so the first
// `limit` of their merge are the bucket's (every one of them is among its
// own set's first `limit`). Common prefixes repeat across sets and merge
// into one. The sort is stable, so items of one name keep their set's order
// (the versions of one key, which all live in one set).

export type MergedItem<T> = { name: string; item: T } | { name: string; item?: undefined };

function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function mergePages<T>(
  pages: ReadonlyArray<{ items: readonly T[]; commonPrefixes: readonly string[]; isTruncated: boolean }>,
  nameOf: (item: T) => string,
  limit: number,
  tieBreak?: (a: T, b: T) => number,
): { page: Array<MergedItem<T>>; isTruncated: boolean; items: T[]; commonPrefixes: string[] } {
  const merged: Array<MergedItem<T>> = [];
  const prefixes = new Set<string>();
  for (const page of pages) {
    for (const item of page.items) merged.push({ name: nameOf(item), item });
    for (const prefix of page.commonPrefixes) {
      if (prefixes.has(prefix)) continue;
      prefixes.add(prefix);
      merged.push({ name: prefix });
    }
  }
  merged.sort(
    (a, b) =>
      compareUtf8(a.name, b.name) ||
      (tieBreak !== undefined && a.item !== undefined && b.item !== undefined ? tieBreak(a.item, b.item) : 0),
  );
  const page = merged.slice(0, limit);
  return {
    page,
    isTruncated: merged.length > limit || pages.some((p) => p.isTruncated),
    items: page.flatMap((i) => (i.item === undefined ? [] : [i.item])),
    commonPrefixes: page.flatMap((i) => (i.item === undefined ? [i.name] : [])),
  };
}

/** A merged listing page, and where it ends when it is truncated (the next page resumes after it). */
export interface MergedListing<T> {
  items: T[];
  commonPrefixes: string[];
  isTruncated: boolean;
  next: MergedItem<T> | undefined;
}

/** Lists every set at once (list) and merges their pages, whose items itemsOf picks out. */
export async function mergeSetListings<S, P extends { commonPrefixes: readonly string[]; isTruncated: boolean }, T>(
  sets: readonly S[],
  list: (set: S) => Promise<P>,
  itemsOf: (page: P) => readonly T[],
  nameOf: (item: T) => string,
  limit: number,
  tieBreak?: (a: T, b: T) => number,
): Promise<MergedListing<T>> {
  const pages = await Promise.all(sets.map(list));
  const merged = mergePages(
    pages.map((p) => ({ items: itemsOf(p), commonPrefixes: p.commonPrefixes, isTruncated: p.isTruncated })),
    nameOf,
    limit,
    tieBreak,
  );
  const next = merged.isTruncated ? merged.page[merged.page.length - 1] : undefined;
  return { items: merged.items, commonPrefixes: merged.commonPrefixes, isTruncated: merged.isTruncated, next };
}
