// The server's configuration: one frozen object built from flags and the
// environment (flags win). Parsing is pure so the CLI and tests share it.
import { availableParallelism } from 'node:os';
import { expandDriveArgs } from './driveArgs.js';

export interface ServerConfig {
  /** The first drive: where a single-drive node keeps everything. */
  dataDir: string;
  /** Every drive directory, ranges expanded ({1...8}); one means a single-drive node. */
  drives: string[];
  /** Parity overrides for erasure sets (--parity, --rrs-parity); defaults follow the set size. */
  parity: { standard?: number; reducedRedundancy?: number };
  host: string;
  port: number;
  workers: number;
  region: string;
  /** Set for virtual-host-style addressing: <bucket>.<domain>. */
  domain?: string;
  rootUser?: string;
  rootPassword?: string;
  /** Largest single PUT / part body, as AWS: 5 GiB. */
  maxObjectSizeBytes: number;
  /** Objects per second the background scanner checks (multi-drive nodes); 0 turns it off. */
  scanObjectsPerSecond: number;
  /** Bucket lifecycle: the length of a lifecycle day (shorter only to test rules in compressed time), and the rest between passes. */
  lifecycle: { dayMs: number; intervalMs: number };
  /** How the primary watches its workers: a worker silent this long is killed; so is one not gone this long after a fatal error. */
  supervision: { heartbeatTimeoutMs: number; fatalExitGraceMs: number };
  /** Slow clients: a socket idle this long is closed; an upload slower than minBytesPerSecond over a window of windowMs is cut. */
  slowClients: { idleTimeoutMs: number; minUploadBytesPerSecond: number; uploadRateWindowMs: number };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const DEFAULT_PORT = 9000;

/** Parses `lode server` arguments (everything after `server`). */
export function parseServerArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ServerConfig {
  let address = env['LODE_ADDRESS'] ?? `:${DEFAULT_PORT}`;
  let workers: number | undefined = env['LODE_WORKERS'] !== undefined ? parseWorkers(env['LODE_WORKERS']) : undefined;
  let domain = env['LODE_DOMAIN'];
  let region = env['LODE_REGION'] ?? 'us-east-1';
  let rootUser = env['LODE_ROOT_USER'];
  let rootPassword = env['LODE_ROOT_PASSWORD'];
  const dirs: string[] = [];
  const parity: { standard?: number; reducedRedundancy?: number } = {};
  let scanObjectsPerSecond = env['LODE_SCAN_OBJECTS_PER_SECOND'] !== undefined ? parseRate(env['LODE_SCAN_OBJECTS_PER_SECOND']) : 50;
  let lifecycleDaySeconds =
    env['LODE_LIFECYCLE_DAY_SECONDS'] !== undefined
      ? parsePositiveSeconds(env['LODE_LIFECYCLE_DAY_SECONDS'], 'LODE_LIFECYCLE_DAY_SECONDS')
      : 86_400;
  let lifecycleIntervalSeconds =
    env['LODE_LIFECYCLE_INTERVAL_SECONDS'] !== undefined
      ? parsePositiveSeconds(env['LODE_LIFECYCLE_INTERVAL_SECONDS'], 'LODE_LIFECYCLE_INTERVAL_SECONDS')
      : 3600;
  if (env['LODE_PARITY'] !== undefined) parity.standard = parseParity(env['LODE_PARITY'], 'LODE_PARITY');
  if (env['LODE_RRS_PARITY'] !== undefined) parity.reducedRedundancy = parseParity(env['LODE_RRS_PARITY'], 'LODE_RRS_PARITY');

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new ConfigError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--address':
        address = value();
        break;
      case '--workers':
        workers = parseWorkers(value());
        break;
      case '--domain':
        domain = value();
        break;
      case '--region':
        region = value();
        break;
      case '--root-user':
        rootUser = value();
        break;
      case '--root-password':
        rootPassword = value();
        break;
      case '--parity':
        parity.standard = parseParity(value(), '--parity');
        break;
      case '--scan-rate':
        scanObjectsPerSecond = parseRate(value());
        break;
      case '--rrs-parity':
        parity.reducedRedundancy = parseParity(value(), '--rrs-parity');
        break;
      case '--lifecycle-day-seconds':
        lifecycleDaySeconds = parsePositiveSeconds(value(), '--lifecycle-day-seconds');
        break;
      case '--lifecycle-interval-seconds':
        lifecycleIntervalSeconds = parsePositiveSeconds(value(), '--lifecycle-interval-seconds');
        break;
      default:
        if (flag.startsWith('-')) throw new ConfigError(`unknown option ${flag} (see 'lode --help')`);
        dirs.push(arg);
    }
  }
  if (dirs.length === 0)
    throw new ConfigError(
      "missing data directory: 'lode server DIR' (for example 'lode server ./data', or 'lode server /mnt/disk{1...8}')",
    );
  let drives: string[];
  try {
    drives = expandDriveArgs(dirs);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const { host, port } = parseAddress(address);
  if ((rootUser === undefined) !== (rootPassword === undefined)) {
    throw new ConfigError(
      'set both the root user and the root password (LODE_ROOT_USER and LODE_ROOT_PASSWORD, or --root-user and --root-password), or neither',
    );
  }
  if (rootUser !== undefined && rootUser.length < 3) throw new ConfigError('the root user must be at least 3 characters');
  if (rootPassword !== undefined && rootPassword.length < 8) throw new ConfigError('the root password must be at least 8 characters');

  const config: ServerConfig = {
    dataDir: drives[0]!,
    drives,
    parity,
    host,
    port,
    workers: workers ?? availableParallelism(),
    region,
    maxObjectSizeBytes: 5 * 1024 ** 3,
    scanObjectsPerSecond,
    lifecycle: Object.freeze({ dayMs: lifecycleDaySeconds * 1000, intervalMs: lifecycleIntervalSeconds * 1000 }),
    supervision: Object.freeze({
      heartbeatTimeoutMs: secondsFromEnv(env, 'LODE_WORKER_HEARTBEAT_SECONDS', 10) * 1000,
      fatalExitGraceMs: 3000,
    }),
    slowClients: Object.freeze({
      idleTimeoutMs: secondsFromEnv(env, 'LODE_IDLE_TIMEOUT_SECONDS', 120) * 1000,
      minUploadBytesPerSecond: numberFromEnv(env, 'LODE_MIN_UPLOAD_BYTES_PER_SECOND', 1024),
      uploadRateWindowMs: secondsFromEnv(env, 'LODE_UPLOAD_RATE_WINDOW_SECONDS', 60) * 1000,
    }),
  };
  if (domain !== undefined && domain !== '') config.domain = domain.toLowerCase();
  if (rootUser !== undefined) config.rootUser = rootUser;
  if (rootPassword !== undefined) config.rootPassword = rootPassword;
  return Object.freeze(config);
}

function secondsFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  return text === undefined ? fallback : parsePositiveSeconds(text, name);
}

function numberFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || text.trim() === '') throw new ConfigError(`${name} must be a number of 0 or more, got '${text}'`);
  return n;
}

function parseRate(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0)
    throw new ConfigError(`--scan-rate must be a number of objects per second (0 turns the scanner off), got '${text}'`);
  return n;
}

function parsePositiveSeconds(text: string, what: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new ConfigError(`${what} must be a positive number of seconds (fractions allowed), got '${text}'`);
  return n;
}

function parseParity(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 8) throw new ConfigError(`${what} must be a whole number from 0 to 8, got '${text}'`);
  return n;
}

function parseWorkers(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new ConfigError(`--workers must be a whole number from 1 to 256, got '${text}'`);
  return n;
}

/** "HOST:PORT", ":PORT", "PORT" or "[::1]:PORT". An empty host means every interface. */
export function parseAddress(address: string): { host: string; port: number } {
  const text = address.trim();
  const match = /^\d+$/.test(text) ? ['', undefined, '', text] : /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d+)$/.exec(text);
  if (match === null) throw new ConfigError(`--address must look like HOST:PORT or :PORT, got '${address}'`);
  const host = match[1] ?? match[2] ?? '';
  const port = Number(match[3]);
  if (port > 65535) throw new ConfigError(`port ${port} is out of range (0-65535)`);
  return { host: host === '' ? '0.0.0.0' : host, port };
}
