/**
 * The sync timer: the one scheduler the tray app and `syncbit daemon` both run, with one rule for
 * what counts as success. Each tick is "sync once" (sync-once.ts). A tick that finds the data
 * folder held by another program is retried shortly, without backoff or an error state.
 */
import type { Clock, Logger } from '../ports.js';
import { FolderBusyError } from '../store/folder-lock.js';
import type { SyncResult } from '../sync/progress.js';
import { SyncScheduler } from '../sync/scheduler.js';

export type SyncTimer = SyncScheduler<SyncResult>;

/** How soon a tick that found the data folder busy tries again. */
export const BUSY_RETRY_MS = 60_000;

/**
 * Success resets the backoff: a complete run, or one that waits on the person (signed out, token
 * revoked, account not linked) — retrying sooner cannot help there, and the status says what to do.
 */
export function isSyncSettled(result: SyncResult): boolean {
  return result.ok || result.state === 'auth-required' || result.state === 'account-not-linked';
}

export interface SyncTimerOptions {
  /** One tick: "sync once" over the current source. */
  readonly run: (signal: AbortSignal) => Promise<SyncResult>;
  /** Read at every scheduling, so a settings change takes effect at the next tick. */
  readonly intervalMinutes: () => number;
  readonly log: Logger;
  readonly clock?: Clock;
  readonly random?: () => number;
  /** Delay of the first tick after start (the tray app lets its window appear first). */
  readonly initialDelayMs?: number;
}

/** Builds the sync timer (unstarted; the composition starts it). */
export function createSyncTimer(o: SyncTimerOptions): SyncTimer {
  return new SyncScheduler<SyncResult>({
    run: o.run,
    isOk: isSyncSettled,
    deferOn: (err) => (err instanceof FolderBusyError ? BUSY_RETRY_MS : undefined),
    get intervalMs() {
      return o.intervalMinutes() * 60_000;
    },
    jitterRatio: 0.1,
    log: o.log,
    ...(o.initialDelayMs === undefined ? {} : { initialDelayMs: o.initialDelayMs }),
    ...(o.clock ? { clock: o.clock } : {}),
    ...(o.random ? { random: o.random } : {}),
  });
}
