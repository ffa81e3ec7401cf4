// Which directory is which drive. Drives are recognised by the driveId in
// their format.json, never by path or argument order, so a disk moved to
// another mount point, or listed in another order, keeps its slot. Pure:
// readFormat.ts probes the directories, this decides, the caller formats.
//
// Decisions:
// - All directories empty: a new deployment (planNewLayout), all formatted.
// - Otherwise the formatted drives name the deployment and its layout. Empty
//   directories fill the slots no drive answered for (a replaced disk), taking
//   that slot's driveId, so no other drive's format.json has to change; the
//   caller formats them and heals them from their sets.
// - Unreadable drives (I/O errors, damaged format.json) are left alone and
//   their slots reported missing: the deployment may run degraded; nothing is
//   formatted over a drive that may still hold data.
// - Refused, all problems listed at once: a drive of another deployment, the
//   same drive twice, drives that disagree about the layout, a directory with
//   other content, a format from a newer Lode, more drives than the layout.
// - An empty directory that is not a mount point, when every drive found is
//   one, is probably a disk that did not mount: it is skipped (new
//   deployments are refused) rather than filled on the root file system.
import type { AnyDriveFormat, Layout } from './format.js';
import { layoutOf, sameLayout } from './format.js';
import { planNewLayout, slotOf, type PlanOptions } from './plan.js';

export type DriveProbe =
  | { path: string; kind: 'formatted'; format: AnyDriveFormat; mountPoint?: boolean }
  /** Empty, or absent (exists: false; the caller creates it). */
  | { path: string; kind: 'empty'; exists: boolean; mountPoint?: boolean }
  /** Holds something that is not Lode's. */
  | { path: string; kind: 'foreign'; reason: string }
  /** Lode's, from a newer version. */
  | { path: string; kind: 'unsupported'; reason: string }
  /** I/O error, or a damaged format.json. */
  | { path: string; kind: 'unreadable'; reason: string };

export interface PlacedDrive {
  path: string;
  driveId: string;
  setIndex: number;
  driveIndex: number;
}

export interface Reconciliation {
  layout: Layout;
  /** Every directory was empty: `layout` was just planned and every drive is in toFormat. */
  fresh: boolean;
  /** Formatted drives of the layout, where they are now. */
  online: PlacedDrive[];
  /** Empty directories to format (formatFor(layout, driveId)), then heal unless fresh. */
  toFormat: PlacedDrive[];
  /** Slots no directory answers for. */
  missing: Array<Omit<PlacedDrive, 'path'>>;
  /** Directories not used, with the reason (unreadable, not mounted). */
  skipped: Array<{ path: string; reason: string }>;
}

