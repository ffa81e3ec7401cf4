import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ObjectInfo } from '../../storage/index.js';
import type { RequestContext } from '../context.js';
import { bypassGovernance, lockHeaders, lockSettingsFromRequest } from './objectLockHeaders.js';

/** Only the request headers are read by these functions. */
function ctxWith(headers: Record<string, string>): RequestContext {
  return { req: { headers } } as unknown as RequestContext;
}

const now = new Date('2026-01-01T00:00:00Z');
const invalidArgument = { code: 'InvalidArgument', status: 400 };

test('lockSettingsFromRequest reads retention and legal hold headers', () => {
  assert.deepEqual(lockSettingsFromRequest(ctxWith({}), now), {});
  assert.deepEqual(
    lockSettingsFromRequest(
      ctxWith({ 'x-amz-object-lock-mode': 'GOVERNANCE', 'x-amz-object-lock-retain-until-date': '2030-01-01T00:00:00.000Z' }),
      now,
    ),
    { retention: { mode: 'GOVERNANCE', retainUntil: new Date('2030-01-01T00:00:00Z') } },
  );
  assert.deepEqual(
    lockSettingsFromRequest(
      ctxWith({
        'x-amz-object-lock-mode': 'COMPLIANCE',
        'x-amz-object-lock-retain-until-date': '2030-01-01T00:00:00Z',
        'x-amz-object-lock-legal-hold': 'ON',
      }),
      now,
    ),
    { retention: { mode: 'COMPLIANCE', retainUntil: new Date('2030-01-01T00:00:00Z') }, legalHold: true },
  );
  assert.deepEqual(lockSettingsFromRequest(ctxWith({ 'x-amz-object-lock-legal-hold': 'OFF' }), now), { legalHold: false });
});

test('lockSettingsFromRequest refuses every fault with InvalidArgument', () => {
  assert.throws(() => lockSettingsFromRequest(ctxWith({ 'x-amz-object-lock-mode': 'GOVERNANCE' }), now), {
    ...invalidArgument,
    message: 'x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied',
  });
  assert.throws(() => lockSettingsFromRequest(ctxWith({ 'x-amz-object-lock-retain-until-date': '2030-01-01T00:00:00Z' }), now), {
    ...invalidArgument,
    message: 'x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied',
  });
  assert.throws(
    () =>
      lockSettingsFromRequest(
        ctxWith({ 'x-amz-object-lock-mode': 'governance', 'x-amz-object-lock-retain-until-date': '2030-01-01T00:00:00Z' }),
        now,
      ),
    invalidArgument,
  );
  assert.throws(
    () =>
      lockSettingsFromRequest(ctxWith({ 'x-amz-object-lock-mode': 'GOVERNANCE', 'x-amz-object-lock-retain-until-date': 'next year' }), now),
    invalidArgument,
  );
  assert.throws(
    () =>
      lockSettingsFromRequest(
        ctxWith({ 'x-amz-object-lock-mode': 'COMPLIANCE', 'x-amz-object-lock-retain-until-date': '2005-10-12' }),
        now,
      ),
    {
      ...invalidArgument,
      message: 'The retain until date must be in the future!',
    },
  );
  assert.throws(
    () =>
      lockSettingsFromRequest(
        ctxWith({ 'x-amz-object-lock-mode': 'COMPLIANCE', 'x-amz-object-lock-retain-until-date': '2026-01-01T00:00:00Z' }),
        now,
      ),
    invalidArgument,
  );
  assert.throws(() => lockSettingsFromRequest(ctxWith({ 'x-amz-object-lock-legal-hold': 'on' }), now), invalidArgument);
  assert.throws(() => lockSettingsFromRequest(ctxWith({ 'x-amz-object-lock-legal-hold': 'true' }), now), invalidArgument);
});

test('bypassGovernance is true only for "true", in any case', () => {
  assert.equal(bypassGovernance(ctxWith({})), false);
  assert.equal(bypassGovernance(ctxWith({ 'x-amz-bypass-governance-retention': 'true' })), true);
  assert.equal(bypassGovernance(ctxWith({ 'x-amz-bypass-governance-retention': 'TRUE' })), true);
  assert.equal(bypassGovernance(ctxWith({ 'x-amz-bypass-governance-retention': 'false' })), false);
  assert.equal(bypassGovernance(ctxWith({ 'x-amz-bypass-governance-retention': '1' })), false);
});

test('lockHeaders answers the version lock state that is set', () => {
  const base: ObjectInfo = {
    bucket: 'b',
    key: 'k',
    versionId: 'v1',
    sizeBytes: 0,
    etag: 'e',
    lastModified: new Date(0),
    metadata: { userMetadata: {} },
    storageClass: 'STANDARD',
  };
  assert.deepEqual(lockHeaders(base), {});
  assert.deepEqual(
    lockHeaders({ ...base, retention: { mode: 'GOVERNANCE', retainUntil: new Date('2030-01-01T00:00:00Z') }, legalHold: false }),
    {
      'x-amz-object-lock-mode': 'GOVERNANCE',
      'x-amz-object-lock-retain-until-date': '2030-01-01T00:00:00.000Z',
      'x-amz-object-lock-legal-hold': 'OFF',
    },
  );
  assert.deepEqual(lockHeaders({ ...base, legalHold: true }), { 'x-amz-object-lock-legal-hold': 'ON' });
});
