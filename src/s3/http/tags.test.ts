import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ObjectInfo, Tag } from '../../storage/index.js';
import { MAX_BUCKET_TAGS, MAX_OBJECT_TAGS, parseTaggingHeader, tagCountHeader, validateTags } from './tags.js';

const many = (n: number): Tag[] => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: `v${i}` }));
const invalidTag = { code: 'InvalidTag', status: 400 };

test('validateTags enforces the tag counts of objects (10) and buckets (50)', () => {
  validateTags([], MAX_OBJECT_TAGS);
  validateTags(many(10), MAX_OBJECT_TAGS);
  assert.throws(() => validateTags(many(11), MAX_OBJECT_TAGS), {
    code: 'BadRequest',
    status: 400,
    message: /Object tags cannot be greater than 10/,
  });
  validateTags(many(50), MAX_BUCKET_TAGS);
  assert.throws(() => validateTags(many(51), MAX_BUCKET_TAGS), { code: 'BadRequest', status: 400, message: /cannot be greater than 50/ });
});

test('validateTags counts key and value lengths in UTF-16 code units', () => {
  validateTags([{ key: 'k'.repeat(128), value: 'v'.repeat(256) }], MAX_OBJECT_TAGS);
  assert.throws(() => validateTags([{ key: 'k'.repeat(129), value: '' }], MAX_OBJECT_TAGS), { ...invalidTag, message: /TagKey/ });
  assert.throws(() => validateTags([{ key: 'k', value: 'v'.repeat(257) }], MAX_OBJECT_TAGS), { ...invalidTag, message: /TagValue/ });
  assert.throws(() => validateTags([{ key: '', value: 'v' }], MAX_OBJECT_TAGS), invalidTag);
  validateTags([{ key: 'k', value: '' }], MAX_OBJECT_TAGS);
  // Letters outside the BMP take two positions: 64 of them fill a key, 65 overflow it.
  const wide = '\u{20000}'; // a CJK ideograph, a letter (\p{L}), one surrogate pair
  validateTags([{ key: wide.repeat(64), value: wide.repeat(128) }], MAX_OBJECT_TAGS);
  assert.throws(() => validateTags([{ key: wide.repeat(65), value: '' }], MAX_OBJECT_TAGS), invalidTag);
  assert.throws(() => validateTags([{ key: 'k', value: wide.repeat(129) }], MAX_OBJECT_TAGS), invalidTag);
  // BMP letters count one each, whatever their UTF-8 size.
  validateTags([{ key: 'é'.repeat(128), value: '日'.repeat(256) }], MAX_OBJECT_TAGS);
});

test('validateTags accepts the documented characters and refuses the rest', () => {
  validateTags([{ key: 'Project Name_1.a:b/c=d+e-f@g', value: 'Ünïcödé 値 ١٢٣ _.:/=+-@' }], MAX_OBJECT_TAGS);
  for (const bad of ['a,b', 'a#b', 'a?b', '[x]', 'a\tb', 'a\nb', 'a%b', 'a*b']) {
    assert.throws(() => validateTags([{ key: bad, value: 'v' }], MAX_OBJECT_TAGS), { ...invalidTag, message: /TagKey/ }, bad);
    assert.throws(() => validateTags([{ key: 'k', value: bad }], MAX_OBJECT_TAGS), { ...invalidTag, message: /TagValue/ }, bad);
  }
});

test('validateTags refuses duplicate keys and the reserved aws: prefix', () => {
  assert.throws(
    () =>
      validateTags(
        [
          { key: 'a', value: '1' },
          { key: 'a', value: '2' },
        ],
        MAX_OBJECT_TAGS,
      ),
    { ...invalidTag, message: /same key/ },
  );
  validateTags(
    [
      { key: 'a', value: '1' },
      { key: 'A', value: '1' },
    ],
    MAX_OBJECT_TAGS,
  ); // keys are case-sensitive
  assert.throws(() => validateTags([{ key: 'aws:created', value: 'x' }], MAX_BUCKET_TAGS), { ...invalidTag, message: /aws:/ });
  assert.throws(() => validateTags([{ key: 'AWS:created', value: 'x' }], MAX_OBJECT_TAGS), invalidTag);
  validateTags(
    [
      { key: 'awsome', value: 'aws:value' },
      { key: 'my:aws:key', value: '' },
    ],
    MAX_OBJECT_TAGS,
  );
});

