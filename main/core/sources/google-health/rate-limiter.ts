/**
 * Client-side pacing below Google's 300 requests/minute/user (reference §4): a token bucket (5
 * requests/second, small burst) plus a sliding-window cap of 290 requests in any 60 seconds, so
 * SyncBit never causes a 429 itself yet uses almost all of the quota during a long backfill. Waiters are served
 * first-come first-served; a 429 pauses everyone (`pauseUntil`). The clock is injectable so tests
 * can drive it with fake time.
 */
import { SyncBitError } from '../../errors.js';
import type { Clock } from '../../ports.js';
import { systemClock } from '../../ports.js';

export interface RateLimiterOptions {
  /** Short-term rate (default 5/s, Google's "about 5 QPS"). */
  readonly ratePerSecond?: number;
  /** Bucket size: how many requests may go at once after a quiet spell (default 2). */
  readonly burst?: number;
  /** At most this many requests in any 60 s (default 290: under Google's 300/min in every window). */
  readonly perMinute?: number;
  readonly clock?: Clock;
}

const WINDOW_MS = 60_000;

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/** A FIFO token bucket. */
export class RateLimiter {
  readonly ratePerSecond: number;
  readonly burst: number;
  readonly perMinute: number;
  private readonly clock: Clock;
  /** Send times of the last `perMinute` requests, oldest first. */
  private readonly sent: number[] = [];
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  private readonly queue: Waiter[] = [];
  private timer: unknown = undefined;
  private timerAt = 0;

  constructor(opts: RateLimiterOptions = {}) {
    this.ratePerSecond = opts.ratePerSecond ?? 5;
    this.burst = Math.max(1, opts.burst ?? 2);
    this.perMinute = Math.max(1, Math.floor(opts.perMinute ?? 290));
    if (!(this.ratePerSecond > 0))
      throw new SyncBitError('invalid-settings', 'The request rate must be above 0 per second.');
    this.clock = opts.clock ?? systemClock;
    this.tokens = this.burst;
    this.last = this.clock.now();
  }

  /** Resolves when the caller may send one request. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted === true)
      return Promise.reject(new SyncBitError('cancelled', 'The request was cancelled.'));
    return new Promise<void>((resolve, reject) => {
      const w: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        w.onAbort = () => {
          const i = this.queue.indexOf(w);
          if (i >= 0) this.queue.splice(i, 1);
          reject(new SyncBitError('cancelled', 'The request was cancelled.'));
          this.pump();
        };
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      this.queue.push(w);
      this.pump();
    });
  }

  /** Holds every request until `epochMs` (after a 429 / Retry-After). */
  pauseUntil(epochMs: number): void {
    if (epochMs > this.pausedUntil) this.pausedUntil = epochMs;
    this.tokens = Math.min(this.tokens, 1);
    this.pump();
  }

  /** When requests are held for quota, the time they resume (for "waiting for quota until HH:MM"). */
  waitingUntil(): number | undefined {
    return this.pausedUntil > this.clock.now() ? this.pausedUntil : undefined;
  }

  /** Requests currently waiting. */
  get pending(): number {
    return this.queue.length;
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.ratePerSecond) / 1000);
      this.last = now;
    }
  }

  private pump(): void {
    const now = this.clock.now();
    this.refill(now);
    while (this.queue.length > 0) {
      if (now < this.pausedUntil) {
        this.schedule(this.pausedUntil);
        return;
      }
      if (this.tokens < 1 - 1e-9) {
        this.schedule(now + Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond));
        return;
      }
      while (this.sent.length > 0 && (this.sent[0] as number) <= now - WINDOW_MS) this.sent.shift();
      if (this.sent.length >= this.perMinute) {
        this.schedule((this.sent[0] as number) + WINDOW_MS);
        return;
      }
      this.sent.push(now);
      this.tokens -= 1;
      const w = this.queue.shift();
      if (w) {
        if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
        w.resolve();
      }
    }
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private schedule(at: number): void {
    if (this.timer !== undefined) {
      if (this.timerAt <= at) return;
      this.clock.clearTimeout(this.timer);
    }
    this.timerAt = at;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = undefined;
        this.pump();
      },
      Math.max(0, at - this.clock.now()),
    );
  }
}
