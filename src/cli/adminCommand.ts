// `lode admin info` and `lode admin heal [bucket[/prefix]]`: what an operator
// types, rendered for a terminal (a progress bar on long work).
import type { SupervisionStats } from '../supervisor/protocol.js';
import type { HealProgress, StoreInfo } from '../storage/index.js';
import { AdminClientError, fetchInfo, runHeal, type AdminTarget } from './adminClient.js';

export class UsageError extends Error {}

function parseTarget(args: string[], env: NodeJS.ProcessEnv): { target: AdminTarget; rest: string[] } {
  let endpoint = env['LODE_ENDPOINT'] ?? 'http://127.0.0.1:9000';
  let accessKeyId = env['LODE_ROOT_USER'] ?? env['AWS_ACCESS_KEY_ID'];
  let secretAccessKey = env['LODE_ROOT_PASSWORD'] ?? env['AWS_SECRET_ACCESS_KEY'];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (): string => {
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--endpoint') endpoint = value();
    else if (arg === '--access-key') accessKeyId = value();
    else if (arg === '--secret-key') secretAccessKey = value();
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg} (see 'lode --help')`);
    else rest.push(arg);
  }
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    throw new UsageError('set the root credentials: LODE_ROOT_USER and LODE_ROOT_PASSWORD (or --access-key and --secret-key)');
  }
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new UsageError(`--endpoint must be a URL such as http://127.0.0.1:9000, got '${endpoint}'`);
  }
  return { target: { endpoint: url, accessKeyId, secretAccessKey }, rest };
}

function bytes(n: number | undefined): string {
  if (n === undefined) return '?';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(u === 0 ? 0 : 1)} ${units[u]}`;
}

function renderInfo(info: StoreInfo & { processes?: SupervisionStats | null }): string {
  const lines = [
    `Deployment ${info.deploymentId} (${info.mode}), ${info.buckets} bucket(s)${info.objects !== undefined ? `, ${info.objects} object(s)` : ''}`,
  ];
  const p = info.processes;
  if (p !== undefined && p !== null) {
    const last = p.lastRestart !== undefined ? ` (last: worker ${p.lastRestart.pid} ${p.lastRestart.reason} at ${p.lastRestart.at})` : '';
    lines.push(`Workers: ${p.workers}, ${p.workerRestarts} restart(s) since ${p.startedAt}${last}`);
  }
  for (const set of info.sets) {
    const ok = set.drives.filter((d) => d.state === 'ok').length;
    lines.push(
      `Set ${set.index + 1}: ${set.drives.length} drive(s), ${ok} ok, parity ${set.standardParity} (reduced redundancy ${set.reducedParity}), write quorum ${set.writeQuorum}`,
    );
    for (const d of set.drives) {
      const used =
        d.totalBytes !== undefined && d.freeBytes !== undefined
          ? `${bytes(d.totalBytes - d.freeBytes)} used of ${bytes(d.totalBytes)}`
          : 'usage unknown';
      lines.push(
        `  ${String(d.slot + 1).padStart(2)}. ${d.state.padEnd(8)} ${d.path}  ${used}${d.reason !== undefined ? `  (${d.reason})` : ''}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function progressLine(p: HealProgress): string {
  const counts = `${p.scanned} scanned, ${p.healed} healed, ${p.failed} failed, ${bytes(p.healedBytes)} rewritten`;
  if (p.total === undefined || p.total === 0) return counts;
  const fraction = Math.min(1, p.scanned / p.total);
  const width = 30;
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${counts}`;
}

export async function adminCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  out: NodeJS.WriteStream,
  err: NodeJS.WriteStream,
): Promise<number> {
  const [sub, ...rest] = args;
  try {
    const { target, rest: positional } = parseTarget(rest, env);
    if (sub === 'info') {
      out.write(renderInfo(await fetchInfo(target)));
      return 0;
    }
    if (sub === 'heal') {
      const scope = positional[0];
      const slash = scope?.indexOf('/') ?? -1;
      const bucket = scope === undefined ? undefined : slash === -1 ? scope : scope.slice(0, slash);
      const prefix = scope !== undefined && slash !== -1 ? scope.slice(slash + 1) : undefined;
      const tty = err.isTTY === true;
      let lastPrinted = 0;
      const result = await runHeal(
        target,
        { ...(bucket !== undefined ? { bucket } : {}), ...(prefix !== undefined && prefix !== '' ? { prefix } : {}) },
        (p) => {
          // A redrawn bar on a terminal; a line every few seconds in logs.
          if (tty) err.write(`\r${progressLine(p)}\x1b[K`);
          else if (Date.now() - lastPrinted > 2000) {
            lastPrinted = Date.now();
            err.write(`${progressLine(p)}\n`);
          }
        },
      );
      if (tty) err.write('\n');
      out.write(
        `Heal finished in ${(result.durationMs / 1000).toFixed(1)} s: ${result.scanned} object(s) scanned, ${result.healed} healed, ${result.failed} could not be healed, ${bytes(result.healedBytes)} rewritten.\n`,
      );
      for (const f of result.failures) out.write(`  ${f.bucket}/${f.key}: ${f.reason}\n`);
      if (result.unverifiedFiles !== undefined)
        out.write(
          `${result.unverifiedFiles} data file(s) written before block hashes could not be verified; rewriting those objects (a copy onto themselves) gives them block hashes.\n`,
        );
      return result.failed > 0 ? 1 : 0;
    }
    throw new UsageError(
      sub === undefined
        ? "missing admin command: 'lode admin info' or 'lode admin heal [bucket[/prefix]]'"
        : `unknown admin command '${sub}'`,
    );
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`lode: ${e.message}\n`);
      return 2;
    }
    if (e instanceof AdminClientError) {
      err.write(`lode: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
