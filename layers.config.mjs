// @ts-check
/**
 * The layer map: the one place that says which folders form which layer and what each layer may
 * import. eslint.config.js turns it into `no-restricted-imports` rules, test/build/layers.test.ts
 * probes every arrow it forbids, and docs/architecture.md §1 describes it in prose. Change the
 * layering here; nothing else lists it.
 *
 * Each layer owns `paths` (folders, or single `.ts` files); a file belongs to the layer whose path
 * is the longest prefix of it, so `preload/contract.ts` is the `contract` layer and the rest of
 * `preload/` is `preload`. A layer may import its own files, the layers named in `imports` and the
 * packages named in `packages` (`node:*` = every Node built-in under its `node:` name); every other
 * layer and package is forbidden. `exceptions` widen the packages for single files.
 */

/** @typedef {{ files: string[], packages: string[], why: string }} LayerException */
/**
 * @typedef {object} Layer
 * @property {string} name
 * @property {string[]} paths
 * @property {string[]} imports the layers this one may import
 * @property {string[]} packages
 * @property {LayerException[]} [exceptions]
 * @property {string} owns
 */

/** Imported by every core layer: the logger, the typed errors and the ports. */
const CORE_SHARED = 'core/shared';

/** @type {Layer[]} */
export const layers = [
  // ── shared by every process ─────────────────────────────────────────────────────────────────
  {
    name: 'common',
    paths: ['common'],
    imports: [],
    packages: ['zod'],
    owns: 'types and zod schemas shared by main, preload and renderer',
  },

  // ── main/core: Electron-free, inner layers in order model → sources/store → sync → export → app
  {
    name: CORE_SHARED,
    paths: ['main/core/log.ts', 'main/core/errors.ts', 'main/core/ports.ts', 'main/core/worker-thread.ts'],
    imports: ['common'],
    packages: ['node:*', 'zod'],
    owns: 'the logger, typed errors, the ports (Clock, Logger, SecretStore, AccountStore, …) and the worker thread',
  },
  {
    name: 'core/model',
    paths: ['main/core/model'],
    imports: ['common', CORE_SHARED],
    packages: ['zod', 'luxon'],
    owns: 'the record model and the day/time-zone rules (pure)',
  },
  {
    name: 'core/sources',
    paths: ['main/core/sources'],
    imports: ['common', CORE_SHARED, 'core/model'],
    packages: ['node:*', 'zod', 'luxon', 'axios', 'csv-parse', 'tar-stream', 'yauzl'],
    owns: 'where data comes from (Google Health, Takeout); never writes the store: storage comes in as ports',
  },
  {
    name: 'core/store',
    paths: ['main/core/store'],
    imports: ['common', CORE_SHARED, 'core/model'],
    packages: ['node:*', 'zod', 'luxon', 'conf'],
    exceptions: [
      {
        files: ['main/core/store/secret-store-keytar.ts'],
        packages: ['keytar'],
        why: 'keytar is loaded by its secret-store adapter only',
      },
    ],
    owns: 'every file SyncBit keeps in the data folder: archive, index, coverage, settings, secrets, account, lock',
  },
  {
    name: 'core/demo',
    paths: ['main/core/demo'],
    imports: ['common', CORE_SHARED, 'core/model'],
    packages: ['node:*', 'zod', 'luxon', 'tar-stream'],
    owns: 'the synthetic Takeout generator (a source of demo data)',
  },
  {
    name: 'core/sync',
    paths: ['main/core/sync'],
    imports: ['common', CORE_SHARED, 'core/model', 'core/sources', 'core/store'],
    packages: ['node:*', 'zod', 'luxon', 'axios'],
    owns: 'the sync engine (plan → fetch → normalise → store), scheduler and progress',
  },
  {
    name: 'core/export',
    paths: ['main/core/export'],
    imports: ['common', CORE_SHARED, 'core/model', 'core/sources', 'core/store', 'core/sync'],
    packages: ['node:*', 'zod', 'luxon', 'axios', '@aws-sdk/client-s3'],
    owns: 'the outbox and the exporters (Victoria Metrics, S3)',
  },
  {
    name: 'core/app',
    paths: ['main/core/app'],
    imports: [
      'common',
      CORE_SHARED,
      'core/model',
      'core/sources',
      'core/store',
      'core/demo',
      'core/sync',
      'core/export',
    ],
    packages: ['node:*', 'zod', 'luxon'],
    owns: 'the application layer: every workflow, and the wiring of stores into ports',
  },

  // ── main: the processes' entries over the application layer ──────────────────────────────────
  {
    name: 'main/shell',
    paths: ['main/shell'],
    imports: ['common', 'contract', CORE_SHARED, 'core/model', 'core/app'],
    packages: ['node:*', 'electron', 'electron-store'],
    owns: 'Electron only: tray, windows, IPC, autostart, notifications, power events',
  },
  {
    name: 'main/cli',
    paths: ['main/cli'],
    imports: ['common', CORE_SHARED, 'core/model', 'core/app'],
    packages: ['node:*'],
    owns: 'one file per syncbit command: argument parsing and presentation',
  },
  {
    name: 'main/index.ts',
    paths: ['main/index.ts'],
    imports: ['common', CORE_SHARED, 'core/model', 'core/app', 'main/shell'],
    packages: ['node:*', 'electron'],
    owns: 'the Electron entry (composition root)',
  },
  {
    name: 'main/cli.ts',
    paths: ['main/cli.ts'],
    imports: ['common', CORE_SHARED, 'core/model', 'core/app', 'main/cli'],
    packages: ['node:*'],
    owns: 'the headless entry',
  },

  // ── preload and renderer ─────────────────────────────────────────────────────────────────────
  {
    name: 'contract',
    paths: ['preload/contract.ts'],
    imports: ['common'],
    packages: ['zod'],
    owns: 'the typed IPC contract (channels, payload schemas, events)',
  },
  {
    name: 'preload',
    paths: ['preload'],
    imports: ['common', 'contract'],
    packages: ['electron'],
    owns: 'the contextBridge: named functions built from the contract',
  },
  {
    name: 'renderer',
    paths: ['renderer'],
    imports: ['common', 'contract'],
    // zod only to configure it for the page's CSP (renderer/zod-config.ts); the schemas are common's.
    packages: ['chart.js', 'zod'],
    owns: 'the views, charts and the one bridge module (contract types only)',
  },
];

/**
 * Folders whose every file belongs to one of the layers inside them: an import into one from
 * outside may name only the layers the importer is allowed, so a new or unknown path under
 * `main/core/` is forbidden to the shell and the CLI until the map places it.
 */
export const closedFolders = ['main', 'main/core'];
