/**
 * The assembled app's clock in the test: real time plus an offset the test can jump forward.
 * Timers run on real time, and `advance(ms)` moves "now" and fires every timer that became due,
 * so "30 minutes pass" takes no time while retries and timeouts inside a sync still behave.
 * The test puts it in place of `systemClock` (vi.mock of main/core/ports), the clock `npm start`
 * composes with; the Google Health simulator reads the same clock.
 */
import type { Clock } from '../../main/core/ports.js';

interface Pending {
  readonly due: number;
  readonly fn: () => void;
  real: NodeJS.Timeout;
}

export class SkippableClock implements Clock {
  private offset: number;
  private nextId = 1;
  private readonly timers = new Map<number, Pending>();

  constructor(startAt: number) {
    this.offset = startAt - Date.now();
  }

  readonly now = (): number => Date.now() + this.offset;

  readonly setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.nextId++;
    const pending: Pending = { due: this.now() + ms, fn, real: this.arm(id, fn, ms) };
    this.timers.set(id, pending);
    return id;
  };

  readonly clearTimeout = (handle: unknown): void => {
    const pending = this.timers.get(handle as number);
    if (pending === undefined) return;
    clearTimeout(pending.real);
    this.timers.delete(handle as number);
  };

  /** Jumps forward: timers due by the new "now" fire at once, the others keep their due time. */
  advance(ms: number): void {
    this.offset += ms;
    for (const [id, p] of this.timers) {
      clearTimeout(p.real);
      p.real = this.arm(id, p.fn, Math.max(0, p.due - this.now()));
    }
  }

  /** Timers still waiting (for assertions that nothing is scheduled to run). */
  pendingDueTimes(): number[] {
    return [...this.timers.values()].map((p) => p.due);
  }

  private arm(id: number, fn: () => void, ms: number): NodeJS.Timeout {
    return setTimeout(() => {
      this.timers.delete(id);
      fn();
    }, ms);
  }
}

/** The instant the assembled app's day starts at in the test (a Friday morning in Berlin). */
export const APP_START = Date.parse('2026-11-20T09:00:00Z');
/** The one clock the booted app and the simulator share (see assembled-app.test.ts). */
export const appClock = new SkippableClock(APP_START);
