// format.json, versions 1 and 2, and the Layout both describe.
//
// Version 1 (storage/drive/format.ts) is a one-drive deployment: one set of
// one drive, no parity. It stays as it is: a one-drive directory is never
// rewritten, and a new one-drive deployment still gets version 1.
// Version 2 is a multi-drive node: every drive holds the same layout and its
// own driveId, so a drive is recognised by its format, wherever it is
// mounted:
//
//   {format:"lode-drive", formatVersion:2, deploymentId, driveId,
//    layout:{sets:[[driveId...]...], setSize, parity:{standard, reducedRedundancy},
//            placement:"crc32c-mod-v1"}, createdAt}
//
// sets[setIndex][driveIndex] is the drive holding shard driveIndex of every
// object placed in set setIndex (placement: engine/placement.ts). The parity
// recorded here is the deployment's default; each object records its own.
// Parsing is pure: readFormat.ts does the I/O.
import type { DriveFormat as DriveFormatV1 } from '../drive/index.js';
import type { ParityPolicy } from './parity.js';

export const FORMAT_NAME = 'lode-drive';
export const PLACEMENT = 'crc32c-mod-v1';
/** The newest format this build reads and writes. */
export const LATEST_FORMAT_VERSION = 2;

export type { DriveFormatV1 };

export interface DriveFormatV2 {
  format: typeof FORMAT_NAME;
  formatVersion: 2;
  deploymentId: string;
  driveId: string;
  layout: {
    sets: string[][];
    setSize: number;
    parity: ParityPolicy;
    placement: typeof PLACEMENT;
  };
  createdAt: string;
}

export type AnyDriveFormat = DriveFormatV1 | DriveFormatV2;

/** The layout of a deployment, whichever format version recorded it. */
export interface Layout {
  deploymentId: string;
  /** sets[setIndex][driveIndex] = driveId. */
  sets: ReadonlyArray<readonly string[]>;
  setSize: number;
  /** Default parity of each class (0 for a single drive). */
  parity: ParityPolicy;
  placement: typeof PLACEMENT;
}

/** Why a format.json cannot be used: not ours, ours but from a newer Lode, or ours but damaged. */
export class FormatProblem extends Error {
  override readonly name = 'FormatProblem';
  constructor(
    readonly kind: 'foreign' | 'unsupported' | 'damaged',
    message: string,
  ) {
    super(message);
  }
}

/** Parses and checks the text of a format.json (`where` names it in messages). Throws FormatProblem. */
export function parseFormat(text: string, where: string): AnyDriveFormat {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new FormatProblem('damaged', `${where} is not valid JSON: the drive's identity is damaged.`);
  }
  if (!isRecord(parsed) || parsed['format'] !== FORMAT_NAME) {
    throw new FormatProblem('foreign', `${where} was not written by Lode (expected "format": "${FORMAT_NAME}").`);
  }
  const version = parsed['formatVersion'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new FormatProblem('damaged', `${where} has an invalid formatVersion (${String(version)}).`);
  }
  if (version > LATEST_FORMAT_VERSION) {
    throw new FormatProblem(
      'unsupported',
      `${where} was written by a newer Lode (format version ${version}; this build reads up to ${LATEST_FORMAT_VERSION}): upgrade Lode.`,
    );
  }
  const { deploymentId, driveId, layout } = parsed;
  const damaged = (what: string): FormatProblem => new FormatProblem('damaged', `${where} is damaged: ${what}.`);
  if (!isId(deploymentId) || !isId(driveId)) throw damaged('deploymentId and driveId must be non-empty strings');
  if (!isRecord(layout)) throw damaged('layout is missing');
  const sets = layout['sets'];
  if (!Array.isArray(sets) || sets.length === 0 || !sets.every((set) => Array.isArray(set) && set.length > 0 && set.every(isId))) {
    throw damaged('layout.sets must be a non-empty list of non-empty lists of drive ids');
  }
  const ids = sets.flat() as string[];
  if (new Set(ids).size !== ids.length) throw damaged('a drive id appears twice in layout.sets');
  if (!ids.includes(driveId)) throw damaged(`this drive (${driveId}) is not in layout.sets`);
  if (layout['placement'] !== PLACEMENT) throw damaged(`unknown placement ${String(layout['placement'])}`);
  if (version === 1) {
    if (sets.length !== 1 || ids.length !== 1) throw damaged('a version 1 format describes exactly one drive');
    return parsed as unknown as DriveFormatV1;
  }
  const setSize = layout['setSize'];
  if (typeof setSize !== 'number' || !sets.every((set: unknown[]) => set.length === setSize))
    throw damaged('every set must hold layout.setSize drives');
  const parity = layout['parity'];
  if (!isRecord(parity) || !isCount(parity['standard']) || !isCount(parity['reducedRedundancy']))
    throw damaged('layout.parity must give standard and reducedRedundancy');
  return parsed as unknown as DriveFormatV2;
}

export function layoutOf(format: AnyDriveFormat): Layout {
  if (format.formatVersion === 2 && 'setSize' in format.layout) {
    const { sets, setSize, parity, placement } = format.layout;
    return { deploymentId: format.deploymentId, sets, setSize, parity: { ...parity }, placement };
  }
  return {
    deploymentId: format.deploymentId,
    sets: format.layout.sets,
    setSize: 1,
    parity: { standard: 0, reducedRedundancy: 0 },
    placement: PLACEMENT,
  };
}

/** The format.json of one drive of `layout`: version 1 for a single drive (as today), version 2 otherwise. */
export function formatFor(layout: Layout, driveId: string, createdAt: string): AnyDriveFormat {
  const sets = layout.sets.map((set) => [...set]);
  if (!sets.flat().includes(driveId)) throw new Error(`Drive ${driveId} is not in the layout.`);
  if (sets.length === 1 && layout.setSize === 1) {
    return {
      format: FORMAT_NAME,
      formatVersion: 1,
      deploymentId: layout.deploymentId,
      driveId,
      layout: { sets, dataShards: 1, parityShards: 0, placement: PLACEMENT },
      createdAt,
    };
  }
  return {
    format: FORMAT_NAME,
    formatVersion: 2,
    deploymentId: layout.deploymentId,
    driveId,
    layout: { sets, setSize: layout.setSize, parity: { ...layout.parity }, placement: PLACEMENT },
    createdAt,
  };
}

/** True when two layouts place every object the same way (same drives in the same slots, same defaults). */
export function sameLayout(a: Layout, b: Layout): boolean {
  return (
    a.deploymentId === b.deploymentId &&
    a.setSize === b.setSize &&
    a.placement === b.placement &&
    a.parity.standard === b.parity.standard &&
    a.parity.reducedRedundancy === b.parity.reducedRedundancy &&
    a.sets.length === b.sets.length &&
    a.sets.every((set, i) => set.length === b.sets[i]?.length && set.every((id, j) => id === b.sets[i]?.[j]))
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
