// Binary index keys. LMDB compares keys as raw bytes, so every key is built
// from UTF-8 bytes and 0x00 separators: objects of a bucket sort by the UTF-8
// bytes of their key (as S3 lists them), and all entries under a prefix are
// one contiguous run that a cursor can enter or skip with a single seek.
// Object keys must not contain U+0000 (the engine refuses them) or the
// separator would be ambiguous in the composite keys below.

const SEP = 0x00;

function joined(parts: readonly string[]): Buffer {
  let length = parts.length - 1;
  for (const part of parts) length += Buffer.byteLength(part, 'utf8');
  const out = Buffer.allocUnsafe(length);
  let offset = 0;
  parts.forEach((part, i) => {
    if (i > 0) out[offset++] = SEP;
    offset += out.write(part, offset, 'utf8');
  });
  return out;
}

/** `buckets` key. */
export function bucketKey(bucket: string): Buffer {
  return Buffer.from(bucket, 'utf8');
}

/** bucket \0 — every object (and upload) key of the bucket starts with it. */
export function bucketScope(bucket: string): Buffer {
  return joined([bucket, '']);
}

/** `objects` key: bucket \0 key. */
export function objectKey(bucket: string, key: string): Buffer {
  return joined([bucket, key]);
}

/** `inline` / `layouts` key: bucket \0 key \0 versionId. */
export function versionKey(bucket: string, key: string, versionId: string): Buffer {
  return joined([bucket, key, versionId]);
}

/** `uploads` key: bucket \0 key \0 uploadId. */
export function uploadKey(bucket: string, key: string, uploadId: string): Buffer {
  return joined([bucket, key, uploadId]);
}

/** `parts` key: uploadId \0 partNumber as uint32 big-endian (so parts sort numerically). */
export function partKey(uploadId: string, partNumber: number): Buffer {
  const out = Buffer.allocUnsafe(Buffer.byteLength(uploadId) + 5);
  const offset = out.write(uploadId, 0, 'utf8');
  out[offset] = SEP;
  out.writeUInt32BE(partNumber, offset + 1);
  return out;
}

/** uploadId \0 — all part keys of the upload start with it. */
export function partScope(uploadId: string): Buffer {
  return joined([uploadId, '']);
}

/** `files` / `garbage` key. */
export function fileKey(fileId: string): Buffer {
  return Buffer.from(fileId, 'latin1');
}

/**
 * The smallest key greater than every key that starts with `prefix`, or
 * undefined when there is none (the prefix is all 0xff). Valid UTF-8 never
 * contains 0xff, so for key prefixes this is "last byte + 1".
 */
export function prefixEnd(prefix: Buffer): Buffer | undefined {
  let end = prefix.length;
  while (end > 0 && prefix[end - 1] === 0xff) end--;
  if (end === 0) return undefined;
  const out = Buffer.from(prefix.subarray(0, end));
  out[end - 1] = (out[end - 1] ?? 0) + 1;
  return out;
}
