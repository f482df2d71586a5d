/**
 * Where SyncBit keeps its files. One data directory is shared by the tray app and the CLI:
 * `SYNCBIT_DATA_DIR`, else `DATA_DIR` (the old tool's name), else the OS app-data folder for
 * "SyncBit" (what Electron's `app.getPath('userData')` gives, e.g. `~/.config/SyncBit` on Linux).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CivilDay } from '../model/record.js';

export const APP_NAME = 'SyncBit';

/** The default per-OS app-data folder, matching Electron's `userData` for productName SyncBit. */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const home = env.HOME ?? homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_NAME);
}

/** Resolves the data directory from the environment (see module doc). */
export function resolveDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const fromEnv = env.SYNCBIT_DATA_DIR ?? env.DATA_DIR;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : defaultDataDir(platform, env);
}

/** The layout inside a data directory. */
export function dataPaths(dataDir: string): {
  settings: string;
  archiveDir: string;
  archiveIndex: string;
  stateDir: string;
  coverage: string;
  outboxDir: string;
  stagingDir: string;
  tokenFile: string;
  logDir: string;
  lockFile: string;
} {
  return {
    settings: join(dataDir, 'config.json'),
    archiveDir: join(dataDir, 'archive'),
    archiveIndex: join(dataDir, 'archive', 'index.json'),
    stateDir: join(dataDir, 'state'),
    coverage: join(dataDir, 'state', 'coverage.json'),
    outboxDir: join(dataDir, 'state', 'outbox'),
    stagingDir: join(dataDir, 'state', 'staging'),
    tokenFile: join(dataDir, 'state', 'tokens.json'),
    logDir: join(dataDir, 'logs'),
    lockFile: join(dataDir, 'state', 'sync.lock'),
  };
}

/** File name of a day, the same as CromWell's S3 object name. */
export function dayFileName(day: CivilDay): string {
  return `fitbit_backup_${day}.json.gz`;
}

/** Parses a day file name back into its civil day. */
export function dayFromFileName(name: string): CivilDay | undefined {
  const m = /^fitbit_backup_(\d{4}-\d{2}-\d{2})\.json\.gz$/.exec(name);
  return m?.[1];
}
