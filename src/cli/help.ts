export const HELP = `Lode — an S3-compatible object store for AI data

Usage:
  lode server [options] DIR     serve the S3 API, storing into DIR
  lode admin info               drives, erasure sets, parity, state and usage of a running server
  lode admin heal [B[/PREFIX]]  verify and repair objects (all, a bucket, or a prefix), with progress
  lode --help                   show this help
  lode --version                show the version

Server options:
  --address HOST:PORT   where to listen (default :9000, every interface)
  --workers N           worker processes sharing the port (default: number of cores)
  --domain DOMAIN       enable virtual-host-style requests: BUCKET.DOMAIN
  --region REGION       the region the server reports (default us-east-1)
  --root-user USER      root access key (or LODE_ROOT_USER)
  --root-password PASS  root secret key, 8+ characters (or LODE_ROOT_PASSWORD)
  --parity N            parity shards of STANDARD objects (multi-drive; default by set size)
  --rrs-parity N        parity shards of REDUCED_REDUNDANCY objects
  --scan-rate N         objects per second the background scanner checks (default 50, 0 = off)
  --lifecycle-day-seconds N       length of a lifecycle day (default 86400; smaller only to watch rules fire)
  --lifecycle-interval-seconds N  rest between lifecycle passes (default 3600)

Several DIRs (or ranges such as /mnt/disk{1...8}) make an erasure-coded node.

Without root credentials, random ones are generated on first start, printed
once, and kept in DIR/.lode/root-credentials.json (mode 0600).

Admin options: --endpoint URL (default http://127.0.0.1:9000, or LODE_ENDPOINT),
  --access-key/--secret-key (default LODE_ROOT_USER/LODE_ROOT_PASSWORD).

Environment: LODE_ADDRESS, LODE_WORKERS, LODE_DOMAIN, LODE_REGION, LODE_PARITY,
LODE_RRS_PARITY, LODE_SCAN_OBJECTS_PER_SECOND, LODE_LIFECYCLE_DAY_SECONDS,
LODE_LIFECYCLE_INTERVAL_SECONDS,
LODE_ROOT_USER, LODE_ROOT_PASSWORD.
`;
