// ceph.conf of the throwaway one-node cluster: one monitor, one bluestore OSD
// on a file, one radosgw, all on 127.0.0.1 and inside one temporary directory.
// Tuned to be as fast as is fair: no replication (one OSD), no scrubbing, no
// debug logging, SSD settings; the rest are Ceph's defaults.

export interface CephConfInput {
  fsid: string;
  dir: string;
  monV2Port: number;
  monV1Port: number;
  rgwPort: number;
  blockBytes: number;
}

/** The monitor's address vector, as monmaptool --addv and 'mon host' take it. */
export function monAddrs(c: Pick<CephConfInput, 'monV2Port' | 'monV1Port'>): string {
  return `[v2:127.0.0.1:${c.monV2Port},v1:127.0.0.1:${c.monV1Port}]`;
}

// Subsystems whose log (and in-memory log gathering, the number after '/')
// costs time on the I/O path.
const QUIET = [
  'ms',
  'mon',
  'paxos',
  'auth',
  'monc',
  'osd',
  'bluestore',
  'bluefs',
  'bdev',
  'rocksdb',
  'objecter',
  'rados',
  'rgw',
  'rgw_sync',
  'objclass',
  'filestore',
  'journal',
  'crush',
  'asok',
  'throttle',
  'finisher',
  'heartbeatmap',
  'perfcounter',
  'context',
  'optracker',
  'bluestore_alloc',
];

export function cephConf(c: CephConfInput): string {
  const d = c.dir;
  return `# Written by bench/peers/ceph.ts for one benchmark run.
[global]
fsid = ${c.fsid}
mon host = ${monAddrs(c)}
mon initial members = a
public network = 127.0.0.1/32
public addr = 127.0.0.1
cluster addr = 127.0.0.1

# cephx off; then the monitor client must accept crc first, or radosgw never connects
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc secure

# every file of the cluster inside the temp dir
run dir = ${d}/run
admin socket = ${d}/run/$name.asok
log file = ${d}/log/$name.log
pid file = ${d}/run/$name.pid
mon data = ${d}/mon.$id
osd data = ${d}/osd.$id
log to stderr = false
err to stderr = true

# one OSD: pools of one copy, placement over OSDs (not hosts), no PG autoscaler (no mgr)
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 16
osd pool default pgp num = 16
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
# a one-monitor cluster has nobody to batch proposals with: commit map changes
# (pool creation, the OSD going up) at once instead of once a second
paxos propose interval = 0.05
paxos min wait = 0.01
# the disk is shared with the rest of the machine: never stop the monitor for it
mon data avail warn = 2
mon data avail crit = 1

# bluestore on a sparse file in the temp dir (data, RocksDB and WAL in one)
osd objectstore = bluestore
bluestore block create = true
bluestore block size = ${c.blockBytes}
bluestore fsck on mkfs = false
# A virtio disk reports rotational=1 whatever backs it; HDD settings would
# throttle each I/O as a seek and defer small writes through the WAL.
bluestore debug enforce settings = ssd
osd op num shards = 8
osd op num threads per shard = 2
osd enable op tracker = false
osd scrub during recovery = false

${QUIET.map((s) => `debug ${s} = 0/0`).join('\n')}

[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:${c.rgwPort}
rgw thread pool size = 512
rgw enable usage log = false
rgw enable ops log = false
`;
}
