/**
 * `syncbit daemon`: syncs every SYNC_INTERVAL_MINUTES (default: the setting, 15) with jitter and
 * backoff, never two syncs at once. SIGINT/SIGTERM (ctx.shutdown) aborts the running sync after its
 * current day write, flushes coverage and exits 0.
 */
import { SyncBitError } from '../core/errors.js';
import { SyncEngine } from '../core/sync/engine.js';
import type { SyncResult } from '../core/sync/progress.js';
import { SyncScheduler } from '../core/sync/scheduler.js';
import { scopeGroupsOf, type SyncCoreFactory } from '../core/sync/sync-core.js';
import type { Clock } from '../core/ports.js';
import { parseCommandArgs } from './args.js';
import type { CliCommand } from './context.js';
import { loadAppCore, progressPrinter } from './sync.js';

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

/** Builds the command around a core factory (tests pass a fake one and a fake clock). */
export function createDaemonCommand(
  factory: SyncCoreFactory,
  options: { clock?: Clock; random?: () => number } = {},
): CliCommand {
  return async (args, ctx) => {
    parseCommandArgs(args, {}, 'daemon');
    const core = await factory({ env: ctx.env, log: ctx.log });
    const log = ctx.log.child('daemon');
    try {
      const minutes = intervalMinutes(ctx.env, core.settings.syncIntervalMinutes);
      const engine = new SyncEngine({
        api: core.api,
        store: core.store,
        coverage: core.coverage,
        log: ctx.log.child('sync'),
        ...(options.clock ? { clock: options.clock } : {}),
      });
      core.onRateLimitWait?.((until) => {
        engine.notifyRateLimitWait(until);
      });
      engine.onEvent(progressPrinter(ctx.io));
      const grantedScopes = scopeGroupsOf(core.grantedScopes);
      const scheduler = new SyncScheduler<SyncResult>({
        run: async (signal) => {
          const result = await engine.run({
            signal,
            backfillDays: core.settings.backfillDays,
            finalisationDays: core.settings.finalisationDays,
            ...(grantedScopes === undefined ? {} : { grantedScopes }),
            ...(core.settings.timezone === undefined ? {} : { timeZone: core.settings.timezone }),
          });
          await core.afterRun?.();
          return result;
        },
        isOk: (r) => r.ok,
        intervalMs: minutes * 60_000,
        jitterRatio: 0.1,
        log,
        ...(options.clock ? { clock: options.clock } : {}),
        ...(options.random ? { random: options.random } : {}),
      });
      let lastState = '';
      scheduler.onChange((snap) => {
        if (snap.state === lastState) return;
        lastState = snap.state;
        if (snap.state === 'idle' || snap.state === 'error') {
          const next =
            snap.nextRunAt === undefined ? '' : ` Next sync at ${new Date(snap.nextRunAt).toISOString()}.`;
          const what = snap.lastResult
            ? snap.lastResult.ok
              ? 'Sync finished.'
              : `Sync did not complete: ${snap.lastResult.message ?? snap.lastResult.state}.`
            : snap.lastError
              ? `Sync failed: ${snap.lastError.message}`
              : '';
          ctx.io.err(`${what}${next}`.trim());
        }
      });
      ctx.io.err(`SyncBit daemon: syncing every ${minutes} minutes. Stop with Ctrl+C or SIGTERM.`);
      scheduler.start();
      await new Promise<void>((resolve) => {
        if (ctx.shutdown.aborted) resolve();
        else
          ctx.shutdown.addEventListener(
            'abort',
            () => {
              resolve();
            },
            { once: true },
          );
      });
      ctx.io.err('Stopping: finishing the current write…');
      await scheduler.stop();
      await core.coverage.flush();
      ctx.io.err('Stopped.');
      return 0;
    } finally {
      await core.close?.();
    }
  };
}

export const run: CliCommand = createDaemonCommand(loadAppCore);
