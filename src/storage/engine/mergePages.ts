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

export function mergePages<T>(
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
  merged.sort((a, b) => compareUtf8(a.name, b.name) || (tieBreak !== undefined && a.item !== undefined && b.item !== undefined ? tieBreak(a.item, b.item) : 0));
  const page = merged.slice(0, limit);
  return {
    page,
    isTruncated: merged.length > limit || pages.some((p) => p.isTruncated),
    items: page.flatMap((i) => (i.item === undefined ? [] : [i.item])),
    commonPrefixes: page.flatMap((i) => (i.item === undefined ? [i.name] : [])),
  };
}