export class LayoutError extends Error {
  override readonly name = 'LayoutError';
  constructor(readonly problems: readonly string[]) {
    super(
      problems.length === 1
        ? `Cannot start on these drives: ${problems[0] ?? ''}`
        : `Cannot start on these drives:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

export function reconcileDrives(probes: readonly DriveProbe[], options: PlanOptions = {}): Reconciliation {
  if (probes.length === 0) throw new LayoutError(['no drive was given']);
  const problems: string[] = [];
  for (const probe of probes) {
    if (probe.kind === 'foreign' || probe.kind === 'unsupported') problems.push(`${probe.path}: ${probe.reason}`);
  }
  const formatted = probes.flatMap((p) => (p.kind === 'formatted' ? [p] : []));
  const empty = probes.flatMap((p) => (p.kind === 'empty' ? [p] : []));
  const unreadable = probes.flatMap((p) => (p.kind === 'unreadable' ? [p] : []));

  const byId = groupBy(formatted, (p) => p.format.driveId);
  for (const [driveId, same] of byId) {
    if (same.length > 1)
      problems.push(
        `${same.map((p) => p.path).join(' and ')} are the same drive (${driveId}): one disk given twice, or a copied directory`,
      );
  }

  if (formatted.length === 0) return fresh(probes, empty, unreadable, problems, options);

  // The deployment: the one most drives belong to.
  const byDeployment = [...groupBy(formatted, (p) => p.format.deploymentId)].sort((a, b) => b[1].length - a[1].length);
  const [deploymentId, ours] = byDeployment[0] ?? ['', []];
  if (byDeployment.length > 1 && byDeployment[1]?.[1].length === ours.length) {
    problems.push(
      `the drives belong to different deployments: ${byDeployment.map(([id, ps]) => `${id} (${ps.map((p) => p.path).join(', ')})`).join('; ')}`,
    );
    throw new LayoutError(problems);
  }
  for (const [otherId, paths] of byDeployment.slice(1)) {
    for (const p of paths)
      problems.push(
        `${p.path} is a drive of another deployment (${otherId}), not of ${deploymentId} (${ours.map((o) => o.path).join(', ')})`,
      );
  }

  // The layout: the one most of our drives record.
  const layouts = groupLayouts(ours);
  const layout = layouts[0]?.layout;
  if (layout === undefined) throw new LayoutError(problems);
  if (layouts.length > 1) {
    problems.push(
      `the drives of deployment ${deploymentId} disagree about the layout: ${layouts.map((g) => g.paths.join(', ')).join(' versus ')}`,
    );
  }
  const slotCount = layout.sets.length * layout.setSize;
  // Distinct ids: a drive given twice is reported above, not counted twice here.
  const distinct = new Set(ours.map((p) => p.format.driveId)).size;
  if (layout.setSize === 1 && slotCount === 1 && probes.length > 1) {
    problems.push(
      `${ours[0]?.path ?? ''} is a single-drive Lode directory (format version 1): it cannot be combined with other drives. Start it alone, or copy its objects into a new multi-drive deployment over S3`,
    );
  } else if (distinct + empty.length + unreadable.length > slotCount) {
    problems.push(
      `more drives than the layout: it has ${slotCount} (${layout.sets.length} set${layout.sets.length === 1 ? '' : 's'} of ${layout.setSize}), but ${distinct} of its drives, ${empty.length} empty and ${unreadable.length} unreadable directories were given`,
    );
  }
  if (problems.length > 0) throw new LayoutError(problems);

  const online: PlacedDrive[] = [];
  for (const probe of ours) {
    const slot = slotOf(layout, probe.format.driveId);
    if (slot !== undefined) online.push({ path: probe.path, driveId: probe.format.driveId, ...slot });
  }
  const taken = new Set(online.map((d) => d.driveId));
  const open = layout.sets.flatMap((set, setIndex) =>
    set.flatMap((driveId, driveIndex) => (taken.has(driveId) ? [] : [{ driveId, setIndex, driveIndex }])),
  );

  const skipped = unreadable.map((p) => ({ path: p.path, reason: p.reason }));
  const allMounted = ours.every((p) => p.mountPoint === true);
  const toFormat: PlacedDrive[] = [];
  for (const probe of empty) {
    if (allMounted && probe.mountPoint === false) {
      skipped.push({
        path: probe.path,
        reason: `${probe.exists ? 'empty and not a mount point' : 'does not exist'}, while every other drive is a mounted disk: is its disk mounted? Not formatting it`,
      });
      continue;
    }
    const slot = open.shift();
    if (slot !== undefined) toFormat.push({ path: probe.path, ...slot });
  }
  return { layout, fresh: false, online, toFormat, missing: open, skipped };
}

function fresh(
  probes: readonly DriveProbe[],
  empty: Array<Extract<DriveProbe, { kind: 'empty' }>>,
  unreadable: Array<Extract<DriveProbe, { kind: 'unreadable' }>>,
  problems: string[],
  options: PlanOptions,
): Reconciliation {
  for (const p of unreadable) problems.push(`${p.path}: ${p.reason} (a new deployment needs every drive readable)`);
  const mounted = empty.filter((p) => p.mountPoint === true);
  if (mounted.length > 0) {
    for (const p of empty)
      if (p.mountPoint === false) problems.push(`${p.path} is not a mount point, while ${mounted[0]?.path ?? ''} is: is its disk mounted?`);
  }
  if (problems.length > 0) throw new LayoutError(problems);
  const { layout, driveIds } = planNewLayout(probes.length, options);
  const toFormat = probes.map((p, k) => {
    const driveId = driveIds[k] ?? '';
    const slot = slotOf(layout, driveId);
    if (slot === undefined) throw new Error(`planNewLayout left drive ${driveId} out of the layout.`);
    return { path: p.path, driveId, ...slot };
  });
  return { layout, fresh: true, online: [], toFormat, missing: [], skipped: [] };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}

/** Distinct layouts among the drives, the most common first. */
function groupLayouts(drives: ReadonlyArray<{ path: string; format: AnyDriveFormat }>): Array<{ layout: Layout; paths: string[] }> {
  const groups: Array<{ layout: Layout; paths: string[] }> = [];
  for (const drive of drives) {
    const layout = layoutOf(drive.format);
    const group = groups.find((g) => sameLayout(g.layout, layout));
    if (group === undefined) groups.push({ layout, paths: [drive.path] });
    else group.paths.push(drive.path);
  }
  return groups.sort((a, b) => b.paths.length - a.paths.length);
}
