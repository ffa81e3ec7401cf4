import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  legalHoldXml,
  objectLockConfigurationXml,
  parseIsoDate,
  parseLegalHold,
  parseObjectLockConfiguration,
  parseRetention,
  retentionXml,
} from './objectLock.js';

const malformed = { code: 'MalformedXML', status: 400 };
const lockDoc = (inner: string): string =>
  `<ObjectLockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${inner}</ObjectLockConfiguration>`;
const rule = (retention: string): string =>
  lockDoc(`<ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention>${retention}</DefaultRetention></Rule>`);

test('parseObjectLockConfiguration reads the configurations S3 accepts', () => {
  assert.deepEqual(parseObjectLockConfiguration(lockDoc('<ObjectLockEnabled>Enabled</ObjectLockEnabled>')), { enabled: true });
  assert.deepEqual(parseObjectLockConfiguration(rule('<Mode>GOVERNANCE</Mode><Days>1</Days>')), {
    enabled: true,
    defaultRetention: { mode: 'GOVERNANCE', days: 1 },
  });
  assert.deepEqual(parseObjectLockConfiguration(rule('<Years>7</Years><Mode>COMPLIANCE</Mode>')), {
    enabled: true,
    defaultRetention: { mode: 'COMPLIANCE', years: 7 },
  });
  assert.deepEqual(parseObjectLockConfiguration(rule('\n  <Mode>GOVERNANCE</Mode>\n  <Days> 30 </Days>\n')), {
    enabled: true,
    defaultRetention: { mode: 'GOVERNANCE', days: 30 },
  });
  assert.deepEqual(parseObjectLockConfiguration(rule('<Mode>GOVERNANCE</Mode><Days>36500</Days>')).defaultRetention, {
    mode: 'GOVERNANCE',
    days: 36500,
  });
});

test('parseObjectLockConfiguration refuses schema violations with MalformedXML', () => {
  const bad = [
    '',
    '<ObjectLockConfiguration>',
    '<LockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled></LockConfiguration>',
    lockDoc(''),
    lockDoc('<ObjectLockEnabled>Disabled</ObjectLockEnabled>'),
    lockDoc('<ObjectLockEnabled>enabled</ObjectLockEnabled>'),
    lockDoc('<ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule/>'),
    lockDoc(
      '<ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>GOVERNANCE</Mode><Days>1</Days></DefaultRetention></Rule><Rule/>',
    ),
    lockDoc('<ObjectLockEnabled>Enabled</ObjectLockEnabled><Other/>'),
    rule('<Mode>GOVERNANCE</Mode><Days>1</Days><Years>1</Years>'),
    rule('<Mode>GOVERNANCE</Mode>'),
    rule('<Days>1</Days>'),
    rule(''),
    rule('<Mode>governance</Mode><Years>1</Years>'),
    rule('<Mode>abc</Mode><Years>1</Years>'),
    rule('<Mode> GOVERNANCE</Mode><Years>1</Years>'),
    rule('<Mode>GOVERNANCE</Mode><Days>abc</Days>'),
    rule('<Mode>GOVERNANCE</Mode><Days>1.5</Days>'),
    rule('<Mode>GOVERNANCE</Mode><Days></Days>'),
    rule('<Mode>GOVERNANCE</Mode><Days>99999999999</Days>'),
    rule('<Mode>GOVERNANCE</Mode><Days>1</Days><Extra/>'),
  ];
  for (const xml of bad) assert.throws(() => parseObjectLockConfiguration(xml), malformed, xml);
});

test('parseObjectLockConfiguration refuses periods that are not positive with InvalidArgument', () => {
  const invalid = { code: 'InvalidArgument', status: 400, message: 'Default retention period must be a positive integer value.' };
  assert.throws(() => parseObjectLockConfiguration(rule('<Mode>GOVERNANCE</Mode><Days>0</Days>')), invalid);
  assert.throws(() => parseObjectLockConfiguration(rule('<Mode>GOVERNANCE</Mode><Years>-1</Years>')), invalid);
  assert.throws(() => parseObjectLockConfiguration(rule('<Mode>COMPLIANCE</Mode><Days>36501</Days>')), { code: 'InvalidArgument' });
  assert.throws(() => parseObjectLockConfiguration(rule('<Mode>COMPLIANCE</Mode><Years>101</Years>')), { code: 'InvalidArgument' });
});

test('objectLockConfigurationXml writes the S3 document and round-trips', () => {
  const enabledOnly = objectLockConfigurationXml({ enabled: true });
  assert.equal(
    enabledOnly,
    '<?xml version="1.0" encoding="UTF-8"?>\n<ObjectLockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><ObjectLockEnabled>Enabled</ObjectLockEnabled></ObjectLockConfiguration>',
  );
  const days = objectLockConfigurationXml({ enabled: true, defaultRetention: { mode: 'GOVERNANCE', days: 5 } });
  assert.ok(days.includes('<Rule><DefaultRetention><Mode>GOVERNANCE</Mode><Days>5</Days></DefaultRetention></Rule>'), days);
  for (const config of [
    { enabled: true as const },
    { enabled: true as const, defaultRetention: { mode: 'COMPLIANCE' as const, years: 3 } },
  ]) {
    assert.deepEqual(parseObjectLockConfiguration(objectLockConfigurationXml(config)), config);
  }
});

