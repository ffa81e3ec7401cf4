// S3's rules for tag sets, shared by the tagging operations (XML bodies) and
// PutObject / CreateMultipartUpload / CopyObject (the x-amz-tagging header).
// Sources: the S3 user guide's object tagging and bucket tagging pages, and
// answers S3 was seen to give in public issue trackers (a bad x-amz-tagging
// is InvalidArgument; characters outside the documented set are InvalidTag).
import type { ObjectInfo, Tag } from '../../storage/index.js';
import { S3Error } from '../errors.js';

export const MAX_OBJECT_TAGS = 10;
export const MAX_BUCKET_TAGS = 50;
/**
 * "Amazon S3 object tags are internally represented in UTF-16": lengths are
 * UTF-16 code units, which is what String.length counts (a character outside
 * the BMP counts two).
 */
const MAX_TAG_KEY_LENGTH = 128;
const MAX_TAG_VALUE_LENGTH = 256;

/** Unicode letters, numbers and spaces, and _ . : / = + - @ (the set S3 documents and enforces). */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Throws InvalidTag, with a message naming what is wrong, unless `tags` is a set S3 would store. */
export function validateTags(tags: readonly Tag[], max: 10 | 50): void {
  const what = max === MAX_OBJECT_TAGS ? 'Object tags' : 'Bucket tags';
  // S3 answers the count with code BadRequest, unlike the other tag faults.
  if (tags.length > max) throw new S3Error('BadRequest', `${what} cannot be greater than ${max}: the request has ${tags.length}.`);
  const seen = new Set<string>();
  for (const { key, value } of tags) {
    if (key.length === 0 || key.length > MAX_TAG_KEY_LENGTH) {
      throw new S3Error(
        'InvalidTag',
        `The TagKey you have provided is invalid: a tag key must be 1 to ${MAX_TAG_KEY_LENGTH} characters long; this one is ${key.length}.`,
      );
    }
    if (value.length > MAX_TAG_VALUE_LENGTH) {
      throw new S3Error(
        'InvalidTag',
        `The TagValue you have provided is too long: a tag value may be at most ${MAX_TAG_VALUE_LENGTH} characters; the value of ${key} is ${value.length}.`,
      );
    }
    if (!TAG_CHARACTERS.test(key)) {
      throw new S3Error(
        'InvalidTag',
        'The TagKey you have provided is invalid: tag keys may contain only letters, numbers, spaces and _ . : / = + - @.',
      );
    }
    if (!TAG_CHARACTERS.test(value)) {
      throw new S3Error(
        'InvalidTag',
        `The TagValue you have provided is invalid: the value of ${key} may contain only letters, numbers, spaces and _ . : / = + - @.`,
      );
    }
    if (key.toLowerCase().startsWith('aws:'))
      throw new S3Error('InvalidTag', 'Your TagKey cannot be prefixed with aws: (the prefix is reserved for AWS).');
    if (seen.has(key)) throw new S3Error('InvalidTag', `Cannot provide multiple Tags with the same key: ${key}.`);
    seen.add(key);
  }
}

function badHeader(value: string): S3Error {
  return new S3Error(
    'InvalidArgument',
    "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.",
    {
      ArgumentName: 'x-amz-tagging',
      ArgumentValue: value,
    },
  );
}

/** application/x-www-form-urlencoded decoding: '+' is a space, then percent-decoding. */
function formDecode(raw: string, header: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw badHeader(header);
  }
}

/**
 * The x-amz-tagging header of PutObject, CreateMultipartUpload and CopyObject
 * ("k1=v1&k2=v2", URL query encoded; "k" alone has the empty value), checked
 * against the object limits. A malformed pair or a repeated key is
 * InvalidArgument, as S3 answers; limits are InvalidTag.
 */
export function parseTaggingHeader(value: string): Tag[] {
  const tags: Tag[] = [];
  const keys = new Set<string>();
  for (const pair of value.split('&')) {
    if (pair === '') continue;
    const parts = pair.split('=');
    if (parts.length > 2) throw badHeader(value);
    const key = formDecode(parts[0]!, value);
    const tagValue = parts[1] === undefined ? '' : formDecode(parts[1], value);
    if (keys.has(key)) throw badHeader(value);
    keys.add(key);
    tags.push({ key, value: tagValue });
  }
  validateTags(tags, MAX_OBJECT_TAGS);
  return tags;
}

/** GetObject / HeadObject: x-amz-tagging-count, when the version has tags. */
export function tagCountHeader(info: ObjectInfo): Record<string, string> {
  const count = info.tags?.length ?? 0;
  return count > 0 ? { 'x-amz-tagging-count': String(count) } : {};
}
