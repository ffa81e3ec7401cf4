// The rules of the house (DESIGN.md) and storage's own sub-layers, checked on
// every import under src/ by `npm run lint:deps` (part of `npm run lint`).
// test/architecture/layers.test.ts proves each rule fires on a tree that
// breaks it, and that every folder under src/storage/ has its layer rule
// here (a new folder needs a decision).
//
// Storage, top to bottom (an arrow is "may import"):
//   open/ (the one assembly)  →  all of storage
//   engine/   →  meta/ drive/ layout/ records/
//   erasure/  →  bitrot/ drive/ meta/ layout/ records/
//   bitrot/   →  drive/
//   drive/ and meta/ sit side by side and never import each other;
//   layout/ never reaches up into engine/ erasure/ open/;
//   records/ is a leaf of shared record types.
// Every folder may also use the top-level seam files (ObjectStore.ts,
// StoreError.ts, ...), which import no folder but records/. storage/index.ts
// is the surface for the rest of src/, never for storage itself.

/** Matches a file in any of the given folders under src/storage/. */
const inStorage = (...dirs) => `^src/storage/(${dirs.join('|')})/`;
/** Any file in a folder under src/storage/ (not the top-level seam files). */
const STORAGE_FOLDER = '^src/storage/[^/]+/';

/** A storage folder's layering rule: what it must not import. */
const layer = (name, dir, comment, to) => ({ name, severity: 'error', comment, from: { path: inStorage(dir) }, to });

/** The I/O modules of Node: iam/ decides, it does not read or write. */
const IO_MODULES = '^(node:)?(fs|fs/promises|net|http|https|http2|child_process|dgram|dns|tls|cluster|worker_threads)$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles (DESIGN.md rule 4).',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'util-is-a-leaf',
      severity: 'error',
      comment: 'util/ imports nothing from the rest of src/ (rule 1).',
      from: { path: '^src/util/' },
      to: { path: '^src/', pathNot: '^src/util/' },
    },
    {
      name: 'storage-stays-below',
      severity: 'error',
      comment: 'storage/ imports only storage/ and util/ from src/: never s3/, iam/, admin/ or anything above it (rule 1).',
      from: { path: '^src/storage/' },
      to: { path: '^src/', pathNot: '^src/(storage|util)/' },
    },
    {
      name: 'storage-no-http-or-xml',
      severity: 'error',
      comment: 'storage/ knows nothing of HTTP or XML (rule 1).',
      from: { path: '^src/storage/' },
      to: { path: ['^(node:)?(http|https|http2)$', '(^|/)node_modules/fast-xml-parser/'] },
    },
    {
      name: 'storage-through-index',
      severity: 'error',
      comment: 'Outside storage/, storage is reached only through storage/index.ts (rule 2).',
      from: { path: '^src/', pathNot: '^src/storage/' },
      to: { path: '^src/storage/', pathNot: '^src/storage/index\\.ts$' },
    },
    {
      name: 'iam-no-io',
      severity: 'error',
      comment: 'iam/ does no I/O: it reads through an interface (rule 1).',
      from: { path: '^src/iam/' },
      to: { dependencyTypes: ['core'], path: IO_MODULES },
    },
    {
      name: 'storage-inside-not-through-index',
      severity: 'error',
      comment: 'storage/index.ts is the surface for the rest of src/; inside storage it would be a cycle through the assembly.',
      from: { path: STORAGE_FOLDER },
      to: { path: '^src/storage/index\\.ts$' },
    },
    {
      name: 'storage-seams-are-leaves',
      severity: 'error',
      comment: 'The top-level seam files (ObjectStore.ts, StoreError.ts, ...) import no storage folder but records/.',
      from: { path: '^src/storage/[^/]+\\.ts$', pathNot: '^src/storage/index\\.ts$' },
      to: { path: STORAGE_FOLDER, pathNot: inStorage('records') },
    },
    layer(
      'storage-engine-layer',
      'engine',
      'engine/ uses meta/, drive/, layout/ and the io/ and records/ leaves: never erasure/, bitrot/ or the assembly in open/.',
      {
        path: STORAGE_FOLDER,
        pathNot: inStorage('engine', 'meta', 'drive', 'layout', 'io', 'records'),
      },
    ),
    layer('storage-erasure-layer', 'erasure', 'erasure/ uses bitrot/, drive/, meta/, layout/ and the leaves: never engine/ or open/.', {
      path: STORAGE_FOLDER,
      pathNot: inStorage('erasure', 'bitrot', 'drive', 'meta', 'layout', 'io', 'records'),
    }),
    layer(
      'storage-bitrot-layer',
      'bitrot',
      'bitrot/ frames blocks over drive/ files and uses nothing else in storage but the io/ and records/ leaves.',
      {
        path: STORAGE_FOLDER,
        pathNot: inStorage('bitrot', 'drive', 'io', 'records'),
      },
    ),
    layer(
      'storage-drive-layer',
      'drive',
      'drive/ sits beside meta/ (shared record types live in records/) and below bitrot/, erasure/, engine/, open/.',
      {
        path: inStorage('meta', 'bitrot', 'erasure', 'engine', 'open'),
      },
    ),
    layer(
      'storage-meta-layer',
      'meta',
      'meta/ sits beside drive/ (shared record types live in records/) and below bitrot/, erasure/, engine/, open/.',
      {
        path: inStorage('drive', 'bitrot', 'erasure', 'engine', 'open'),
      },
    ),
    layer(
      'storage-layout-layer',
      'layout',
      'layout/ plans sets and reads formats: it uses drive/ and io/ only, never engine/, erasure/, meta/ or open/.',
      {
        path: STORAGE_FOLDER,
        pathNot: inStorage('layout', 'drive', 'io'),
      },
    ),
    layer('storage-io-leaf', 'io', 'io/ holds errno helpers, file modes and directory fsync shared by drive/ and meta/: a leaf.', {
      path: STORAGE_FOLDER,
      pathNot: inStorage('io'),
    }),
    layer('storage-records-leaf', 'records', 'records/ holds record types shared by drive/ and meta/: a leaf.', {
      path: STORAGE_FOLDER,
      pathNot: inStorage('records'),
    }),
  ],
  options: {
    // Type-only imports are layering too: a seam typed against a concrete class is the coupling the rules forbid.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    // Unit tests beside the code may wire what they test; nothing imports them.
    exclude: { path: '\\.test\\.ts$' },
  },
};
