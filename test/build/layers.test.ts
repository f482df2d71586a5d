import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

/**
 * The architecture's import rules (docs/architecture.md §1) are enforced by eslint.config.js. These
 * tests lint small snippets as if they lived in each layer, so a rule that silently stops working
 * fails here rather than in a code review.
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

describe('layer boundaries are enforced by lint rules', () => {
  for (const c of cases) {
    it(`${c.layer}: forbidden imports are errors, allowed ones are not`, async () => {
      for (const code of c.forbidden) expect(await restrictedImports(code, c.file), code).not.toEqual([]);
      for (const code of c.allowed) expect(await restrictedImports(code, c.file), code).toEqual([]);
    });
  }
});
