/**
 * Test helpers for the Google Health client tests: a manual fake clock, an "instant" clock that
 * records requested delays but does not wait, and a logger that keeps every line it was given.
 */
import type { Clock, LogEntry } from '../../../../main/core/ports.js';
import { createLogger, lineSink } from '../../../../main/core/log.js';

/** Time moves only when the test calls advance(). */
export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  constructor(start = Date.parse('2026-11-20T12:00:00Z')) {
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  /** Moves time forward, firing due timers in order (and letting promise callbacks run between). */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await flush();
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.timers) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].fn();
    }
    this.t = end;
    await flush();
  }
}

/** Lets pending promise callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** Real time for now(), but every setTimeout fires on the next tick; the delays asked for are kept. */
export class InstantClock implements Clock {
  readonly delays: number[] = [];
  private skew = 0;
  now(): number {
    return Date.now() + this.skew;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    this.delays.push(ms);
    this.skew += Math.max(0, ms);
    return setImmediate(fn);
  }
  clearTimeout(handle: unknown): void {
    clearImmediate(handle as NodeJS.Immediate);
  }
}

/** A logger whose formatted output (what a sink would write) is kept for assertions. */
export function capturingLogger(): {
  log: ReturnType<typeof createLogger>;
  lines: string[];
  entries: LogEntry[];
} {
  const lines: string[] = [];
  const entries: LogEntry[] = [];
  const write = lineSink((l) => lines.push(l));
  const log = createLogger(
    'test',
    (e) => {
      entries.push(e);
      write(e);
    },
    { level: 'debug' },
  );
  return { log, lines, entries };
}
