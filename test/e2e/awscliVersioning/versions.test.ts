// Versioning as a user drives it with `aws s3api`: versions written, read,
// deleted and listed (paged by the CLI itself, keys that need URL encoding too).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { unknownVersionLike } from '../versionTools.js';
import { cliBench, type CliVersion } from './fixture.js';

describe('AWS CLI: versioning, object lock, tagging', { timeout: 300_000 }, () => {
  const bench = cliBench();
  const { api, refused, file, getBody } = bench;
  let work: string;
  before(() => ({ work } = bench.current()));

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
});
