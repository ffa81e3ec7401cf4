// Expiration rules applied by the background scanner in compressed time: current
// objects on plain and versioned buckets, and noncurrent versions beyond
// NewerNoncurrentVersions (whose 404s must survive a kept-alive connection).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { expectS3Error } from '../expect.js';
import { until, versionsOf, headStatus, readBody, putVersion, parseExpiration, lifecycleBench } from './fixture.js';

describe('bucket lifecycle', () => {
  const bench = lifecycleBench();
  const { createBucket, putRules } = bench;
  let s3: S3Client;
  let errs: S3Client;
  before(() => ({ s3, errs } = bench.current()));

  describe('rules fire in compressed time', () => {
    /** Left by the noncurrent test: a version lifecycle removed, and a big one it kept, of lc-noncurrent/nc/k. */
    let expiredVersionId: string | undefined;
    let keptVersionId: string | undefined;
    it('expires current objects on an unversioned bucket, and only those the filter selects', async () => {
      const Bucket = 'lc-expire-plain';
      await createBucket(Bucket);
      await putRules(Bucket, [
        { ID: 'old', Status: 'Enabled', Filter: { Prefix: 'old/' }, Expiration: { Days: 1 } },
        { ID: 'temp-tag', Status: 'Enabled', Filter: { Tag: { Key: 'tier', Value: 'temp' } }, Expiration: { Days: 1 } },
        {
          ID: 'mid-size',
          Status: 'Enabled',
          Filter: { And: { Prefix: 'sized/', ObjectSizeGreaterThan: 100, ObjectSizeLessThan: 1000 } },
          Expiration: { Days: 1 },
        },
        {
          ID: 'both-tags',
          Status: 'Enabled',
          Filter: {
            And: {
              Tags: [
                { Key: 'a', Value: '1' },
                { Key: 'b', Value: '2' },
              ],
            },
          },
          Expiration: { Days: 1 },
        },
        { ID: 'disabled', Status: 'Disabled', Filter: { Prefix: 'keep/' }, Expiration: { Days: 1 } },
        { ID: 'dated', Status: 'Enabled', Filter: { Prefix: 'dated/' }, Expiration: { Date: new Date('2020-01-01T00:00:00Z') } },
      ]);
      const put = (Key: string, size: number, Tagging?: string): Promise<unknown> =>
        s3.send(new PutObjectCommand({ Bucket, Key, Body: randomBytes(size), ...(Tagging !== undefined ? { Tagging } : {}) }));
      // Those that stay are written first, and a witness that expires last and lists last (zz-)
      // is written at the end: the pass that removes it has examined every other key, all due by then.
      const staying = ['keep/x', 'olden', 'tagged/other', 'sized/small', 'sized/big', 'sized/edge-100', 'tags/one'];
      const expiring = ['old/a', 'old/deeper/b', 'tagged/temp', 'sized/mid', 'tags/both', 'dated/a', 'zz-witness'];
      await put('keep/x', 10); // only a disabled rule
      await put('olden', 10); // shares 'old' but not 'old/'
      await put('tagged/other', 10, 'tier=hot');
      await put('sized/small', 10);
      await put('sized/big', 2000);
      await put('sized/edge-100', 100); // not greater than 100
      await put('tags/one', 10, 'a=1&b=3');
      await put('old/a', 10);
      await put('old/deeper/b', 200_000); // a shard-file object, not inline
      await put('tagged/temp', 10, 'tier=temp&owner=me');
      await put('sized/mid', 500);
      await put('tags/both', 10, 'a=1&b=2');
      await put('dated/a', 10); // its rule's Date is already past
      await put('zz-witness', 10, 'tier=temp');
      // The header announces what the scanner will do.
      // dated/a is due the moment it is written: a scanner pass may remove it before it is looked at.
      for (const key of expiring.filter((k) => k !== 'dated/a'))
        assert.ok((await s3.send(new HeadObjectCommand({ Bucket, Key: key }))).Expiration !== undefined, `${key} is announced`);
      for (const key of staying)
        assert.equal((await s3.send(new HeadObjectCommand({ Bucket, Key: key }))).Expiration, undefined, `${key} is not announced`);
      const dated = await s3.send(new HeadObjectCommand({ Bucket, Key: 'dated/a' })).catch(() => undefined);
      if (dated !== undefined)
        assert.deepEqual(parseExpiration(dated.Expiration), { date: new Date('2020-01-01T00:00:00Z'), ruleId: 'dated' });

      const statuses = async (): Promise<Record<string, number>> =>
        Object.fromEntries(await Promise.all([...expiring, ...staying].map(async (k) => [k, await headStatus(errs, Bucket, k)] as const)));
      await until(
        'the selected objects expire',
        async () => ((await Promise.all(expiring.map((k) => headStatus(errs, Bucket, k)))).every((s) => s === 404) ? true : undefined),
        statuses,
      );
      await expectS3Error(errs.send(new GetObjectCommand({ Bucket, Key: 'old/deeper/b' })), 'NoSuchKey', 404);
      // The pass that removed the witness saw the others, all due by then: they are untouched.
      for (const key of staying) assert.equal(await headStatus(errs, Bucket, key), 200, `${key} is outside every enabled rule and stays`);
      // An unversioned bucket keeps no trace: no delete markers, no versions.
      assert.deepEqual((await versionsOf(s3, Bucket, 'old/')).length, 0);
    });

    it('hides an expired current version behind a delete marker on a versioned bucket; the old version stays readable by id', async () => {
      const Bucket = 'lc-expire-versioned';
      await createBucket(Bucket, true);
      await putRules(Bucket, [
        { ID: 'current', Status: 'Enabled', Filter: { Prefix: 'cur/' }, Expiration: { Days: 1 } },
        { ID: 'patient', Status: 'Enabled', Filter: { Prefix: 'other/' }, Expiration: { Days: 100_000 } },
        { ID: 'witness', Status: 'Enabled', Filter: { Prefix: 'zz/' }, Expiration: { Days: 1 } },
      ]);
      const otherId = await putVersion(s3, { Bucket, Key: 'other/x', Body: 'other' });
      const body = randomBytes(300_000);
      const v1 = await putVersion(s3, { Bucket, Key: 'cur/x', Body: body });

      const rows = await until(
        'a delete marker over cur/x',
        async () => {
          const list = await versionsOf(s3, Bucket, 'cur/x');
          return list[0]?.marker === true && list[0].latest ? list : undefined;
        },
        () => versionsOf(s3, Bucket, ''),
      );
      assert.deepEqual(
        rows.map((r) => [r.marker, r.latest]),
        [
          [true, true],
          [false, false],
        ],
      );
      assert.equal(rows[1]!.versionId, v1);
      const gone = await expectS3Error(errs.send(new GetObjectCommand({ Bucket, Key: 'cur/x' })), 'NoSuchKey', 404);
      assert.ok(gone.$metadata !== undefined);
      assert.ok((await readBody(s3, Bucket, 'cur/x', v1)).equals(body), 'the expired version is still readable by its id');

      // Later passes do not stack more markers. A witness written now, listed after every other
      // key, expires in a pass that has examined them all with the marker in place; then count.
      await putVersion(s3, { Bucket, Key: 'zz/witness', Body: 'w' });
      await until('the witness expires', async () => ((await versionsOf(s3, Bucket, 'zz/witness'))[0]?.marker === true ? true : undefined));
      const later = await versionsOf(s3, Bucket, 'cur/x');
      assert.deepEqual(
        later.map((r) => r.marker),
        [true, false],
        'one delete marker, one version',
      );
      assert.deepEqual(
        (await versionsOf(s3, Bucket, 'other/')).map((r) => r.versionId),
        [otherId],
        'outside the prefix: untouched',
      );
    });

    it('expires noncurrent versions, keeping the newest NewerNoncurrentVersions', async () => {
      const Bucket = 'lc-noncurrent';
      await createBucket(Bucket, true);
      await putRules(Bucket, [
        {
          ID: 'old-versions',
          Status: 'Enabled',
          Filter: { Prefix: 'nc/' },
          NoncurrentVersionExpiration: { NoncurrentDays: 1, NewerNoncurrentVersions: 2 },
        },
        { ID: 'patient', Status: 'Enabled', Filter: { Prefix: 'keep/' }, NoncurrentVersionExpiration: { NoncurrentDays: 100_000 } },
      ]);
      // Outside the prefix (written first, so due first, and listed first), enough versions
      // that 'old-versions' would expire some if it applied.
      const outside: string[] = [];
      for (let i = 1; i <= 4; i++) outside.unshift(await putVersion(s3, { Bucket, Key: 'keep/k', Body: `version ${i}` }));
      const ids: string[] = [];
      const bodies = new Map<string, Buffer>();
      for (let i = 1; i <= 5; i++) {
        const body = randomBytes(i === 2 ? 200_000 : i === 3 ? 400_000 : 100); // shard-file versions among inline ones
        const id = await putVersion(s3, { Bucket, Key: 'nc/k', Body: body });
        ids.push(id);
        bodies.set(id, body);
      }
      const [v1, v2, v3, v4, v5] = ids as [string, string, string, string, string];

      // v1 and v2 go; v3 and v4 (the two newest noncurrent) stay — the same pass looked at them first.
      await until(
        'the two oldest noncurrent versions expire',
        async () => {
          const left = (await versionsOf(s3, Bucket, 'nc/')).map((r) => r.versionId);
          return left.includes(v1) || left.includes(v2) ? undefined : left;
        },
        () => versionsOf(s3, Bucket, ''),
      );
      const left = await versionsOf(s3, Bucket, 'nc/');
      assert.deepEqual(
        left.map((r) => r.versionId),
        [v5, v4, v3],
      );
      assert.deepEqual(
        left.map((r) => r.marker),
        [false, false, false],
      );
      for (const id of [v3, v4, v5]) assert.ok((await readBody(s3, Bucket, 'nc/k', id)).equals(bodies.get(id)!), `version ${id} intact`);
      assert.ok((await readBody(s3, Bucket, 'nc/k')).equals(bodies.get(v5)!), 'the current version is untouched');
      await expectS3Error(errs.send(new GetObjectCommand({ Bucket, Key: 'nc/k', VersionId: v1 })), 'NoSuchVersion', 404);
      await expectS3Error(errs.send(new GetObjectCommand({ Bucket, Key: 'nc/k', VersionId: v2 })), 'NoSuchVersion', 404);
      assert.deepEqual(
        (await versionsOf(s3, Bucket, 'keep/')).map((r) => r.versionId),
        outside,
        'outside the prefix: every version stays',
      );
      expiredVersionId = v1;
      keptVersionId = v3;
    });

    // Server bug (src/s3/http/respond.ts, sendError): an error answer whose ServerResponse is
    // still queued behind the previous response on a kept-alive connection (res.socket === null)
    // is taken for a mid-stream failure and the connection is destroyed: the client sees
    // 'socket hang up' (ECONNRESET) instead of 404 NoSuchVersion. HEAD hits it most often.
    it("answers an expired version's 404 on a kept-alive connection right after a read", async () => {
      assert.ok(expiredVersionId !== undefined && keptVersionId !== undefined, 'the noncurrent test ran');
      const Bucket = 'lc-noncurrent';
      for (let i = 0; i < 40; i++) {
        await readBody(s3, Bucket, 'nc/k', keptVersionId); // 200 KB, on the client's kept-alive connection
        await expectS3Error(
          s3.send(new HeadObjectCommand({ Bucket, Key: 'nc/k', VersionId: expiredVersionId })),
          '*',
          404,
          `round ${i} HEAD:`,
        );
        await readBody(s3, Bucket, 'nc/k', keptVersionId);
        await expectS3Error(
          s3.send(new GetObjectCommand({ Bucket, Key: 'nc/k', VersionId: expiredVersionId })),
          'NoSuchVersion',
          404,
          `round ${i} GET:`,
        );
      }
    });
  });
});