test('parseIsoDate reads xsd:dateTime in its common forms', () => {
  const at = (s: string): string | undefined => parseIsoDate(s)?.toISOString();
  assert.equal(at('2030-01-01T00:00:00Z'), '2030-01-01T00:00:00.000Z');
  assert.equal(at('2030-01-01T00:00:00.123Z'), '2030-01-01T00:00:00.123Z');
  assert.equal(at('2030-01-01T00:00:00.123456Z'), '2030-01-01T00:00:00.123Z');
  assert.equal(at('2030-01-01T02:30:00+02:30'), '2030-01-01T00:00:00.000Z');
  assert.equal(at('2029-12-31T19:00:00-0500'), '2030-01-01T00:00:00.000Z');
  assert.equal(at('2030-01-01T00:00Z'), '2030-01-01T00:00:00.000Z');
  assert.equal(at('2030-01-01'), '2030-01-01T00:00:00.000Z');
  assert.equal(at('0050-06-01'), '0050-06-01T00:00:00.000Z');
  for (const bad of [
    '',
    'tomorrow',
    '2030-01-01T00:00:00',
    '2030-13-01',
    '2030-00-10',
    '2030-01-00',
    '2030-02-30',
    '2030-01-01T24:00:00Z',
    '2030-1-1',
    '1893456000',
    'Tue, 01 Jan 2030 00:00:00 GMT',
  ]) {
    assert.equal(parseIsoDate(bad), undefined, bad);
  }
});

test('parseRetention reads a retention, or null for the empty document', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  assert.deepEqual(
    parseRetention('<Retention><Mode>GOVERNANCE</Mode><RetainUntilDate>2030-01-01T00:00:00Z</RetainUntilDate></Retention>', now),
    {
      mode: 'GOVERNANCE',
      retainUntil: new Date('2030-01-01T00:00:00Z'),
    },
  );
  assert.deepEqual(
    parseRetention(
      '<Retention xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\n <Mode>COMPLIANCE</Mode>\n <RetainUntilDate>2026-01-01T00:00:00.001Z</RetainUntilDate>\n</Retention>',
      now,
    ),
    {
      mode: 'COMPLIANCE',
      retainUntil: new Date('2026-01-01T00:00:00.001Z'),
    },
  );
  assert.equal(parseRetention('<Retention/>', now), null);
  assert.equal(parseRetention('<Retention xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></Retention>', now), null);
});

test('parseRetention refuses bad documents and dates not in the future', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const bad = [
    '',
    '<Retention>',
    '<LegalHold><Status>ON</Status></LegalHold>',
    '<Retention><Mode>GOVERNANCE</Mode></Retention>',
    '<Retention><RetainUntilDate>2030-01-01T00:00:00Z</RetainUntilDate></Retention>',
    '<Retention><Mode>governance</Mode><RetainUntilDate>2030-01-01T00:00:00Z</RetainUntilDate></Retention>',
    '<Retention><Mode>abc</Mode><RetainUntilDate>2030-01-01T00:00:00Z</RetainUntilDate></Retention>',
    '<Retention><Mode>GOVERNANCE</Mode><RetainUntilDate>soon</RetainUntilDate></Retention>',
    '<Retention><Mode>GOVERNANCE</Mode><RetainUntilDate>2030-01-01T00:00:00Z</RetainUntilDate><Extra/></Retention>',
  ];
  for (const xml of bad) assert.throws(() => parseRetention(xml, now), malformed, xml);
  const past = { code: 'InvalidArgument', status: 400, message: 'The retain until date must be in the future!' };
  assert.throws(
    () => parseRetention('<Retention><Mode>GOVERNANCE</Mode><RetainUntilDate>2025-12-31T23:59:59Z</RetainUntilDate></Retention>', now),
    past,
  );
  assert.throws(
    () => parseRetention('<Retention><Mode>COMPLIANCE</Mode><RetainUntilDate>2026-01-01T00:00:00Z</RetainUntilDate></Retention>', now),
    past,
  );
});

test('retentionXml writes the date with milliseconds and round-trips', () => {
  const retention = { mode: 'COMPLIANCE' as const, retainUntil: new Date('2030-01-05T00:00:00Z') };
  const xml = retentionXml(retention);
  assert.equal(
    xml,
    '<?xml version="1.0" encoding="UTF-8"?>\n<Retention xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Mode>COMPLIANCE</Mode><RetainUntilDate>2030-01-05T00:00:00.000Z</RetainUntilDate></Retention>',
  );
  assert.deepEqual(parseRetention(xml, new Date('2026-01-01T00:00:00Z')), retention);
});

test('parseLegalHold reads ON and OFF and nothing else', () => {
  assert.equal(parseLegalHold('<LegalHold><Status>ON</Status></LegalHold>'), true);
  assert.equal(parseLegalHold('<LegalHold xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\n  <Status>OFF</Status>\n</LegalHold>'), false);
  const bad = [
    '',
    '<LegalHold/>',
    '<LegalHold><Status>on</Status></LegalHold>',
    '<LegalHold><Status>abc</Status></LegalHold>',
    '<LegalHold><Status/></LegalHold>',
    '<LegalHold><Status>ON</Status><Status>OFF</Status></LegalHold>',
    '<Hold><Status>ON</Status></Hold>',
    '<LegalHold><Status>ON</Status><Extra/></LegalHold>',
  ];
  for (const xml of bad) assert.throws(() => parseLegalHold(xml), malformed, xml);
  assert.equal(parseLegalHold(legalHoldXml(true)), true);
  assert.equal(parseLegalHold(legalHoldXml(false)), false);
  assert.equal(
    legalHoldXml(true),
    '<?xml version="1.0" encoding="UTF-8"?>\n<LegalHold xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>ON</Status></LegalHold>',
  );
});
