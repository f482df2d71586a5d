/**
 * `syncbit daemon`: runs the sync timer (main/core/app/sync-timer.ts, the same one the tray app
 * runs) every SYNC_INTERVAL_MINUTES (default: the setting, 15) until SIGINT/SIGTERM, then stops
 * through the same path as the tray app's Quit: the running sync finishes its current day write,
 * the index and coverage are flushed, and the exit code is 0.
 */
import { SyncBitError } from '../core/errors.js';
import type { Clock } from '../core/ports.js';
import { openCliSyncSource } from '../core/app/google-sync.js';
import { runUntilStopped } from '../core/app/run-until-stopped.js';
import { syncOnce, type SyncSourceFactory } from '../core/app/sync-once.js';
import { createSyncTimer, type SyncTimer } from '../core/app/sync-timer.js';
import { parseCommandArgs } from './args.js';
import type { CliCommand, CliIo } from './context.js';
import { progressPrinter } from './sync.js';

/** The interval in minutes: SYNC_INTERVAL_MINUTES when set, else the setting. */
export function intervalMinutes(env: NodeJS.ProcessEnv, fallback: number): number {
  const raw = env.SYNC_INTERVAL_MINUTES;
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 1 || n > 1440)
    throw new SyncBitError(
      'invalid-settings',
      `SYNC_INTERVAL_MINUTES must be a number of minutes between 1 and 1440, got "${raw}".`,
    );
  return n;
}

/** One line on stderr whenever a run ends: what happened and when the next one is. */
function reportRuns(timer: SyncTimer, io: CliIo): void {
  let lastState = '';
  timer.onChange((snap) => {
    if (snap.state === lastState) return;
    lastState = snap.state;
    if (snap.state !== 'idle' && snap.state !== 'error') return;
    const next =
      snap.nextRunAt === undefined ? '' : ` Next sync at ${new Date(snap.nextRunAt).toISOString()}.`;
    const r = snap.lastResult;
    const what = r
      ? r.ok
        ? 'Sync finished.'
        : `Sync did not complete: ${r.message ?? r.state}.`
      : snap.lastError
        ? `Sync failed: ${snap.lastError.message}`
        : '';
    io.err(`${what}${next}`.trim());
  });
}

/** Builds the command around a sync source factory (tests pass a fake one and a fake clock). */
export function createDaemonCommand(
  factory: SyncSourceFactory,
  options: { clock?: Clock; random?: () => number } = {},
): CliCommand {
  return async (args, ctx) => {
    parseCommandArgs(args, {}, 'daemon');
    const source = await factory({ env: ctx.env, log: ctx.log });
    try {
      const minutes = intervalMinutes(ctx.env, source.settings.syncIntervalMinutes);
      const timer = createSyncTimer({
        run: (signal) =>
          syncOnce(source, {
            signal,
            log: ctx.log.child('sync'),
            onEvent: progressPrinter(ctx.io),
            ...(options.clock ? { clock: options.clock } : {}),
          }),
        intervalMinutes: () => minutes,
        log: ctx.log.child('daemon'),
        ...(options.clock ? { clock: options.clock } : {}),
        ...(options.random ? { random: options.random } : {}),
      });
      reportRuns(timer, ctx.io);
      ctx.io.err(`SyncBit daemon: syncing every ${minutes} minutes. Stop with Ctrl+C or SIGTERM.`);
      timer.start();
      await runUntilStopped(
        ctx.shutdown,
        () => timer.stop(),
        () => {
          ctx.io.err('Stopping: finishing the current write…');
        },
      );
    } finally {
      await source.close?.();
    }
    ctx.io.err('Stopped.');
    return 0;
  };
}

export const run: CliCommand = createDaemonCommand(openCliSyncSource);
