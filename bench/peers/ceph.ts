// Ceph RGW, the reference S3 implementation: a throwaway one-node cluster
// (one monitor, one bluestore OSD on a file, one radosgw with the beast
// frontend) built from nothing in a temporary directory, cephx off, on
// 127.0.0.1. The Debian packages are installed when missing.
import { randomUUID } from 'node:crypto';
import { mkdir, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensurePackages } from './apt.js';
import { cephConf, monAddrs } from './cephConf.js';
import { describeFailure, freePort, httpRequest } from './http.js';
import { startPeer, type PeerScope } from './scope.js';
import type { Credentials, PeerResult } from './types.js';

const INSTALL_TIMEOUT_MS = 600_000;
const START_TIMEOUT_MS = 120_000;
const GiB = 1024 ** 3;
// One command's own guard; the start's time limit kills it sooner when it hits.
const COMMAND_TIMEOUT_MS = 60_000;

const CREDENTIALS: Credentials = { accessKeyId: 'LODEBENCHCEPH', secretAccessKey: 'lode-bench-ceph-secret', region: 'us-east-1' };

const REQUIREMENTS = [
  { pkg: 'ceph-mon', program: '/usr/bin/ceph-mon' },
  { pkg: 'ceph-osd', program: '/usr/bin/ceph-osd' },
  { pkg: 'radosgw', program: '/usr/bin/radosgw' },
  { pkg: 'radosgw', program: '/usr/bin/radosgw-admin' },
  { pkg: 'ceph-common', program: '/usr/bin/ceph' },
  { pkg: 'ceph-base', program: '/usr/bin/ceph-authtool' },
  { pkg: 'ceph-base', program: '/usr/bin/monmaptool' },
];

export function startCephRgw(opts: { installTimeoutMs?: number; startTimeoutMs?: number } = {}): Promise<PeerResult> {
  const installTimeoutMs = opts.installTimeoutMs ?? INSTALL_TIMEOUT_MS;
  const startTimeoutMs = opts.startTimeoutMs ?? START_TIMEOUT_MS;
  return startPeer('ceph-rgw', installTimeoutMs, async (scope) => {
    await ensurePackages(scope, REQUIREMENTS, installTimeoutMs);
    // The cluster gets its own budget, whatever the install took.
    scope.limit(startTimeoutMs);
    const dir = await scope.tempDir('ceph');
    for (const sub of ['run', 'log', 'mon.a', 'osd.0']) await mkdir(join(dir, sub));
    const conf = join(dir, 'ceph.conf');
    const [monV2Port, monV1Port, rgwPort] = [await freePort(), await freePort(), await freePort()];
    const fsid = randomUUID();
    await writeFile(conf, cephConf({ fsid, dir, monV2Port, monV1Port, rgwPort, blockBytes: await blockBytes(dir) }));
    const ceph = (...args: string[]): Promise<{ stdout: string; stderr: string }> =>
      scope.run('ceph', ['-c', conf, '--connect-timeout', '15', ...args], { timeoutMs: COMMAND_TIMEOUT_MS });

    scope.step = 'creating the monitor';
    await scope.run('monmaptool', ['--create', '--fsid', fsid, '--addv', 'a', monAddrs({ monV2Port, monV1Port }), join(dir, 'monmap')], {
      timeoutMs: COMMAND_TIMEOUT_MS,
    });
    await scope.run('ceph-authtool', ['--create-keyring', join(dir, 'mon.keyring'), '--gen-key', '-n', 'mon.', '--cap', 'mon', 'allow *'], {
      timeoutMs: COMMAND_TIMEOUT_MS,
    });
    await scope.run('ceph-mon', ['-c', conf, '--mkfs', '-i', 'a', '--monmap', join(dir, 'monmap'), '--keyring', join(dir, 'mon.keyring')], {
      timeoutMs: COMMAND_TIMEOUT_MS,
    });
    const mon = scope.daemon('ceph-mon', '/usr/bin/ceph-mon', ['-c', conf, '-i', 'a', '-f'], { logFile: join(dir, 'log', 'mon.out') });

    scope.step = 'registering the OSD with the monitor';
    const osdUuid = randomUUID();
    const id = await scope.waitFor(
      'waiting for the monitor',
      async () => (await ceph('osd', 'new', osdUuid, '0')).stdout.trim(),
      [mon],
      250,
    );
    if (id !== '0') throw new Error(`the monitor gave the OSD id ${id}, expected 0`);
    scope.step = 'creating the bluestore OSD (mkfs)';
    await scope.run('ceph-osd', ['-c', conf, '-i', '0', '--mkfs', '--osd-uuid', osdUuid], { timeoutMs: COMMAND_TIMEOUT_MS });
    scope.step = 'creating the pools';
    await Promise.all([ceph('osd', 'set', 'noscrub'), ceph('osd', 'set', 'nodeep-scrub'), createRgwPools(ceph)]);
    scope.step = 'starting the OSD';
    const osd = scope.daemon('ceph-osd', '/usr/bin/ceph-osd', ['-c', conf, '-i', '0', '-f'], { logFile: join(dir, 'log', 'osd.out') });
    await scope.waitFor(
      'waiting for the OSD to be up',
      async () => (/^osd\.0 up/m.test((await ceph('osd', 'dump')).stdout) ? true : undefined),
      [mon, osd],
      250,
    );

    // Creating the user also creates the realm, zone and metadata pools: it waits for their PGs.
    scope.step = 'creating the S3 user (radosgw-admin)';
    await scope.run(
      'radosgw-admin',
      [
        '-c',
        conf,
        'user',
        'create',
        '--uid=lode-bench',
        '--display-name=lode bench',
        `--access-key=${CREDENTIALS.accessKeyId}`,
        `--secret-key=${CREDENTIALS.secretAccessKey}`,
      ],
      { timeoutMs: COMMAND_TIMEOUT_MS },
    );
    const rgw = scope.daemon('radosgw', '/usr/bin/radosgw', ['-c', conf, '-n', 'client.rgw', '-f'], {
      logFile: join(dir, 'log', 'rgw.out'),
    });
    const endpoint = `http://127.0.0.1:${rgwPort}`;
    await waitForListBuckets(scope, endpoint, [mon, osd, rgw]);
    return { name: 'ceph-rgw', kind: 's3', endpoint, credentials: CREDENTIALS, pids: () => scope.pids() };
  });
}

