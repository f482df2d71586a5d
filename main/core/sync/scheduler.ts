/**
 * The sync timer used by the tray app and the daemon: a self-rescheduling setTimeout (never
 * setInterval) with jitter so many installs do not hit the API in step, exponential backoff after
 * failures, "sync now" that joins a running sync instead of starting a second one, pause/resume,
 * and suspend/resume hooks (timers are unreliable across sleep: catch up on wake if a run was due).
 * Every await is followed by a `stopped` check. Time comes from an injected Clock.
 */
import { systemClock, type Clock, type Logger } from '../ports.js';
import { silentLogger } from '../log.js';
import { toSyncBitError } from '../errors.js';

export type SchedulerState = 'idle' | 'syncing' | 'paused' | 'error' | 'stopped';

export interface SchedulerSnapshot<R> {
  readonly state: SchedulerState;
  readonly lastRunAt: number | undefined;
  readonly nextRunAt: number | undefined;
  readonly lastResult: R | undefined;
  readonly lastError: { readonly code: string; readonly message: string } | undefined;
  /** Consecutive failed runs (drives the backoff). */
  readonly failures: number;
  /** Paused until this instant; undefined while paused indefinitely or not paused. */
  readonly pausedUntil: number | undefined;
}

export interface SchedulerOptions<R> {
  /** One sync; must honour the signal (the scheduler aborts it on stop). */
  readonly run: (signal: AbortSignal) => Promise<R>;
  /** Whether a result counts as a success (resets the backoff). */
  readonly isOk: (result: R) => boolean;
  /**
   * A run that throws an error this accepts (e.g. "another program holds the data folder") is not
   * a failure: no backoff, no error state; the next try comes after the returned delay.
   */
  readonly deferOn?: (error: Error) => number | undefined;
  readonly intervalMs: number;
  /** ± fraction of the delay added at random (default 0.1). */
  readonly jitterRatio?: number;
  /** First retry delay after a failure (default 1 min), doubled per consecutive failure up to maxBackoffMs. */
  readonly backoffBaseMs?: number;
  /** Longest delay after failures (default: 4 × interval, at least 1 h). */
  readonly maxBackoffMs?: number;
  /** Delay of the first run after start (default 0). */
  readonly initialDelayMs?: number;
  readonly clock?: Clock;
  /** Uniform [0, 1) source (tests pin it). */
  readonly random?: () => number;
  readonly log?: Logger;
}

export type SchedulerListener<R> = (snapshot: SchedulerSnapshot<R>) => void;

export class SyncScheduler<R> {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly log: Logger;
  private timer: unknown;
  private current: Promise<R> | undefined;
  private controller: AbortController | undefined;
  private listeners: SchedulerListener<R>[] = [];
  private started = false;
  private stopped = false;
  private paused = false;
  private suspended = false;
  private pausedUntil: number | undefined;
  private dueAt: number | undefined;
  private lastRunAt: number | undefined;
  private lastResult: R | undefined;
  private lastError: { code: string; message: string } | undefined;
  private failures = 0;

