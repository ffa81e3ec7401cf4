import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LifecycleConfiguration, LifecycleRule } from '../../storage/index.js';
import { REAL_DAY_MS, commonPrefix, expirationHeader, expirationOf, lifecycleDue, ruleApplies } from './rules.js';

const rule = (over: Partial<LifecycleRule>): LifecycleRule => ({ id: 'r', enabled: true, filter: {}, expiration: { days: 1 }, ...over });
const obj = (key: string, sizeBytes = 10, tags?: { key: string; value: string }[]) => ({
  key,
  sizeBytes,
  lastModified: new Date('2012-12-20T10:30:00Z'),
  ...(tags !== undefined ? { tags } : {}),
});

test('ruleApplies: prefix, tags, sizes and And hold together; disabled rules never apply', () => {
  assert.equal(ruleApplies(rule({ filter: {} }), obj('any')), true);
  assert.equal(ruleApplies(rule({ enabled: false }), obj('any')), false);
  assert.equal(ruleApplies(rule({ filter: { prefix: 'logs/' } }), obj('logs/a')), true);
  assert.equal(ruleApplies(rule({ filter: { prefix: 'logs/' } }), obj('log/a')), false);
  const tagged = rule({
    filter: {
      tags: [
        { key: 'tier', value: 'tmp' },
        { key: 'team', value: '' },
      ],
    },
  });
  assert.equal(
    ruleApplies(
      tagged,
      obj('k', 1, [
        { key: 'team', value: '' },
        { key: 'x', value: 'y' },
        { key: 'tier', value: 'tmp' },
      ]),
    ),
    true,
  );
  assert.equal(ruleApplies(tagged, obj('k', 1, [{ key: 'tier', value: 'tmp' }])), false, 'every tag must be present');
  assert.equal(
    ruleApplies(
      tagged,
      obj('k', 1, [
        { key: 'tier', value: 'TMP' },
        { key: 'team', value: '' },
      ]),
    ),
    false,
    'values compare exactly',
  );
  assert.equal(ruleApplies(tagged, obj('k')), false, 'an object without tags');
  const sized = rule({ filter: { objectSizeGreaterThan: 10, objectSizeLessThan: 20 } });
  assert.equal(ruleApplies(sized, obj('k', 10)), false, 'strictly greater');
  assert.equal(ruleApplies(sized, obj('k', 11)), true);
  assert.equal(ruleApplies(sized, obj('k', 20)), false, 'strictly less');
  const and = rule({ filter: { prefix: 'p/', tags: [{ key: 'a', value: '1' }], objectSizeLessThan: 100 } });
  assert.equal(ruleApplies(and, obj('p/x', 5, [{ key: 'a', value: '1' }])), true);
  assert.equal(ruleApplies(and, obj('q/x', 5, [{ key: 'a', value: '1' }])), false);
  assert.equal(ruleApplies(and, obj('p/x', 500, [{ key: 'a', value: '1' }])), false);
  // Delete markers: only key conditions select them.
  assert.equal(
    ruleApplies(rule({ filter: { prefix: 'p/', objectSizeGreaterThan: 5 } }), { key: 'p/x', sizeBytes: 0, deleteMarker: true }),
    true,
  );
  assert.equal(ruleApplies(and, { key: 'p/x', sizeBytes: 0, deleteMarker: true }), false);
});

test('real days: creation + days rounded up to the next midnight UTC', () => {
  assert.equal(lifecycleDue(new Date('2014-01-15T10:30:00Z'), 3, REAL_DAY_MS).toISOString(), '2014-01-19T00:00:00.000Z');
  assert.equal(lifecycleDue(new Date('2014-01-15T23:59:59.999Z'), 1, REAL_DAY_MS).toISOString(), '2014-01-17T00:00:00.000Z');
  assert.equal(lifecycleDue(new Date('2014-01-15T00:00:00Z'), 1, REAL_DAY_MS).toISOString(), '2014-01-16T00:00:00.000Z');
});

test('compressed days: exactly creation + days × dayMs, no rounding', () => {
  assert.equal(lifecycleDue(new Date(1_000), 3, 250).getTime(), 1_750);
});

test('expirationOf: the earliest enabled Expiration that applies, Days against Date', () => {
  const config: LifecycleConfiguration = {
    rules: [
      rule({ id: 'late', expiration: { days: 30 } }),
      rule({ id: 'dated', expiration: { date: new Date('2013-01-01T00:00:00Z') } }),
      rule({ id: 'soon-but-off', enabled: false, expiration: { days: 1 } }),
      rule({ id: 'other-prefix', filter: { prefix: 'x/' }, expiration: { days: 1 } }),
      { id: 'noncurrent-only', enabled: true, filter: {}, noncurrentVersionExpiration: { noncurrentDays: 1 } },
    ],
  };
  const info = obj('photos/cat.jpg');
  assert.deepEqual(expirationOf(config, info, REAL_DAY_MS), { date: new Date('2013-01-01T00:00:00Z'), ruleId: 'dated' });
  const sooner = { rules: [...config.rules, rule({ id: 'three-days', expiration: { days: 3 } })] };
  assert.deepEqual(expirationOf(sooner, info, REAL_DAY_MS), { date: new Date('2012-12-24T00:00:00Z'), ruleId: 'three-days' });
  assert.equal(expirationOf(config, { ...info, deleteMarker: true }, REAL_DAY_MS), undefined);
  assert.equal(expirationOf(undefined, info, REAL_DAY_MS), undefined);
  assert.equal(expirationOf({ rules: [config.rules[3]!] }, info, REAL_DAY_MS), undefined);
});

test('expirationHeader: the x-amz-expiration value S3 sends', () => {
  const config: LifecycleConfiguration = { rules: [rule({ id: 'picture-deletion-rule', expiration: { days: 3 } })] };
  assert.equal(
    expirationHeader(config, obj('a'), REAL_DAY_MS),
    'expiry-date="Mon, 24 Dec 2012 00:00:00 GMT", rule-id="picture-deletion-rule"',
  );
  const spaced: LifecycleConfiguration = { rules: [rule({ id: 'a rule/1', expiration: { date: new Date('2012-12-23T00:00:00Z') } })] };
  assert.equal(expirationHeader(spaced, obj('a'), REAL_DAY_MS), 'expiry-date="Sun, 23 Dec 2012 00:00:00 GMT", rule-id="a%20rule%2F1"');
  assert.equal(expirationHeader({ rules: [] }, obj('a'), REAL_DAY_MS), undefined);
});

test('commonPrefix: what every enabled rule starts with', () => {
  assert.equal(commonPrefix([rule({ filter: { prefix: 'logs/2024/' } }), rule({ filter: { prefix: 'logs/2023/' } })]), 'logs/202');
  assert.equal(commonPrefix([rule({ filter: { prefix: 'logs/' } }), rule({ filter: {} })]), '');
  assert.equal(commonPrefix([rule({ filter: { prefix: 'logs/' } }), rule({ enabled: false, filter: { prefix: 'x' } })]), 'logs/');
  assert.equal(commonPrefix([]), '');
});