/**
 * Every pool radosgw uses, made at once before the OSD boots (its PGs are then
 * created together) rather than one by one by radosgw-admin and by the first
 * CreateBucket/PutObject, which would pay seconds of PG creation each; and
 * more PGs for data, which the OSD spreads over its op shards.
 */
async function createRgwPools(ceph: (...args: string[]) => Promise<unknown>): Promise<void> {
  const pools: Array<[string, string]> = [
    ['.rgw.root', '8'],
    ['default.rgw.control', '8'],
    ['default.rgw.meta', '8'],
    ['default.rgw.log', '8'],
    ['default.rgw.buckets.index', '16'],
    ['default.rgw.buckets.non-ec', '8'],
    ['default.rgw.buckets.data', '32'],
  ];
  // Left without the 'rgw' application tag: that only shows in 'ceph health',
  // and each tag is one more monitor round trip.
  await Promise.all(pools.map(([pool, pgs]) => ceph('osd', 'pool', 'create', pool, pgs, pgs)));
}

async function waitForListBuckets(scope: PeerScope, endpoint: string, watch: Parameters<PeerScope['waitFor']>[2]): Promise<void> {
  const what = 'waiting for radosgw to answer a signed ListBuckets';
  await scope.waitFor(
    what,
    async () => {
      const res = await httpRequest({ endpoint, method: 'GET', rawPath: '/', credentials: CREDENTIALS, timeoutMs: 5_000 }).catch(
        (err: Error) => err,
      );
      if (!(res instanceof Error) && res.status === 200) return true;
      // kept in the step, so that a timeout says what radosgw last answered
      scope.step = `${what} (last answer: ${res instanceof Error ? res.message : describeFailure(res)})`;
      return undefined;
    },
    watch,
    250,
  );
}

/** Size of the sparse block file: roomy, but never more than the disk can hold. */
async function blockBytes(dir: string): Promise<number> {
  const fs = await statfs(dir);
  const half = Math.floor((fs.bavail * fs.bsize) / 2);
  return Math.max(4 * GiB, Math.min(100 * GiB, Math.floor(half / GiB) * GiB));
}