  constructor(private readonly options: SchedulerOptions<R>) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.log = options.log ?? silentLogger;
  }

  /** Starts the timer (first run after initialDelayMs). */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.schedule(this.options.initialDelayMs ?? 0);
  }

  /** Stops the timer, aborts a running sync and waits for it to finish its current write. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.clearTimer();
    this.dueAt = undefined;
    this.controller?.abort();
    const running = this.current;
    this.changed();
    if (running) await running.then(noop, noop);
  }

  /** Runs now, or returns the running sync's promise (never two at once). Works while paused. */
  syncNow(): Promise<R> {
    return this.runOnce();
  }

  /** Pauses scheduled runs until `untilMs` (epoch) or indefinitely; a running sync finishes. */
  pause(untilMs?: number): void {
    if (this.stopped) return;
    this.paused = true;
    this.pausedUntil = untilMs;
    this.clearTimer();
    if (untilMs !== undefined)
      this.setTimer(Math.max(0, untilMs - this.clock.now()), () => {
        this.resume();
      });
    this.changed();
  }

  /** Ends a pause; runs at once if a run became due meanwhile. */
  resume(): void {
    if (this.stopped || !this.paused) return;
    this.paused = false;
    this.pausedUntil = undefined;
    this.clearTimer();
    this.rescheduleAfterGap();
  }

  /** The system is going to sleep: hold the timer. */
  suspend(): void {
    if (this.stopped) return;
    this.suspended = true;
    this.clearTimer();
    this.changed();
  }

  /** The system woke up: catch up at once if a run was due during sleep, else wait the remaining time. */
  resumeFromSuspend(): void {
    if (this.stopped || !this.suspended) return;
    this.suspended = false;
    if (!this.paused) this.rescheduleAfterGap();
    else this.changed();
  }

  snapshot(): SchedulerSnapshot<R> {
    const state: SchedulerState = this.stopped
      ? 'stopped'
      : this.current
        ? 'syncing'
        : this.paused || this.suspended
          ? 'paused'
          : this.lastError || this.failures > 0
            ? 'error'
            : 'idle';
    return {
      state,
      lastRunAt: this.lastRunAt,
      nextRunAt: this.paused || this.suspended || this.stopped ? undefined : this.dueAt,
      lastResult: this.lastResult,
      lastError: this.lastError,
      failures: this.failures,
      pausedUntil: this.pausedUntil,
    };
  }

  /** Subscribes to state changes; returns the unsubscribe function. */
  onChange(listener: SchedulerListener<R>): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** The delay before the next run: interval after success, backoff after failures, both jittered. */
  nextDelay(): number {
    const o = this.options;
    let base = o.intervalMs;
    if (this.failures > 0) {
      const max = o.maxBackoffMs ?? Math.max(4 * o.intervalMs, 3_600_000);
      base = Math.min(max, (o.backoffBaseMs ?? 60_000) * 2 ** (this.failures - 1));
    }
    const ratio = o.jitterRatio ?? 0.1;
    return Math.max(0, Math.round(base * (1 + ratio * (2 * this.random() - 1))));
  }

  private rescheduleAfterGap(): void {
    if (!this.started || this.current) {
      this.changed();
      return;
    }
    const due = this.dueAt ?? this.clock.now();
    this.schedule(Math.max(0, due - this.clock.now()));
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.dueAt = this.clock.now() + delayMs;
    this.clearTimer();
    if (!this.paused && !this.suspended) {
      this.setTimer(delayMs, () => {
        this.runOnce().catch(noop);
      });
    }
    this.changed();
  }

  private setTimer(ms: number, fn: () => void): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      fn();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private runOnce(): Promise<R> {
    if (this.current) return this.current;
    if (this.stopped) return Promise.reject(toSyncBitError(new Error('The scheduler is stopped.')));
    this.clearTimer();
    const controller = new AbortController();
    this.controller = controller;
    const p = this.execute(controller);
    this.current = p;
    this.changed();
    return p;
  }

  private async execute(controller: AbortController): Promise<R> {
    let result: R | undefined;
    let error: Error | undefined;
    try {
      result = await this.options.run(controller.signal);
    } catch (err) {
      error = err instanceof Error ? err : toSyncBitError(err);
    }
    this.current = undefined;
    this.controller = undefined;
    const deferMs = error === undefined ? undefined : this.options.deferOn?.(error);
    if (deferMs !== undefined && error !== undefined) {
      this.log.info('sync deferred', { error: error.message, retryInMs: deferMs });
      if (this.started && !this.stopped) this.schedule(deferMs);
      else this.changed();
      throw error;
    }
    this.lastRunAt = this.clock.now();
    if (error === undefined && result !== undefined && this.options.isOk(result)) {
      this.failures = 0;
      this.lastError = undefined;
    } else {
      this.failures += 1;
      const e = error === undefined ? undefined : toSyncBitError(error);
      this.lastError = e ? { code: e.code, message: e.message } : undefined;
      this.log.warn('sync run failed', { failures: this.failures, ...(e ? { errorCode: e.code } : {}) });
    }
    if (result !== undefined) this.lastResult = result;
    if (this.stopped) {
      this.changed();
      if (error !== undefined) throw error;
      return result as R;
    }
    if (this.started) this.schedule(this.nextDelay());
    else this.changed();
    if (error !== undefined) throw error;
    return result as R;
  }

  private changed(): void {
    const snap = this.snapshot();
    for (const l of this.listeners) {
      try {
        l(snap);
      } catch (err) {
        this.log.warn('scheduler listener failed', { error: err });
      }
    }
  }
}

function noop(): void {
  // intentionally empty
}
