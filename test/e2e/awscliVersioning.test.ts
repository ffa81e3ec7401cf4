// Versioning, object lock and tagging as a user drives them with `aws s3api`:
// its JSON answers parsed, its own paging of list-object-versions followed,
// and the refusals read from its stderr ("An error occurred (Code) ...").
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startServer, type RunningServer } from './harness.js';
import { aws, awsEnv } from './tools.js';
import { unknownVersionLike } from './versionTools.js';

const DAY_MS = 86_400_000;
const daysAhead = (days: number): string =>
  new Date(Math.floor(Date.now() / 1000) * 1000 + days * DAY_MS).toISOString().replace('.000Z', 'Z');

interface CliVersion {
  Key: string;
  VersionId: string;
  IsLatest: boolean;
}

describe('AWS CLI: versioning, object lock, tagging', { timeout: 300_000 }, () => {
  let server: RunningServer;
  let work: string;
  let env: NodeJS.ProcessEnv;
  /** Runs `aws s3api ...` and parses its JSON answer ({} when it prints nothing). */
  const api = async (...args: string[]): Promise<Record<string, unknown>> => {
    const { stdout } = await aws(server, ['s3api', ...args], env);
    return stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>);
  };
  /** Runs `aws s3api ...`, which must fail with this S3 error code; returns its stderr. */
  const refused = async (code: string, ...args: string[]): Promise<string> => {
    try {
      await aws(server, ['s3api', ...args], env);
    } catch (err) {
      const stderr = String((err as { stderr?: string }).stderr);
      assert.match(stderr, new RegExp(`An error occurred \\(${code}\\)`), `aws s3api ${args.join(' ')}`);
      return stderr;
    }
    assert.fail(`aws s3api ${args.join(' ')} should have failed with ${code}`);
  };
  const file = async (name: string, content: string): Promise<string> => {
    const path = join(work, name);
    await writeFile(path, content);
    return path;
  };
  const getBody = async (bucket: string, key: string, versionId?: string): Promise<{ body: string; answer: Record<string, unknown> }> => {
    const out = join(work, 'download');
    const answer = await api(
      'get-object',
      '--bucket',
      bucket,
      '--key',
      key,
      ...(versionId !== undefined ? ['--version-id', versionId] : []),
      out,
    );
    return { body: await readFile(out, 'utf8'), answer };
  };

  before(async () => {
    server = await startServer();
    work = await mkdtemp(join(tmpdir(), 'lode-cli-versions-'));
    env = { ...(await awsEnv()), AWS_MAX_ATTEMPTS: '1', AWS_RETRY_MODE: 'standard' };
  });
  after(async () => {
    await server?.dispose();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
    if (env?.['AWS_CONFIG_FILE'] !== undefined) await rm(dirname(env['AWS_CONFIG_FILE']), { recursive: true, force: true });
  });

  it('put-bucket-versioning, put-object, list-object-versions (paged by the CLI), get/head/delete-object --version-id, delete markers', async () => {
    const B = 'cli-versions';
    await api('create-bucket', '--bucket', B);
    const fresh = await api('get-bucket-versioning', '--bucket', B);
    assert.equal(fresh['Status'], undefined);
    await api('put-bucket-versioning', '--bucket', B, '--versioning-configuration', 'Status=Enabled');
    assert.equal((await api('get-bucket-versioning', '--bucket', B))['Status'], 'Enabled');

    const ids: string[] = [];
    for (const body of ['one', 'two', 'three']) {
      const put = await api('put-object', '--bucket', B, '--key', 'data/file.txt', '--body', await file('body', body));
      assert.equal(typeof put['VersionId'], 'string');
      ids.push(put['VersionId'] as string);
    }
    assert.equal(new Set(ids).size, 3);
    const otherIds: string[] = [];
    for (const body of ['a', 'b'])
      otherIds.push(
        (await api('put-object', '--bucket', B, '--key', 'data/other.txt', '--body', await file('body', body)))['VersionId'] as string,
      );
    const del = await api('delete-object', '--bucket', B, '--key', 'data/other.txt');
    assert.equal(del['DeleteMarker'], true);
    const marker = del['VersionId'] as string;
    assert.ok(marker);

    const all = await api('list-object-versions', '--bucket', B);
    const versions = all['Versions'] as CliVersion[];
    const markers = all['DeleteMarkers'] as CliVersion[];
    assert.deepEqual(
      versions.map((v) => [v.Key, v.VersionId, v.IsLatest]),
      [
        ['data/file.txt', ids[2], true],
        ['data/file.txt', ids[1], false],
        ['data/file.txt', ids[0], false],
        ['data/other.txt', otherIds[1], false],
        ['data/other.txt', otherIds[0], false],
      ],
    );
    assert.deepEqual(
      markers.map((m) => [m.Key, m.VersionId, m.IsLatest]),
      [['data/other.txt', marker, true]],
    );
    // The CLI pages one entry at a time with key-marker / version-id-marker and must get the same answer.
    const paged = await api('list-object-versions', '--bucket', B, '--page-size', '1');
    assert.deepEqual(paged['Versions'], versions);
    assert.deepEqual(paged['DeleteMarkers'], markers);
    // --max-items hands out a NextToken that --starting-token resumes from. (botocore counts and
    // resumes the primary result key, Versions; it blanks DeleteMarkers on the first resumed page.)
    const first = await api('list-object-versions', '--bucket', B, '--page-size', '2', '--max-items', '2');
    assert.equal(typeof first['NextToken'], 'string');
    const rest = await api('list-object-versions', '--bucket', B, '--page-size', '2', '--starting-token', first['NextToken'] as string);
    const seen = [first, rest].flatMap((page) => ((page['Versions'] as CliVersion[] | undefined) ?? []).map((v) => v.VersionId));
    assert.deepEqual(
      seen,
      versions.map((v) => v.VersionId),
    );

    const old = await getBody(B, 'data/file.txt', ids[0]);
    assert.equal(old.body, 'one');
    assert.equal(old.answer['VersionId'], ids[0]);
    assert.equal((await getBody(B, 'data/file.txt')).body, 'three');
    const head = await api('head-object', '--bucket', B, '--key', 'data/file.txt', '--version-id', ids[1]!);
    assert.equal(head['VersionId'], ids[1]);
    assert.equal(head['ContentLength'], 3);

    const gone = await api('delete-object', '--bucket', B, '--key', 'data/file.txt', '--version-id', ids[2]!);
    assert.equal(gone['VersionId'], ids[2]);
    assert.equal((await getBody(B, 'data/file.txt')).body, 'two');

    await refused('NoSuchKey', 'get-object', '--bucket', B, '--key', 'data/other.txt', join(work, 'x'));
    await refused('MethodNotAllowed', 'get-object', '--bucket', B, '--key', 'data/other.txt', '--version-id', marker, join(work, 'x'));
    await refused('InvalidArgument', 'get-object', '--bucket', B, '--key', 'data/file.txt', '--version-id', 'abc', join(work, 'x'));
    const unknown = unknownVersionLike(ids[0]!);
    await refused('NoSuchVersion', 'get-object', '--bucket', B, '--key', 'data/file.txt', '--version-id', unknown, join(work, 'x'));
    await refused('BucketNotEmpty', 'delete-bucket', '--bucket', B);

    const unmark = await api('delete-object', '--bucket', B, '--key', 'data/other.txt', '--version-id', marker);
    assert.equal(unmark['DeleteMarker'], true);
    assert.equal((await getBody(B, 'data/other.txt')).body, 'b');

    // Suspended: writes are the "null" version.
    await api('put-bucket-versioning', '--bucket', B, '--versioning-configuration', 'Status=Suspended');
    assert.equal((await api('get-bucket-versioning', '--bucket', B))['Status'], 'Suspended');
    assert.equal(
      (await api('put-object', '--bucket', B, '--key', 'data/file.txt', '--body', await file('body', 'suspended')))['VersionId'],
      'null',
    );
    assert.equal((await getBody(B, 'data/file.txt', 'null')).body, 'suspended');
  });

  it('list-object-versions pages keys that need URL encoding (the CLI asks for encoding-type=url)', async () => {
    const B = 'cli-odd-keys';
    await api('create-bucket', '--bucket', B);
    await api('put-bucket-versioning', '--bucket', B, '--versioning-configuration', 'Status=Enabled');
    const keys = ['odd dir/a b+c.txt', 'données/été.csv', '100%/done', 'semi;colon$[x]&y=z', 'tab\there'];
    const expected: Array<[string, string]> = [];
    for (const key of keys) {
      for (const n of [1, 2])
        expected.push([
          key,
          (await api('put-object', '--bucket', B, '--key', key, '--body', await file('body', `${key} ${n}`)))['VersionId'] as string,
        ]);
    }
    const paged = await api('list-object-versions', '--bucket', B, '--page-size', '1');
    const got = (paged['Versions'] as CliVersion[]).map((v): [string, string] => [v.Key, v.VersionId]);
    assert.deepEqual([...got].sort(), [...expected].sort());
    // Key order is byte order; within a key, newest first.
    const byteOrder = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    assert.deepEqual([...new Set(got.map(([k]) => k))], byteOrder);
    for (const key of keys) {
      const ids = expected.filter(([k]) => k === key).map(([, id]) => id);
      assert.deepEqual(
        got.filter(([k]) => k === key).map(([, id]) => id),
        [ids[1], ids[0]],
        key,
      );
    }
    const prefixed = await api('list-object-versions', '--bucket', B, '--prefix', 'données/', '--delimiter', '/');
    assert.deepEqual(
      (prefixed['Versions'] as CliVersion[]).map((v) => v.Key),
      ['données/été.csv', 'données/été.csv'],
    );
    const top = await api('list-object-versions', '--bucket', B, '--delimiter', '/', '--page-size', '1');
    assert.deepEqual(
      (top['CommonPrefixes'] as Array<{ Prefix: string }>).map((p) => p.Prefix),
      ['100%/', 'données/', 'odd dir/'],
    );
    assert.deepEqual([...new Set((top['Versions'] as CliVersion[]).map((v) => v.Key))].sort(), ['semi;colon$[x]&y=z', 'tab\there']);
    const old = expected.find(([k]) => k === 'odd dir/a b+c.txt')![1];
    assert.equal((await getBody(B, 'odd dir/a b+c.txt', old)).body, 'odd dir/a b+c.txt 1');
  });

  it('put-object-tagging, get-object-tagging, delete-object-tagging (with and without --version-id), bucket tagging, InvalidTag', async () => {
    const B = 'cli-tags';
    await api('create-bucket', '--bucket', B);
    await api('put-bucket-versioning', '--bucket', B, '--versioning-configuration', 'Status=Enabled');
    const v1 = (await api('put-object', '--bucket', B, '--key', 'doc', '--body', await file('body', '1'), '--tagging', 'a=1&b=2'))[
      'VersionId'
    ] as string;
    const v2 = (await api('put-object', '--bucket', B, '--key', 'doc', '--body', await file('body', '2')))['VersionId'] as string;
    const tags = (answer: Record<string, unknown>): Array<[string, string]> =>
      ((answer['TagSet'] as Array<{ Key: string; Value: string }> | undefined) ?? []).map((t): [string, string] => [t.Key, t.Value]).sort();
    assert.deepEqual(tags(await api('get-object-tagging', '--bucket', B, '--key', 'doc', '--version-id', v1)), [
      ['a', '1'],
      ['b', '2'],
    ]);
    assert.deepEqual(tags(await api('get-object-tagging', '--bucket', B, '--key', 'doc')), []);
    assert.equal((await getBody(B, 'doc', v1)).answer['TagCount'], 2);

    const put = await api(
      'put-object-tagging',
      '--bucket',
      B,
      '--key',
      'doc',
      '--tagging',
      'TagSet=[{Key=team,Value=ml},{Key=env,Value=prod}]',
    );
    assert.equal(put['VersionId'], v2);
    assert.deepEqual(tags(await api('get-object-tagging', '--bucket', B, '--key', 'doc')), [
      ['env', 'prod'],
      ['team', 'ml'],
    ]);
    await api('put-object-tagging', '--bucket', B, '--key', 'doc', '--version-id', v1, '--tagging', 'TagSet=[{Key=gen,Value=first}]');
    assert.deepEqual(tags(await api('get-object-tagging', '--bucket', B, '--key', 'doc', '--version-id', v1)), [['gen', 'first']]);
    assert.deepEqual(tags(await api('get-object-tagging', '--bucket', B, '--key', 'doc', '--version-id', v2)), [
      ['env', 'prod'],
      ['team', 'ml'],
    ]);
    await api('delete-object-tagging', '--bucket', B, '--key', 'doc', '--version-id', v1);
    assert.deepEqual(tags(await api('get-object-tagging', '--bucket', B, '--key', 'doc', '--version-id', v1)), []);
    await api('delete-object-tagging', '--bucket', B, '--key', 'doc');
    assert.deepEqual(tags(await api('get-object-tagging', '--bucket', B, '--key', 'doc')), []);

    await refused('InvalidTag', 'put-object-tagging', '--bucket', B, '--key', 'doc', '--tagging', 'TagSet=[{Key=aws:owner,Value=me}]');
    await refused(
      'InvalidTag',
      'put-object-tagging',
      '--bucket',
      B,
      '--key',
      'doc',
      '--tagging',
      JSON.stringify({ TagSet: [{ Key: 'k'.repeat(129), Value: 'v' }] }),
    );
    await refused(
      'InvalidTag',
      'put-object-tagging',
      '--bucket',
      B,
      '--key',
      'doc',
      '--tagging',
      'TagSet=[{Key=dup,Value=1},{Key=dup,Value=2}]',
    );
    await refused(
      'InvalidArgument',
      'put-object',
      '--bucket',
      B,
      '--key',
      'dup',
      '--body',
      await file('body', 'x'),
      '--tagging',
      'dup=1&dup=2',
    );
    await refused('NoSuchVersion', 'get-object-tagging', '--bucket', B, '--key', 'doc', '--version-id', unknownVersionLike(v1));

    await refused('NoSuchTagSet', 'get-bucket-tagging', '--bucket', B);
    await api('put-bucket-tagging', '--bucket', B, '--tagging', 'TagSet=[{Key=cost-center,Value=42}]');
    assert.deepEqual(tags(await api('get-bucket-tagging', '--bucket', B)), [['cost-center', '42']]);
    await api('delete-bucket-tagging', '--bucket', B);
    await refused('NoSuchTagSet', 'get-bucket-tagging', '--bucket', B);
  });

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
