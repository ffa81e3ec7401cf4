// Object and bucket tagging as a user drives it with `aws s3api`, per version too.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { unknownVersionLike } from '../versionTools.js';
import { cliBench } from './fixture.js';

describe('AWS CLI: versioning, object lock, tagging', { timeout: 300_000 }, () => {
  const bench = cliBench();
  const { api, refused, file, getBody } = bench;

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
});
