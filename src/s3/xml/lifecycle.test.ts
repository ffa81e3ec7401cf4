import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LifecycleConfiguration } from '../../storage/index.js';
import { S3Error, type S3ErrorCode } from '../errors.js';
import { lifecycleXml, parseLifecycle } from './lifecycle.js';

const doc = (rules: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<LifecycleConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${rules}</LifecycleConfiguration>`;
/** A rule; one that names neither Filter nor Prefix gets an empty <Filter/> (S3 requires one of them). */
const rule = (body: string): string => (/<(Filter|Prefix)[\s/>]/.test(body) ? `<Rule>${body}</Rule>` : `<Rule><Filter/>${body}</Rule>`);
const ok = '<Status>Enabled</Status><Expiration><Days>1</Days></Expiration>';

function refused(xml: string, code: S3ErrorCode, message?: RegExp): void {
  assert.throws(
    () => parseLifecycle(xml),
    (err: unknown) => {
      assert.ok(err instanceof S3Error, `expected an S3Error, got ${String(err)}`);
      assert.equal(err.code, code, err.message);
      if (message !== undefined) assert.match(err.message, message);
      return true;
    },
  );
}

test('a configuration with every supported element survives a round trip', () => {
  const config: LifecycleConfiguration = {
    rules: [
      {
        id: 'logs',
        enabled: true,
        filter: { prefix: 'logs/' },
        expiration: { days: 30 },
        noncurrentVersionExpiration: { noncurrentDays: 7, newerNoncurrentVersions: 3 },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 2 },
      },
      {
        id: 'tagged & sized',
        enabled: false,
        filter: {
          prefix: 'a<b',
          tags: [
            { key: 'k1', value: 'v1' },
            { key: 'k2', value: '' },
          ],
          objectSizeGreaterThan: 0,
          objectSizeLessThan: 1024,
        },
        expiration: { date: new Date('2031-02-03T00:00:00Z') },
      },
      { id: 'markers', enabled: true, filter: {}, expiration: { expiredObjectDeleteMarker: true } },
      {
        id: 'one-tag',
        enabled: true,
        filter: { tags: [{ key: 'tier', value: 'tmp' }] },
        noncurrentVersionExpiration: { noncurrentDays: 1 },
      },
      { id: 'big', enabled: true, filter: { objectSizeGreaterThan: 1_000_000 }, expiration: { days: 1 } },
      { id: 'empty-prefix', enabled: true, filter: { prefix: '' }, abortIncompleteMultipartUpload: { daysAfterInitiation: 1 } },
    ],
  };
  const xml = lifecycleXml(config);
  assert.match(
    xml,
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<LifecycleConfiguration xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/">/,
  );
  assert.match(xml, /<Filter><And><Prefix>a&lt;b<\/Prefix><Tag><Key>k1<\/Key>/);
  assert.match(xml, /<Filter><Tag><Key>tier<\/Key><Value>tmp<\/Value><\/Tag><\/Filter>/);
  assert.match(xml, /<Date>2031-02-03T00:00:00.000Z<\/Date>/);
  assert.deepEqual(parseLifecycle(xml), config);
});

test('what clients send parses to the model', () => {
  const parsed = parseLifecycle(
    doc(`
    <Rule>
      <ID>legacy</ID>
      <Prefix>old/</Prefix>
      <Status>Enabled</Status>
      <Expiration><Date>2030-01-01T00:00:00Z</Date></Expiration>
    </Rule>
    <Rule>
      <ID>and</ID>
      <Filter><And><Prefix>p/</Prefix><ObjectSizeLessThan>10</ObjectSizeLessThan></And></Filter>
      <Status> Disabled </Status>
      <NoncurrentVersionExpiration><NoncurrentDays>5</NoncurrentDays></NoncurrentVersionExpiration>
    </Rule>
    <Rule><Filter/><Status>Enabled</Status><Expiration><Date>2030-06-01</Date></Expiration></Rule>
    <Rule><Filter><Prefix></Prefix></Filter><Status>Enabled</Status><Expiration><ExpiredObjectDeleteMarker>false</ExpiredObjectDeleteMarker></Expiration></Rule>`),
  );
  assert.deepEqual(parsed.rules[0], {
    id: 'legacy',
    enabled: true,
    filter: { prefix: 'old/' },
    ruleLevelPrefix: true,
    expiration: { date: new Date('2030-01-01T00:00:00Z') },
  });
  assert.deepEqual(parsed.rules[1], {
    id: 'and',
    enabled: false,
    filter: { prefix: 'p/', objectSizeLessThan: 10 },
    noncurrentVersionExpiration: { noncurrentDays: 5 },
  });
  assert.deepEqual(parsed.rules[2]?.filter, {});
  assert.deepEqual(parsed.rules[2]?.expiration, { date: new Date('2030-06-01T00:00:00Z') });
  assert.deepEqual(parsed.rules[3]?.expiration, { expiredObjectDeleteMarker: false });
});

test('rules without an ID get a unique generated one', () => {
  const parsed = parseLifecycle(doc(rule(ok) + rule(`<ID></ID>${ok}`) + rule(`<ID>given</ID>${ok}`)));
  const ids = parsed.rules.map((r) => r.id);
  assert.equal(ids[2], 'given');
  assert.equal(new Set(ids).size, 3);
  for (const id of ids.slice(0, 2)) assert.ok(id.length > 0 && id.length <= 255);
});

test('structural mistakes are MalformedXML', () => {
  refused(doc('<Rule><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>'), 'MalformedXML', /needs a Filter/);
  refused('<LifecycleConfiguration><Rule>', 'MalformedXML');
  refused('<VersioningConfiguration/>', 'MalformedXML', /root element/);
  refused(doc(''), 'MalformedXML', /at least one Rule/);
  refused(doc(rule('<Expiration><Days>1</Days></Expiration>')), 'MalformedXML', /Status/);
  refused(doc(rule('<Status>enabled</Status><Expiration><Days>1</Days></Expiration>')), 'MalformedXML', /Enabled or Disabled/);
  refused(doc(rule(`<Prefix>a</Prefix><Filter><Prefix>b</Prefix></Filter>${ok}`)), 'MalformedXML', /both a Filter and a rule-level Prefix/);
  refused(doc(rule(`<Filter><Prefix>a</Prefix><ObjectSizeLessThan>5</ObjectSizeLessThan></Filter>${ok}`)), 'MalformedXML', /exactly one/);
  refused(
    doc(rule(`<Filter><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>b</Key><Value>2</Value></Tag></Filter>${ok}`)),
    'MalformedXML',
    /exactly one/,
  );
  refused(doc(rule(`<Filter><And></And></Filter>${ok}`)), 'MalformedXML', /And must contain/);
  refused(doc(rule(`<Filter><Tag><Value>1</Value></Tag></Filter>${ok}`)), 'MalformedXML', /Key/);
  refused(doc(rule('<Status>Enabled</Status><Expiration></Expiration>')), 'MalformedXML', /Days, Date or ExpiredObjectDeleteMarker/);
  refused(
    doc(rule('<Status>Enabled</Status><Expiration><Days>1</Days><Date>2030-01-01T00:00:00Z</Date></Expiration>')),
    'MalformedXML',
    /not both/,
  );
  refused(
    doc(rule('<Status>Enabled</Status><Expiration><Days>1</Days><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>')),
    'MalformedXML',
    /ExpiredObjectDeleteMarker cannot be specified with Days or Date/,
  );
  refused(
    doc(
      rule(
        '<Status>Enabled</Status><Expiration><Date>2030-01-01T00:00:00Z</Date><ExpiredObjectDeleteMarker>false</ExpiredObjectDeleteMarker></Expiration>',
      ),
    ),
    'MalformedXML',
    /ExpiredObjectDeleteMarker cannot/,
  );
  refused(
    doc(rule('<Status>Enabled</Status><Expiration><ExpiredObjectDeleteMarker>yes</ExpiredObjectDeleteMarker></Expiration>')),
    'MalformedXML',
    /true or false/,
  );
  refused(doc(rule('<Status>Enabled</Status><Expiration><Days>ten</Days></Expiration>')), 'MalformedXML', /whole number/);
  refused(
    doc(
      rule(
        '<Status>Enabled</Status><NoncurrentVersionExpiration><NewerNoncurrentVersions>2</NewerNoncurrentVersions></NoncurrentVersionExpiration>',
      ),
    ),
    'MalformedXML',
    /NoncurrentDays/,
  );
  refused(doc(rule('<Status>Enabled</Status><Expirations><Days>1</Days></Expirations>')), 'MalformedXML', /Unexpected element Expirations/);
  refused(
    doc(rule(`<Status>Enabled</Status>${ok.replace('<Status>Enabled</Status>', '')}<Expiration><Days>2</Days></Expiration>`)),
    'MalformedXML',
    /only one Expiration/,
  );
});

test('values S3 refuses are refused with its codes', () => {
  refused(doc(rule(ok).repeat(1001)), 'InvalidArgument', /at most 1000 rules/);
  refused(doc(rule(`<ID>same</ID>${ok}`) + rule(`<ID>same</ID>${ok}`)), 'InvalidArgument', /Rule ID must be unique/);
  refused(doc(rule(`<ID>${'x'.repeat(256)}</ID>${ok}`)), 'InvalidArgument', /255/);
  refused(
    doc(rule('<Status>Enabled</Status><Filter><Prefix>a</Prefix></Filter>')),
    'InvalidRequest',
    /At least one action needs to be specified in a rule/,
  );
  refused(
    doc(rule('<Status>Enabled</Status><Expiration><Days>0</Days></Expiration>')),
    'InvalidArgument',
    /'Days' for Expiration action must be a positive integer/,
  );
  refused(doc(rule('<Status>Enabled</Status><Expiration><Days>-3</Days></Expiration>')), 'InvalidArgument', /positive integer/);
  refused(
    doc(rule('<Status>Enabled</Status><NoncurrentVersionExpiration><NoncurrentDays>0</NoncurrentDays></NoncurrentVersionExpiration>')),
    'InvalidArgument',
    /NoncurrentDays/,
  );
  refused(
    doc(
      rule(
        '<Status>Enabled</Status><NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays><NewerNoncurrentVersions>101</NewerNoncurrentVersions></NoncurrentVersionExpiration>',
      ),
    ),
    'InvalidArgument',
    /at most 100/,
  );
  refused(
    doc(
      rule(
        '<Status>Enabled</Status><AbortIncompleteMultipartUpload><DaysAfterInitiation>0</DaysAfterInitiation></AbortIncompleteMultipartUpload>',
      ),
    ),
    'InvalidArgument',
    /DaysAfterInitiation/,
  );
  refused(
    doc(rule('<Status>Enabled</Status><Expiration><Date>2030-01-01T10:00:00Z</Date></Expiration>')),
    'InvalidArgument',
    /'Date' must be at midnight GMT/,
  );
  refused(
    doc(rule('<Status>Enabled</Status><Expiration><Date>2030-01-01T00:00:00+02:00</Date></Expiration>')),
    'InvalidArgument',
    /midnight GMT/,
  );
  refused(doc(rule('<Status>Enabled</Status><Expiration><Date>next tuesday</Date></Expiration>')), 'InvalidArgument', /ISO 8601/);
  const tagFilter = '<Filter><Tag><Key>k</Key><Value>v</Value></Tag></Filter>';
  refused(
    doc(rule(`${tagFilter}<Status>Enabled</Status><Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>`)),
    'InvalidRequest',
    /Tag-based filter cannot be used with ExpiredObjectDeleteMarker/,
  );
  refused(
    doc(
      rule(
        `<Filter><And><Prefix>p</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></And></Filter><Status>Enabled</Status><AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload>`,
      ),
    ),
    'InvalidRequest',
    /Tag-based filter cannot be used with AbortIncompleteMultipartUpload/,
  );
  refused(
    doc(rule(`<Filter><And><Tag><Key>k</Key><Value>1</Value></Tag><Tag><Key>k</Key><Value>2</Value></Tag></And></Filter>${ok}`)),
    'InvalidRequest',
    /Duplicate Tag Keys/,
  );
  refused(
    doc(
      rule(
        `<Filter><And><ObjectSizeGreaterThan>100</ObjectSizeGreaterThan><ObjectSizeLessThan>100</ObjectSizeLessThan></And></Filter>${ok}`,
      ),
    ),
    'InvalidRequest',
    /must be less than ObjectSizeLessThan/,
  );
  refused(doc(rule(`<Filter><ObjectSizeLessThan>0</ObjectSizeLessThan></Filter>${ok}`)), 'InvalidRequest', /greater than 0/);
  refused(doc(rule(`<Filter><ObjectSizeGreaterThan>-1</ObjectSizeGreaterThan></Filter>${ok}`)), 'InvalidArgument', /whole number of bytes/);
  refused(doc(rule(`<Filter><Prefix>${'p'.repeat(1025)}</Prefix></Filter>${ok}`)), 'InvalidArgument', /1024 bytes/);
});

test('transitions are refused, not ignored', () => {
  refused(
    doc(rule('<Status>Enabled</Status><Transition><Days>30</Days><StorageClass>GLACIER</StorageClass></Transition>')),
    'NotImplemented',
    /transitions/i,
  );
  refused(
    doc(
      rule(
        `${ok}<NoncurrentVersionTransition><NoncurrentDays>30</NoncurrentDays><StorageClass>GLACIER</StorageClass></NoncurrentVersionTransition>`,
      ),
    ),
    'NotImplemented',
    /single storage class/,
  );
});

test('a rule written with the legacy rule-level Prefix is written back that way; a Filter stays a Filter', () => {
  const xml = lifecycleXml(
    parseLifecycle(
      doc(
        `<Rule><ID>legacy</ID><Prefix>old/</Prefix>${ok}</Rule><Rule><ID>empty</ID><Prefix></Prefix>${ok}</Rule><Rule><ID>f</ID><Filter><Prefix>new/</Prefix></Filter>${ok}</Rule>`,
      ),
    ),
  );
  assert.match(xml, /<Rule><ID>legacy<\/ID><Prefix>old\/<\/Prefix><Status>Enabled<\/Status>/);
  assert.match(xml, /<Rule><ID>empty<\/ID><Prefix><\/Prefix><Status>/);
  assert.match(xml, /<Rule><ID>f<\/ID><Filter><Prefix>new\/<\/Prefix><\/Filter><Status>/);
  assert.doesNotMatch(xml, /<ID>legacy<\/ID><Filter>/);
});

test('numbers in the document are xs:int: 1.0, 0x1 or 1e0 are not 1', () => {
  for (const days of ['1.0', '0x1', '1e0', '', 'one', '2147483648']) {
    refused(doc(rule(`<Status>Enabled</Status><Expiration><Days>${days}</Days></Expiration>`)), 'MalformedXML', /whole number/);
  }
  assert.equal(
    parseLifecycle(doc(rule('<Status>Enabled</Status><Expiration><Days> 7 </Days></Expiration>'))).rules[0]?.expiration?.days,
    7,
  );
});
