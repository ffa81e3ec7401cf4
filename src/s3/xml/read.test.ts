import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXml } from './read.js';

const del = (key: string): string => `<Delete><Object><Key>${key}</Key></Object></Delete>`;
const keyOf = (input: Buffer | string): unknown => (parseXml(input).content['Object'] as { Key: unknown }).Key;
const malformed = (input: Buffer | string, note: string): void => {
  assert.throws(
    () => parseXml(input),
    (err: { code?: string }) => err.code === 'MalformedXML',
    note,
  );
};

test('keys come through exactly: entities, character references, CDATA, astral characters, a BOM', () => {
  assert.equal(keyOf(del('a&amp;b&lt;c&gt;&quot;&apos;')), `a&b<c>"'`);
  assert.equal(keyOf(del('&#65;&#x42;&#13;&#x1F600;')), 'AB\r😀');
  assert.equal(keyOf(del('a&amp;#60;b')), 'a&#60;b');
  assert.equal(keyOf(del('<![CDATA[a&b<c]]>')), 'a&b<c');
  assert.equal(keyOf(del(' spaced key ')), ' spaced key ');
  assert.equal(keyOf(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(del('bom'))])), 'bom');
  assert.equal(keyOf(Buffer.from(del('ключ/😀'))), 'ключ/😀');
});

test('hostile documents are MalformedXML, never a crash or an InternalError', () => {
  malformed('<?xml version="1.0"?><!DOCTYPE Delete [<!ENTITY x "abc">]>' + del('&x;'), 'internal entity');
  malformed('<!DOCTYPE Delete [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + del('&x;'), 'external entity');
  malformed('<!DOCTYPE Delete [<!ENTITY % p "x"> %p;]>' + del('a'), 'parameter entity');
  const bomb =
    '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>';
  malformed(bomb + del('&c;&c;&c;'), 'entity expansion');
  malformed('<Delete>' + '<a>'.repeat(100_000) + '</a>'.repeat(100_000) + '</Delete>', 'deep nesting');
  malformed('<Delete>' + '<a>'.repeat(40) + '</a>'.repeat(40) + '</Delete>', 'nesting beyond the limit');
  malformed('<Delete><__proto__><Key>a</Key></__proto__></Delete>', '__proto__');
  malformed('<Delete><constructor>x</constructor>' + '</Delete>', 'constructor');
  malformed('<__proto__/>', '__proto__ root');
  malformed(del('a&nbsp;b'), 'HTML entity');
  malformed(del('a&b'), 'bare ampersand');
  malformed(del('a&unknown;b'), 'undefined entity');
  malformed('', 'empty');
  malformed('<a/><b/>', 'two roots');
});

test('NUL, other non-characters and invalid UTF-8 are refused, not turned into another key', () => {
  malformed(del('a\u0000b'), 'raw NUL');
  malformed(del('a&#0;b'), 'NUL reference');
  malformed(del('a&#x0;b'), 'NUL hex reference');
  malformed(del('a\u0001b'), 'raw control character');
  malformed(del('a&#1;b'), 'control character reference');
  malformed(del('a&#xD800;b'), 'surrogate reference');
  malformed(del('a&#x110000;b'), 'beyond Unicode');
  malformed(del('a&#xFFFE;b'), 'U+FFFE');
  malformed(del('<![CDATA[a\u0000b]]>'), 'NUL in CDATA');
  malformed(
    Buffer.concat([Buffer.from('<Delete><Object><Key>a'), Buffer.from([0xff]), Buffer.from('b</Key></Object></Delete>')]),
    'invalid byte',
  );
  malformed(
    Buffer.concat([Buffer.from('<Delete><Object><Key>a'), Buffer.from([0xc3]), Buffer.from('</Key></Object></Delete>')]),
    'truncated sequence',
  );
  malformed(
    Buffer.concat([Buffer.from('<Delete><Object><Key>'), Buffer.from([0xc0, 0xaf]), Buffer.from('</Key></Object></Delete>')]),
    'overlong /',
  );
  malformed(
    Buffer.concat([Buffer.from('<Delete><Object><Key>'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('</Key></Object></Delete>')]),
    'encoded surrogate',
  );
});
