// Object lock as a user drives it with `aws s3api`: lock configuration,
// retention, legal holds, the governance bypass, and every refusal on the way.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DAY_MS, cliBench, daysAhead } from './fixture.js';

describe('AWS CLI: versioning, object lock, tagging', { timeout: 300_000 }, () => {
  const bench = cliBench();
  const { api, refused, file, getBody } = bench;

  it('create-bucket --object-lock-enabled-for-bucket, put-object-lock-configuration, retention, legal hold, bypass, and the refusals', async () => {
    const B = 'cli-locked';
    await api('create-bucket', '--bucket', B, '--object-lock-enabled-for-bucket');
    assert.equal((await api('get-bucket-versioning', '--bucket', B))['Status'], 'Enabled');
    assert.deepEqual((await api('get-object-lock-configuration', '--bucket', B))['ObjectLockConfiguration'], {
      ObjectLockEnabled: 'Enabled',
    });
    await refused('InvalidBucketState', 'put-bucket-versioning', '--bucket', B, '--versioning-configuration', 'Status=Suspended');

    await api(
      'put-object-lock-configuration',
      '--bucket',
      B,
      '--object-lock-configuration',
      JSON.stringify({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } } }),
    );
    assert.deepEqual((await api('get-object-lock-configuration', '--bucket', B))['ObjectLockConfiguration'], {
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } },
    });
    await refused(
      'InvalidArgument',
      'put-object-lock-configuration',
      '--bucket',
      B,
      '--object-lock-configuration',
      JSON.stringify({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 0 } } }),
    );
    await refused(
      'MalformedXML',
      'put-object-lock-configuration',
      '--bucket',
      B,
      '--object-lock-configuration',
      JSON.stringify({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1, Years: 1 } } }),
    );

    // An explicit lock and a legal hold on put-object; head-object reports them.
    const until = daysAhead(3);
    const v = (
      await api(
        'put-object',
        '--bucket',
        B,
        '--key',
        'locked',
        '--body',
        await file('body', 'locked'),
        '--object-lock-mode',
        'GOVERNANCE',
        '--object-lock-retain-until-date',
        until,
        '--object-lock-legal-hold-status',
        'ON',
      )
    )['VersionId'] as string;
    const head = await api('head-object', '--bucket', B, '--key', 'locked', '--version-id', v);
    assert.equal(head['ObjectLockMode'], 'GOVERNANCE');
    assert.equal(new Date(head['ObjectLockRetainUntilDate'] as string).getTime(), new Date(until).getTime());
    assert.equal(head['ObjectLockLegalHoldStatus'], 'ON');
    assert.deepEqual((await api('get-object-legal-hold', '--bucket', B, '--key', 'locked', '--version-id', v))['LegalHold'], {
      Status: 'ON',
    });
    await refused('AccessDenied', 'delete-object', '--bucket', B, '--key', 'locked', '--version-id', v, '--bypass-governance-retention');

    await api('put-object-legal-hold', '--bucket', B, '--key', 'locked', '--version-id', v, '--legal-hold', 'Status=OFF');
    assert.deepEqual((await api('get-object-legal-hold', '--bucket', B, '--key', 'locked', '--version-id', v))['LegalHold'], {
      Status: 'OFF',
    });
    await refused('AccessDenied', 'delete-object', '--bucket', B, '--key', 'locked', '--version-id', v);

    const shorter = daysAhead(2);
    await refused(
      'AccessDenied',
      'put-object-retention',
      '--bucket',
      B,
      '--key',
      'locked',
      '--version-id',
      v,
      '--retention',
      JSON.stringify({ Mode: 'GOVERNANCE', RetainUntilDate: shorter }),
    );
    await api(
      'put-object-retention',
      '--bucket',
      B,
      '--key',
      'locked',
      '--version-id',
      v,
      '--retention',
      JSON.stringify({ Mode: 'GOVERNANCE', RetainUntilDate: shorter }),
      '--bypass-governance-retention',
    );
    const kept = (await api('get-object-retention', '--bucket', B, '--key', 'locked', '--version-id', v))['Retention'] as {
      Mode: string;
      RetainUntilDate: string;
    };
    assert.equal(kept.Mode, 'GOVERNANCE');
    assert.equal(new Date(kept.RetainUntilDate).getTime(), new Date(shorter).getTime());
    await refused(
      'InvalidArgument',
      'put-object-retention',
      '--bucket',
      B,
      '--key',
      'locked',
      '--version-id',
      v,
      '--retention',
      JSON.stringify({ Mode: 'GOVERNANCE', RetainUntilDate: new Date(Date.now() - DAY_MS).toISOString() }),
      '--bypass-governance-retention',
    );
    await api('delete-object', '--bucket', B, '--key', 'locked', '--version-id', v, '--bypass-governance-retention');
    // HEAD errors carry no body: the CLI reports the status instead of a code.
    await refused('404', 'head-object', '--bucket', B, '--key', 'locked', '--version-id', v);

    // COMPLIANCE: the bypass does not help.
    const c = (
      await api(
        'put-object',
        '--bucket',
        B,
        '--key',
        'compliance',
        '--body',
        await file('body', 'c'),
        '--object-lock-mode',
        'COMPLIANCE',
        '--object-lock-retain-until-date',
        daysAhead(3),
      )
    )['VersionId'] as string;
    await refused(
      'AccessDenied',
      'delete-object',
      '--bucket',
      B,
      '--key',
      'compliance',
      '--version-id',
      c,
      '--bypass-governance-retention',
    );
    await refused(
      'AccessDenied',
      'put-object-retention',
      '--bucket',
      B,
      '--key',
      'compliance',
      '--version-id',
      c,
      '--retention',
      JSON.stringify({ Mode: 'GOVERNANCE', RetainUntilDate: daysAhead(3) }),
      '--bypass-governance-retention',
    );
    await api(
      'put-object-retention',
      '--bucket',
      B,
      '--key',
      'compliance',
      '--version-id',
      c,
      '--retention',
      JSON.stringify({ Mode: 'COMPLIANCE', RetainUntilDate: daysAhead(4) }),
    );
    // A plain DELETE only stacks a marker over it.
    assert.equal((await api('delete-object', '--bucket', B, '--key', 'compliance'))['DeleteMarker'], true);
    assert.equal((await getBody(B, 'compliance', c)).body, 'c');

    // Plain buckets: no configuration to read, no lock to put.
    await api('create-bucket', '--bucket', 'cli-plain');
    await refused('ObjectLockConfigurationNotFoundError', 'get-object-lock-configuration', '--bucket', 'cli-plain');
    await refused(
      'InvalidRequest',
      'put-object',
      '--bucket',
      'cli-plain',
      '--key',
      'k',
      '--body',
      await file('body', 'x'),
      '--object-lock-mode',
      'GOVERNANCE',
      '--object-lock-retain-until-date',
      daysAhead(3),
    );
    await refused('InvalidRequest', 'put-object-legal-hold', '--bucket', 'cli-plain', '--key', 'k', '--legal-hold', 'Status=ON');
    await refused(
      'InvalidBucketState',
      'put-object-lock-configuration',
      '--bucket',
      'cli-plain',
      '--object-lock-configuration',
      JSON.stringify({ ObjectLockEnabled: 'Enabled' }),
    );
  });
});
