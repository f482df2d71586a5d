/**
 * The tests' one fake Clock (the port in main/core/ports.ts). It owns test time: where "now"
 * starts, whether it also moves with real time, and how timers fire — only when the test calls
 * advance() (the default), on real time below a threshold (re-armed when advance() jumps past
 * them), or at once on the next tick while "now" moves by the delay asked for (`instantTimers`).
 */
import type { Clock } from '../../main/core/ports.js';

export interface TestClockOptions {
  /** now() when the clock is made (default: the real time). */
  readonly start?: number;
  /** now() also moves with real time between advances (default false: it stands still). */
  readonly flowing?: boolean;
  /**
   * Timers shorter than this run on real time (and fire at once when advance() passes their due
   * time); longer ones fire only inside advance(). Default 0: every timer waits for advance();
   * Infinity: every timer runs on real time.
   */
  readonly realTimersBelowMs?: number;
  /** Every timer fires on the next tick and moves now() forward by its delay (kept in `delays`). */
  readonly instantTimers?: boolean;
}

interface ManualTimer {
  readonly at: number;
  readonly fn: () => void;
}

interface RealTimer {
  readonly due: number;
  readonly fn: () => void;
  handle: NodeJS.Timeout;
}

/** Lets pending promise callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

export class TestClock implements Clock {
  /** Delays asked of setTimeout, in order (for assertions on backoff). */
  readonly delays: number[] = [];
  private offset: number;
  private nextId = 1;
  private readonly flowing: boolean;
  private readonly realBelowMs: number;
  private readonly instant: boolean;
  private readonly manual = new Map<number, ManualTimer>();
  private readonly real = new Map<number, RealTimer>();
  private readonly immediate = new Map<number, NodeJS.Immediate>();

  constructor(opts: TestClockOptions = {}) {
    this.flowing = opts.flowing ?? false;
    this.realBelowMs = opts.realTimersBelowMs ?? 0;
    this.instant = opts.instantTimers ?? false;
    this.offset = (opts.start ?? Date.now()) - (this.flowing ? Date.now() : 0);
  }

  readonly now = (): number => (this.flowing ? Date.now() : 0) + this.offset;

  readonly setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.delays.push(ms);
    if (this.instant) {
      this.offset += Math.max(0, ms);
      this.immediate.set(
        id,
        setImmediate(() => {
          this.immediate.delete(id);
          fn();
        }),
      );
    } else if (ms < this.realBelowMs) {
      this.real.set(id, { due: this.now() + ms, fn, handle: this.arm(id, fn, ms) });
    } else {
      this.manual.set(id, { at: this.now() + Math.max(0, ms), fn });
    }
    return id;
  };

  readonly clearTimeout = (handle: unknown): void => {
    const id = handle as number;
    const real = this.real.get(id);
    if (real !== undefined) clearTimeout(real.handle);
    clearImmediate(this.immediate.get(id));
    this.real.delete(id);
    this.immediate.delete(id);
    this.manual.delete(id);
  };

  /** Moves time forward, firing the timers that come due in order (now() is each one's due time). */
  advance(ms: number): void {
    const end = this.now() + ms;
    while (this.fireNextDue(end));
    this.moveTo(end);
  }

  /** Like advance(), but lets promise callbacks run before each timer and at the end. */
  async advanceAsync(ms: number): Promise<void> {
    const end = this.now() + ms;
    for (;;) {
      await flush();
      if (!this.fireNextDue(end)) break;
    }
    this.moveTo(end);
    await flush();
  }

  /** Sets now() to an instant (ms or ISO text): forward like advance(), or back without firing. */
  setTime(at: number | string): void {
    const target = typeof at === 'string' ? Date.parse(at) : at;
    if (target >= this.now()) this.advance(target - this.now());
    else this.moveTo(target);
  }

  /** Due times of every timer still waiting, soonest first. */
  pendingDueTimes(): number[] {
    return [...[...this.manual.values()].map((t) => t.at), ...[...this.real.values()].map((t) => t.due)].sort(
      (a, b) => a - b,
    );
  }

  private fireNextDue(end: number): boolean {
    let next: [number, ManualTimer] | undefined;
    for (const e of this.manual) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
    if (!next) return false;
    this.manual.delete(next[0]);
    if (next[1].at > this.now()) this.moveTo(next[1].at);
    next[1].fn();
    return true;
  }

  /** Sets now() and re-arms the real-time timers for what is left of their wait. */
  private moveTo(at: number): void {
    this.offset += at - this.now();
    for (const [id, t] of this.real) {
      clearTimeout(t.handle);
      t.handle = this.arm(id, t.fn, Math.max(0, t.due - this.now()));
    }
  }

  private arm(id: number, fn: () => void, ms: number): NodeJS.Timeout {
    return setTimeout(() => {
      this.real.delete(id);
      fn();
    }, ms);
  }
}
