// The peers of `npm run bench`: Lode itself (1 drive, 8 drives) and the
// servers it is compared with, each started on 127.0.0.1 by the benchmark and
// stopped by it, plus the drive's own write rate as the limit for PUT.
//
//   const r = await startCephRgw();
//   if (!r.ok) report(r.name, r.reason); else { use(r.target); await r.target.stop(); }
export type { Credentials, DriveWriteRate, PeerResult, RunningTarget } from './types.js';
export { startLode } from './lode.js';
export { startCephRgw } from './ceph.js';
export { startNginx } from './nginx.js';
export { startS3rver } from './s3rver.js';
export { measureDriveWriteRate } from './driveRate.js';
