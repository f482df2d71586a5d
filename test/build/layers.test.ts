import { readdirSync } from 'node:fs';
import { posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules come from the layer map (layers.config.mjs), which eslint.config.js turns into
 * `no-restricted-imports` patterns. These tests lint small snippets as if they lived in each layer:
 * every arrow the map forbids (each layer → each layer it does not list, at two depths of folder)
 * must be rejected, every arrow it allows accepted, and so must each layer's packages. A rule that
 * silently stops working fails here rather than in a code review.
 */
// The probes are not real files, so type-aware parsing is switched off; the layer rules are not type-aware.
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: [{ ...tseslint.configs.disableTypeChecked, files: ['**/*.ts'] }],
});

async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const messages = result?.messages ?? [];
  const fatal = messages.find((m) => m.fatal === true);
  if (fatal) throw new Error(fatal.message);
  return messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

/** The shape of the layer map as this test reads it (layers.config.mjs documents each field). */
interface Layer {
  readonly name: string;
  readonly paths: readonly string[];
  readonly imports: readonly string[];
  readonly packages: readonly string[];
  readonly exceptions?: readonly { files: readonly string[]; packages: readonly string[] }[];
}
const map = (await import(pathToFileURL(posix.join(process.cwd(), 'layers.config.mjs')).href)) as {
  layers: readonly Layer[];
  closedFolders: readonly string[];
};
const { layers } = map;

const isFile = (p: string): boolean => p.endsWith('.ts');
const inside = (p: string, folder: string): boolean => p.startsWith(`${folder}/`);

/** Files that stand for a layer path: the file itself, or a file at the top and one deeper in the folder. */
function probesOf(path: string): string[] {
  return isFile(path) ? [path] : [`${path}/layer-probe.ts`, `${path}/deep/er/layer-probe.ts`];
}

/** A file of the layer at `path` for an import to reach. */
const targetOf = (path: string): string => (isFile(path) ? path : `${path}/probe-target.ts`);

