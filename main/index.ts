/**
 * Electron entry: the composition root. Builds the core (the same one the CLI uses) and the shell
 * around it, nothing else. All behaviour lives in main/core (Electron-free) and main/shell.
 */
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, shell } from 'electron';
import { createAppServices } from './core/app-core.js';
import { RingSink, createLogger, lineSink } from './core/log.js';
import { systemClock } from './core/ports.js';
import { resolveDataDir } from './core/store/paths.js';
import { startShell } from './shell/app-shell.js';
import { electronStorePersister } from './shell/settings-store.js';

const here = dirname(fileURLToPath(import.meta.url));
// dist/main/index.js → dist/preload, dist/renderer. Tray icons ship from main/shell/assets (in the `files` allowlist).
const distDir = join(here, '..');
// Log lines go to stderr and to a ring the Sync view reads (both after the redaction pass).
const ring = new RingSink(500);
const stderrSink = lineSink((line) => process.stderr.write(`${line}\n`));
const log = createLogger('app', (entry) => {
  ring.sink(entry);
  stderrSink(entry);
});
const dataDir = resolveDataDir(process.env);

async function main(): Promise<void> {
  const core = await createAppServices({
    dataDir,
    env: process.env,
    log,
    ring,
    clock: systemClock,
    openUrl: (url) => shell.openExternal(url),
    persistSettings: electronStorePersister(),
  });
  const handle = await startShell({
    services: core.services,
    scheduler: core.scheduler,
    log,
    clock: systemClock,
    paths: {
      preload: join(distDir, 'preload', 'index.cjs'),
      rendererHtml: join(distDir, 'renderer', 'index.html'),
      assetsDir: join(app.getAppPath(), 'main', 'shell', 'assets'),
      dataDir,
    },
    argv: process.argv,
    platform: process.platform,
    env: process.env,
    homeDir: homedir(),
    execPath: process.execPath,
    version: app.getVersion(),
  });
  if (handle === undefined) return;
  // The sync timer runs for as long as the app does (core.dispose() stops it on quit).
  core.scheduler.start();
  app.on('will-quit', () => {
    handle.dispose();
    core.dispose().catch((err: unknown) => {
      log.error('shutdown failed', { error: err instanceof Error ? err.message : String(err) });
    });
  });
}

main().catch((err: unknown) => {
  log.error('SyncBit could not start', { error: err instanceof Error ? err.message : String(err) });
  app.exit(1);
});
