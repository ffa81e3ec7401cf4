import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTagging, taggingXml } from './tagging.js';

const doc = (tagSet: string): string => `<Tagging>${tagSet}</Tagging>`;

test('parseTagging reads tag sets as clients send them', () => {
  assert.deepEqual(parseTagging(doc('<TagSet><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>b</Key><Value>2</Value></Tag></TagSet>')), [
    { key: 'a', value: '1' },
    { key: 'b', value: '2' },
  ]);
  // Namespaced and pretty-printed, as the SDKs and AWS's samples write it.
  const pretty =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\n  <TagSet>\n    <Tag>\n      <Key>Project</Key>\n      <Value>Project One</Value>\n    </Tag>\n  </TagSet>\n</Tagging>';
  assert.deepEqual(parseTagging(pretty), [{ key: 'Project', value: 'Project One' }]);
  assert.deepEqual(parseTagging(doc('<TagSet/>')), []);
  assert.deepEqual(parseTagging(doc('<TagSet></TagSet>')), []);
  assert.deepEqual(parseTagging(doc('<TagSet><Tag><Key>k</Key><Value/></Tag></TagSet>')), [{ key: 'k', value: '' }]);
  assert.deepEqual(parseTagging(doc('<TagSet><Tag><Key>a&amp;b</Key><Value>&lt;x&gt;</Value></Tag></TagSet>')), [
    { key: 'a&b', value: '<x>' },
  ]);
  // Values are text, never numbers: leading zeros survive.
  assert.deepEqual(parseTagging(doc('<TagSet><Tag><Key>123</Key><Value>007</Value></Tag></TagSet>')), [{ key: '123', value: '007' }]);
  assert.deepEqual(parseTagging(doc('<TagSet><Tag><Key> sp </Key><Value> v </Value></Tag></TagSet>')), [{ key: ' sp ', value: ' v ' }]);
});

test('parseTagging refuses documents outside the schema with MalformedXML', () => {
  const bad = [
    '',
    'not xml',
    '<Tagging><TagSet></Tagging>',
    '<Tags><TagSet/></Tags>',
    '<Tagging/>',
    doc('<TagSet/><TagSet/>'),
    doc('<TagSet><Tag><Value>v</Value></Tag></TagSet>'),
    doc('<TagSet><Tag><Key>k</Key></Tag></TagSet>'),
    doc('<TagSet><Tag><Key>k</Key><Value>v</Value><Extra/></Tag></TagSet>'),
    doc('<TagSet><Tag><Key><X>1</X></Key><Value>v</Value></Tag></TagSet>'),
    doc('<TagSet>junk<Tag><Key>k</Key><Value>v</Value></Tag></TagSet>'),
    doc('<TagSet><Tag>text</Tag></TagSet>'),
    doc('<TagSet/><Other/>'),
  ];
  for (const xml of bad) assert.throws(() => parseTagging(xml), { code: 'MalformedXML', status: 400 }, xml);
});

test('taggingXml writes the S3 document in key order, escaped, and round-trips', () => {
  const tags = [
    { key: 'zeta', value: 'last' },
    { key: 'a&b', value: '<1>' },
    { key: 'empty', value: '' },
  ];
  const xml = taggingXml(tags);
  assert.ok(
    xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet>'),
    xml,
  );
  assert.ok(
    xml.includes('<Tag><Key>a&amp;b</Key><Value>&lt;1&gt;</Value></Tag><Tag><Key>empty</Key><Value></Value></Tag><Tag><Key>zeta</Key>'),
    xml,
  );
  assert.deepEqual(parseTagging(xml), [tags[1], tags[2], tags[0]]);
  assert.equal(
    taggingXml([]),
    '<?xml version="1.0" encoding="UTF-8"?>\n<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet></TagSet></Tagging>',
  );
  assert.deepEqual(parseTagging(taggingXml([])), []);
});
