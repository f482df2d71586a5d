#!/usr/bin/env node
/**
 * Headless entry: the same core as the tray app, wired to a terminal. Used on servers (daemon),
 * in scripts, and by most tests. Each command lives in main/cli/<name>.ts and is loaded lazily so
 * that `syncbit status` does not pay for the S3 SDK.
 */
import { pathToFileURL } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { SyncBitError, toSyncBitError } from './core/errors.js';
import { createLogger, lineSink, type LogLevel } from './core/log.js';
import type { CliCommand, CliContext, CliIo } from './cli/context.js';
import { capToApply, runCapped, stopWhenOrphaned } from './cli/heap-cap.js';

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run: CliCommand }> }> = {
  import: {
    summary:
      'import <path…> [--timezone <IANA>]   import a Google Takeout export (zip, multi-part zip, tgz or folder)',
    load: () => import('./cli/import.js'),
  },
  status: {
    summary:
      'status [--json]                      what the archive holds: per type first/last day, days, gaps',
    load: () => import('./cli/status.js'),
  },
  authorize: {
    summary: 'authorize [--no-browser]             sign in with Google (loopback + PKCE) and store the token',
    load: () => import('./cli/authorize.js'),
  },
  logout: {
    summary: 'logout                               revoke and delete the stored Google token',
    load: () => import('./cli/logout.js'),
  },
  sync: {
    summary: 'sync [--from D] [--to D] [--types a,b] fetch from the Google Health API once',
    load: () => import('./cli/sync.js'),
  },
  daemon: {
    summary: 'daemon                               sync on a timer (SYNC_INTERVAL_MINUTES) until SIGTERM',
    load: () => import('./cli/daemon.js'),
  },
  export: {
    summary: 'export [--destination victoria|s3]   drain the export outbox now',
    load: () => import('./cli/export.js'),
  },
  'test-destination': {
    summary: 'test-destination <victoria|s3>       check reachability and credentials, writing nothing',
    load: () => import('./cli/test-destination.js'),
  },
  demo: {
    summary: 'demo [--days N] [--data-dir DIR]     generate a synthetic Takeout export and import it',
    load: () => import('./cli/demo.js'),
  },
  'rebuild-index': {
    summary: 'rebuild-index                        rebuild the archive index from the day files',
    load: () => import('./cli/rebuild-index.js'),
  },
};

function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  syncbit ${c.summary}`);
  return [
    'SyncBit — own your Fitbit data.',
    '',
    'Usage:',
    ...lines,
    '',
    'Data directory: SYNCBIT_DATA_DIR (or DATA_DIR), else the OS app-data folder for SyncBit.',
    'Settings: see README.md ("Settings").',
  ].join('\n');
}

/** Runs one CLI invocation in-process (tests call this directly) and returns the exit code. */
export async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: CliIo,
  shutdown: AbortSignal,
): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  const level = (env.LOG_LEVEL?.toLowerCase() ?? 'warn') as LogLevel;
  const log = createLogger(
    'syncbit',
    lineSink((l) => {
      io.err(l);
    }),
    { level: ['debug', 'info', 'warn', 'error'].includes(level) ? level : 'warn' },
  );
  log.debug('V8 heap limit', { mb: Math.round(getHeapStatistics().heap_size_limit / 1_048_576) });
  const ctx: CliContext = { env, io, log, shutdown };
  try {
    const mod = await command.load();
    return await mod.run(args, ctx);
  } catch (err) {
    const e = toSyncBitError(err);
    io.err(`syncbit ${name}: ${e.message}${e.code === 'internal' ? '' : ` [${e.code}]`}`);
    if (e.code === 'internal' && err instanceof Error && env.LOG_LEVEL?.toLowerCase() === 'debug')
      io.err(err.stack ?? '');
    return err instanceof SyncBitError && err.code === 'invalid-input' ? 2 : 1;
  }
}

/** Runs the command in this process, stopping it on the first SIGINT/SIGTERM. */
function runHere(): void {
  const controller = new AbortController();
  // The first SIGINT or SIGTERM asks the command to stop (the daemon finishes its current write and
  // exits 0). A second Ctrl+C forces the exit; a repeated SIGTERM does not: a service manager that
  // loses patience sends SIGKILL anyway. A library that saw the first signal re-raises it at once
  // (when-exit, under the settings store's atomic writes): a repeat within REPEAT_MS is that echo,
  // not a person pressing Ctrl+C again.
  const REPEAT_MS = 500;
  let stoppedAt = 0;
  const stop = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      if (signal === 'SIGINT' && Date.now() - stoppedAt >= REPEAT_MS) process.exit(130);
      return;
    }
    stoppedAt = Date.now();
    controller.abort();
  };
  // `syncbit status | head` closes the pipe early: that is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  stopWhenOrphaned(() => {
    stop('SIGTERM');
  });
  const io: CliIo = {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
  };
  main(process.argv.slice(2), process.env, io, controller.signal).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

/** `sync`, `daemon`, `import` and `demo` run again in a Node with a capped heap (heap-cap.ts); the rest run here. */
function runEntry(script: string): void {
  const facts = {
    argv: process.argv.slice(2),
    execArgv: process.execArgv,
    env: process.env,
    platform: process.platform,
  };
  let cap: number | undefined;
  try {
    cap = capToApply(facts);
  } catch (err) {
    process.stderr.write(`syncbit: ${toSyncBitError(err).message}\n`);
    process.exitCode = 2;
    return;
  }
  if (cap === undefined) runHere();
  else
    void runCapped(cap, script, facts).then((code) => {
      process.exitCode = code;
    });
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) runEntry(entry);
