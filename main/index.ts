/**
 * Electron entry: the composition root. Claims the single instance first (a second SyncBit must
 * not open the data folder), composes the application layer (main/core/app/compose.ts, which
 * starts the sync timer) and the shell around it, and stops both through the one stop path on
 * Quit, SIGTERM or SIGINT (the running sync finishes its current write; exit code 0).
 */
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, shell } from 'electron';
import { composeApp } from './core/app/compose.js';
import { runUntilStopped } from './core/app/run-until-stopped.js';
import { resolveDataDir } from './core/app/session.js';
import { RingSink, createLogger, lineSink } from './core/log.js';
import { systemClock } from './core/ports.js';
import { claimSingleInstance, startShell } from './shell/app-shell.js';
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
const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function main(): Promise<void> {
  if (!claimSingleInstance()) return;
  const shutdown = new AbortController();
  let closed = false;
  // Quit (tray, Cmd+Q, SIGTERM) waits for the stop path below before the process ends.
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    shutdown.abort();
  });
  // `on`, not `once`: the settings store's atomic writes (when-exit) re-raise the signal they see,
  // and with no listener left that echo could end the app in the middle of a write.
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    process.on(signal, () => {
      shutdown.abort();
    });
  const core = await composeApp({
    dataDir,
    env: process.env,
    log,
    ring,
    clock: systemClock,
    openUrl: (url) => shell.openExternal(url),
    persistSettings: electronStorePersister(),
  });
  const handle = await startShell({
    services: core,
    scheduler: core.timer,
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
  await runUntilStopped(shutdown.signal, async () => {
    handle?.dispose();
    await core.close();
  });
  closed = true;
  app.exit(0);
}

main().catch((err: unknown) => {
  log.error('SyncBit could not start', { error: errorText(err) });
  app.exit(1);
});
