// The contract between bench/peers/ (which starts the servers) and the load
// generator (which drives them): one shape for Lode and for every peer.

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export interface RunningTarget {
  /** 'lode (1 drive)', 'lode (8 drives)', 'ceph-rgw', 'nginx', 's3rver'. */
  name: string;
  /** static = plain HTTP GET/HEAD of /<bucket>/<key> without auth (nginx). */
  kind: 's3' | 'static';
  /** http://127.0.0.1:PORT */
  endpoint: string;
  /** For kind 's3'. */
  credentials?: Credentials;
  /** Every process of the server, to sample RSS and CPU (read afresh: workers can be replaced). */
  pids(): number[];
  /** For 'static' targets: files under it are served as /<bucket>/<key>. */
  staticRoot?: string;
  /** Stops every process and removes every temporary directory of the server. */
  stop(): Promise<void>;
}

export type PeerResult = { ok: true; target: RunningTarget } | { ok: false; name: string; reason: string };

export interface DriveWriteRate {
  mibPerSecond: number;
  /** How it was measured, for the report. */
  method: string;
}
