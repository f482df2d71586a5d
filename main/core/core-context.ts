/**
 * Opens the pieces every entry point needs (data dir, settings, archive, coverage) in one place,
 * so the CLI commands and the tray app's composition root share exactly the same wiring.
 */
import { Archive } from './store/archive.js';
import { resolveDataDir } from './store/paths.js';
import { loadSettings, type LoadedSettings } from './store/settings.js';
import { CoverageStore } from './sync/coverage.js';
import type { Logger } from './ports.js';

export interface CoreContext {
  readonly dataDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly log: Logger;
  readonly loaded: LoadedSettings;
  readonly archive: Archive;
  readonly coverage: CoverageStore;
}

/** Opens settings, archive and coverage for the data directory the environment names. */
export async function openCoreContext(options: { env: NodeJS.ProcessEnv; log: Logger; dataDir?: string }): Promise<CoreContext> {
  const dataDir = options.dataDir ?? resolveDataDir(options.env);
  const loaded = await loadSettings({ dataDir, env: options.env });
  const archive = await Archive.open(dataDir, { log: options.log.child('archive') });
  const coverage = await CoverageStore.open(dataDir);
  return { dataDir, env: options.env, log: options.log, loaded, archive, coverage };
}