/** The relative specifier a file at `from` writes to import `to` (ESM: `.js`). */
function specifier(from: string, to: string): string {
  const rel = posix.relative(posix.dirname(from), to).replace(/\.ts$/, '.js');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** Every arrow between two layers: whether the map allows it. */
const arrows = layers.flatMap((from) =>
  layers.filter((to) => to !== from).map((to) => ({ from, to, allowed: from.imports.includes(to.name) })),
);
const forbiddenArrows = arrows.filter((a) => !a.allowed);

/** The owner of a product file: the layer with the longest path that holds it. */
function ownerOf(file: string): Layer | undefined {
  return layers
    .flatMap((l) => l.paths.map((path) => ({ l, path })))
    .filter(({ path }) => file === path || inside(file, path))
    .sort((a, b) => b.path.length - a.path.length)[0]?.l;
}

function productFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return []; // a folder of the map that does not exist yet
  }
  return entries.flatMap((e) => {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) return productFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

describe('the layer map', () => {
  it('names only layers it defines, and no layer imports itself', () => {
    const names = new Set(layers.map((l) => l.name));
    expect(names.size).toBe(layers.length);
    for (const l of layers) {
      for (const i of l.imports) expect(names.has(i), `${l.name} imports ${i}`).toBe(true);
      expect(l.imports).not.toContain(l.name);
    }
  });

  it('places every product file in a layer, and every file of a closed folder in a layer inside it', () => {
    for (const file of ['main', 'preload', 'renderer', 'common'].flatMap(productFiles)) {
      const owner = ownerOf(file);
      expect(owner, file).toBeDefined();
      for (const folder of map.closedFolders.filter((f) => inside(file, f))) {
        const within = owner !== undefined && owner.paths.every((p) => p === folder || inside(p, folder));
        expect(within, `${file} (${folder})`).toBe(true);
      }
    }
  });

  it(`forbids ${forbiddenArrows.length} of the ${arrows.length} arrows between its ${layers.length} layers`, () => {
    expect(forbiddenArrows.length).toBeGreaterThan(arrows.length / 2);
  });
});

describe('every arrow the layer map forbids is a lint error', () => {
  for (const { from, to } of forbiddenArrows) {
    it(`${from.name} → ${to.name}`, async () => {
      for (const probe of from.paths.flatMap(probesOf)) {
        for (const target of to.paths.map(targetOf)) {
          const code = `import { x } from '${specifier(probe, target)}';`;
          expect(await restrictedImports(code, probe), `${probe}: ${code}`).not.toEqual([]);
        }
      }
    });
  }
});

describe("every arrow the layer map allows, and a layer's own files, pass", () => {
  for (const from of layers) {
    it(`${from.name} → ${[from.name, ...from.imports].join(', ')}`, async () => {
      const targets = [from, ...layers.filter((l) => from.imports.includes(l.name))].flatMap((l) =>
        l.paths.map(targetOf),
      );
      for (const probe of from.paths.flatMap(probesOf)) {
        for (const target of targets.filter((t) => t !== probe)) {
          const code = `import { x } from '${specifier(probe, target)}';`;
          expect(await restrictedImports(code, probe), `${probe}: ${code}`).toEqual([]);
        }
      }
    });
  }
});

/** Packages some layer may import: each is tried in every layer, and must fail where it is not listed. */
const PACKAGES = [
  'node:fs',
  'fs',
  'electron',
  'electron-store',
  'keytar',
  'conf',
  'axios',
  'zod',
  'luxon',
  'chart.js',
  '@aws-sdk/client-s3',
  'left-pad',
];
const listed = (pkg: string, packages: readonly string[]): boolean =>
  packages.includes(pkg) || (pkg.startsWith('node:') && packages.includes('node:*'));

describe('each layer imports only the packages the map lists for it', () => {
  for (const layer of layers) {
    it(layer.name, async () => {
      const probes = layer.paths
        .flatMap(probesOf)
        .filter((p) => !(layer.exceptions ?? []).some((e) => e.files.includes(p)));
      for (const probe of probes) {
        for (const pkg of PACKAGES) {
          const messages = await restrictedImports(`import { x } from '${pkg}';`, probe);
          if (listed(pkg, layer.packages)) expect(messages, `${probe}: ${pkg}`).toEqual([]);
          else expect(messages, `${probe}: ${pkg}`).not.toEqual([]);
        }
      }
      for (const e of layer.exceptions ?? []) {
        for (const file of e.files) {
          for (const pkg of e.packages) {
            expect(await restrictedImports(`import { x } from '${pkg}';`, file), file).toEqual([]);
            for (const probe of probes) {
              expect(await restrictedImports(`import { x } from '${pkg}';`, probe), probe).not.toEqual([]);
            }
          }
        }
      }
    });
  }
});

/** Cases written by hand before the map: real file names, so a rename that escapes the map shows here. */
const cases: { layer: string; file: string; forbidden: string[]; allowed: string[] }[] = [
  {
    layer: 'common',
    file: 'common/layer-probe.ts',
    forbidden: [
      "import { readFile } from 'node:fs/promises';",
      "import { join } from 'path';",
      "import { app } from 'electron';",
      "import { DateTime } from 'luxon';",
      "import { SyncBitError } from '../main/core/errors.js';",
      "import { CHANNELS } from '../preload/contract.js';",
      "import { h } from '../renderer/dom.js';",
    ],
    allowed: ["import { z } from 'zod';", "import type { DataTypeId } from './data-types.js';"],
  },
  {
    layer: 'main/core',
    file: 'main/core/sync/layer-probe.ts',
    forbidden: [
      "import { app } from 'electron';",
      "import Store from 'electron-store';",
      "import keytar from 'keytar';",
      "import { x } from '../../shell/tray-menu.js';",
      "import { y } from '../../../renderer/main.js';",
    ],
    allowed: [
      "import { readFile } from 'node:fs/promises';",
      "import axios from 'axios';",
      "import { z } from 'zod';",
    ],
  },
  {
    layer: 'main/shell',
    file: 'main/shell/layer-probe.ts',
    forbidden: [
      "import { y } from '../../renderer/main.js';",
      "import { Archive } from '../core/store/archive.js';",
      "import { SyncScheduler } from '../core/sync/scheduler.js';",
      "import { exportConfigFromSettings } from '../core/export/export-config.js';",
    ],
    allowed: [
      "import { app } from 'electron';",
      "import { composeApp } from '../core/app/compose.js';",
      "import type { AppStatus } from '../core/app/types.js';",
      "import type { DataRecord } from '../core/model/record.js';",
      "import { SyncBitError } from '../core/errors.js';",
      "import type { Logger } from '../core/ports.js';",
    ],
  },
  {
    layer: 'main/cli',
    file: 'main/cli/layer-probe.ts',
    forbidden: [
      "import { Archive } from '../core/store/archive.js';",
      "import { SyncEngine } from '../core/sync/engine.js';",
      "import { createExporters } from '../core/export/exporters.js';",
      "import { connectGoogle } from '../core/sources/google-health/connection.js';",
      "import { errorsHelper } from '../core/errors-helper.js';",
    ],
    allowed: [
      "import { syncOnce } from '../core/app/sync-once.js';",
      "import { isCivilDay } from '../core/model/civil-day.js';",
      "import { SyncBitError } from '../core/errors.js';",
      "import { silentLogger } from '../core/log.js';",
      "import { parseArgs } from 'node:util';",
    ],
  },
  {
    layer: 'main/index.ts (the composition root)',
    file: 'main/index.ts',
    forbidden: ["import { Archive } from './core/store/archive.js';"],
    allowed: ["import { composeApp } from './core/app/compose.js';", "import { app } from 'electron';"],
  },
  {
    layer: 'preload',
    file: 'preload/layer-probe.ts',
    forbidden: [
      "import { readFile } from 'node:fs/promises';",
      "import { Archive } from '../main/core/store/archive.js';",
      "import { y } from '../renderer/main.js';",
    ],
    allowed: ["import { contextBridge } from 'electron';", "import { CHANNELS } from './contract.js';"],
  },
  {
    layer: 'renderer',
    file: 'renderer/layer-probe.ts',
    forbidden: [
      "import { ipcRenderer } from 'electron';",
      "import { readFile } from 'node:fs/promises';",
      "import { join } from 'path';",
      "import { Archive } from '../main/core/store/archive.js';",
    ],
    allowed: [
      "import { Chart } from 'chart.js';",
      "import type { SyncBitApi } from '../preload/contract.js';",
    ],
  },
];

describe('the hand-written layer cases still hold', () => {
  for (const c of cases) {
    it(`${c.layer}: forbidden imports are errors, allowed ones are not`, async () => {
      for (const code of c.forbidden) expect(await restrictedImports(code, c.file), code).not.toEqual([]);
      for (const code of c.allowed) expect(await restrictedImports(code, c.file), code).toEqual([]);
    });
  }
});