test('parseTaggingHeader decodes a URL query as forms encode it', () => {
  assert.deepEqual(parseTaggingHeader('tag1=value1&tag2=value2'), [
    { key: 'tag1', value: 'value1' },
    { key: 'tag2', value: 'value2' },
  ]);
  assert.deepEqual(parseTaggingHeader('foo=bar&bar'), [
    { key: 'foo', value: 'bar' },
    { key: 'bar', value: '' },
  ]);
  assert.deepEqual(parseTaggingHeader('k='), [{ key: 'k', value: '' }]);
  assert.deepEqual(parseTaggingHeader('my+key=a+b%20c'), [{ key: 'my key', value: 'a b c' }]);
  assert.deepEqual(parseTaggingHeader('plus=1%2B1%3D2'), [{ key: 'plus', value: '1+1=2' }]);
  assert.deepEqual(parseTaggingHeader('%E6%97%A5=%C3%A9'), [{ key: '日', value: 'é' }]);
  assert.deepEqual(parseTaggingHeader(''), []);
  assert.deepEqual(parseTaggingHeader('a=1&&b=2&'), [
    { key: 'a', value: '1' },
    { key: 'b', value: '2' },
  ]);
});

test('parseTaggingHeader refuses what S3 refuses', () => {
  const invalidArgument = { code: 'InvalidArgument', status: 400, message: /x-amz-tagging/ };
  assert.throws(() => parseTaggingHeader('a=1&a=2'), invalidArgument);
  assert.throws(() => parseTaggingHeader('a=1&a'), invalidArgument);
  assert.throws(() => parseTaggingHeader('a+b=1&a%20b=2'), invalidArgument, 'the same key once decoded');
  assert.throws(() => parseTaggingHeader('TagSet=[{Key=string,Value=string}]'), invalidArgument);
  assert.throws(() => parseTaggingHeader('a=%E6%97'), invalidArgument);
  assert.throws(() => parseTaggingHeader('a=%zz'), invalidArgument);
  const e = (() => {
    try {
      parseTaggingHeader('a=b=c');
    } catch (err) {
      return err as { extra: Record<string, string> };
    }
    return undefined;
  })();
  assert.deepEqual(e?.extra, { ArgumentName: 'x-amz-tagging', ArgumentValue: 'a=b=c' });
  // Limits are the object's: too many is BadRequest, a bad tag InvalidTag.
  assert.throws(
    () =>
      parseTaggingHeader(
        many(11)
          .map((t) => `${t.key}=${t.value}`)
          .join('&'),
      ),
    { code: 'BadRequest' },
  );
  assert.throws(() => parseTaggingHeader('=v'), invalidTag);
  assert.throws(() => parseTaggingHeader('aws%3Ax=1'), invalidTag);
  assert.throws(() => parseTaggingHeader('k=a%2Cb'), invalidTag);
});

test('tagCountHeader names the count only when there are tags', () => {
  const info = (tags?: Tag[]): ObjectInfo => ({
    bucket: 'b',
    key: 'k',
    versionId: 'null',
    sizeBytes: 0,
    etag: 'e',
    lastModified: new Date(0),
    metadata: { userMetadata: {} },
    storageClass: 'STANDARD',
    ...(tags === undefined ? {} : { tags }),
  });
  assert.deepEqual(tagCountHeader(info()), {});
  assert.deepEqual(tagCountHeader(info([])), {});
  assert.deepEqual(tagCountHeader(info(many(3))), { 'x-amz-tagging-count': '3' });
});
