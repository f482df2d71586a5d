import type { Clock } from '../../main/core/ports.js';

/**
 * A clock whose long timers (the sync timer's minutes) fire only when the test advances it, while
 * short ones (an HTTP client's pacing and retry waits, under `realBelowMs`) run on real time.
 * `now()` follows the real time plus what was advanced, so a real server (the simulator) and the
 * app still agree on "today".
 */
export class ManualClock implements Clock {
  private offset = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  private readonly real = new Map<number, NodeJS.Timeout>();

  constructor(private readonly realBelowMs = 10_000) {}

  now(): number {
    return Date.now() + this.offset;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    if (ms < this.realBelowMs)
      this.real.set(
        id,
        setTimeout(() => {
          this.real.delete(id);
          fn();
        }, ms),
      );
    else this.timers.set(id, { at: this.now() + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    clearTimeout(this.real.get(handle as number));
    this.real.delete(handle as number);
    this.timers.delete(handle as number);
  }
  /** Pending timers, soonest first (what the app is waiting for). */
  pending(): number[] {
    return [...this.timers.values()].map((t) => t.at - this.now()).sort((a, b) => a - b);
  }
  /** Moves time forward and fires every timer that came due, in order. */
  advance(ms: number): void {
    this.offset += ms;
    const due = [...this.timers.entries()]
      .filter(([, t]) => t.at <= this.now())
      .sort((a, b) => a[1].at - b[1].at);
    for (const [id, t] of due) {
      this.timers.delete(id);
      t.fn();
    }
  }
}
