import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../main/core/ports.js';
import { SyncScheduler, type SchedulerOptions } from '../../../main/core/sync/scheduler.js';

interface R {
  ok: boolean;
  n: number;
}

const MIN = 60_000;

beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-11-20T10:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A controllable sync: each run waits until the test resolves it (or resolves after `ms`). */
function harness(opts: Partial<SchedulerOptions<R>> = {}, autoMs = 10) {
  let runs = 0;
  let concurrent = 0;
  let maxConcurrent = 0;
  const results: boolean[] = [];
  const signals: AbortSignal[] = [];
  const s = new SyncScheduler<R>({
    run: async (signal) => {
      runs += 1;
      concurrent += 1;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      signals.push(signal);
      await new Promise((r) => setTimeout(r, autoMs));
      concurrent -= 1;
      const ok = results.shift() ?? true;
      return { ok, n: runs };
    },
    isOk: (r) => r.ok,
    intervalMs: 15 * MIN,
    clock: systemClock,
    random: () => 0.5,
    ...opts,
  });
  return { s, runs: () => runs, maxConcurrent: () => maxConcurrent, results, signals };
}

describe('SyncScheduler', () => {
  it('runs at start, then every interval via setTimeout', async () => {
    const h = harness();
    h.s.start();
    await vi.advanceTimersByTimeAsync(20);
    expect(h.runs()).toBe(1);
    expect(h.s.snapshot().state).toBe('idle');
    expect(h.s.snapshot().nextRunAt).toBe(h.s.snapshot().lastRunAt! + 15 * MIN);
    await vi.advanceTimersByTimeAsync(15 * MIN + 20);
    expect(h.runs()).toBe(2);
    await h.s.stop();
  });

  it('keeps jitter within ± the ratio', () => {
    const lo = harness({ random: () => 0, jitterRatio: 0.2 });
    const hi = harness({ random: () => 0.999999, jitterRatio: 0.2 });
    expect(lo.s.nextDelay()).toBe(12 * MIN);
    expect(hi.s.nextDelay()).toBeLessThanOrEqual(18 * MIN);
    expect(hi.s.nextDelay()).toBeGreaterThan(17.99 * MIN);
  });

  it('backs off exponentially after failures and resets after a success', async () => {
    const h = harness({ backoffBaseMs: MIN, maxBackoffMs: 8 * MIN, jitterRatio: 0 });
    h.results.push(false, false, false, false, false, true);
    h.s.start();
    const gaps: number[] = [];
    for (let i = 0; i < 6; i++) {
      await vi.advanceTimersByTimeAsync(20);
      const snap = h.s.snapshot();
      gaps.push((snap.nextRunAt ?? 0) - (snap.lastRunAt ?? 0));
      if (i < 5) expect(snap.state).toBe('error');
      if (i < 5) await vi.advanceTimersByTimeAsync((snap.nextRunAt ?? 0) - Date.now());
    }
    expect(gaps).toEqual([MIN, 2 * MIN, 4 * MIN, 8 * MIN, 8 * MIN, 15 * MIN]);
    expect(h.s.snapshot().failures).toBe(0);
    await h.s.stop();
  });

  it('"sync now" joins a running sync instead of starting another', async () => {
    const h = harness({}, 1000);
    h.s.start();
    await vi.advanceTimersByTimeAsync(1);
    const a = h.s.syncNow();
    const b = h.s.syncNow();
    expect(a).toBe(b);
    await vi.advanceTimersByTimeAsync(1000);
    expect((await a).n).toBe(1);
    expect(h.runs()).toBe(1);
    expect(h.maxConcurrent()).toBe(1);
    await h.s.stop();
  });

  it('never overlaps even when a run outlasts the interval', async () => {
    const h = harness({ intervalMs: MIN }, 5 * MIN);
    h.s.start();
    await vi.advanceTimersByTimeAsync(30 * MIN);
    expect(h.maxConcurrent()).toBe(1);
    expect(h.runs()).toBeGreaterThan(3);
    const stopping = h.s.stop();
    await vi.advanceTimersByTimeAsync(5 * MIN);
    await stopping;
  });

  it('pauses until a time or indefinitely, and resumes', async () => {
    const h = harness();
    h.s.start();
    await vi.advanceTimersByTimeAsync(20);
    h.s.pause();
    expect(h.s.snapshot().state).toBe('paused');
    expect(h.s.snapshot().nextRunAt).toBeUndefined();
    await vi.advanceTimersByTimeAsync(60 * MIN);
    expect(h.runs()).toBe(1);
    h.s.resume();
    await vi.advanceTimersByTimeAsync(20);
    expect(h.runs()).toBe(2); // the run that fell due while paused happens at once
    h.s.pause(Date.now() + 30 * MIN);
    expect(h.s.snapshot().pausedUntil).toBe(Date.now() + 30 * MIN);
    await vi.advanceTimersByTimeAsync(29 * MIN);
    expect(h.runs()).toBe(2);
    await vi.advanceTimersByTimeAsync(MIN + 20);
    expect(h.runs()).toBe(3);
    expect(h.s.snapshot().state).toBe('idle');
    await h.s.stop();
  });

  it('holds the timer while suspended and catches up on wake only if a run was due', async () => {
    const h = harness();
    h.s.start();
    await vi.advanceTimersByTimeAsync(20);
    h.s.suspend();
    await vi.advanceTimersByTimeAsync(5 * MIN);
    h.s.resumeFromSuspend();
    await vi.advanceTimersByTimeAsync(20);
    expect(h.runs()).toBe(1); // not due yet
    h.s.suspend();
    await vi.advanceTimersByTimeAsync(3 * 60 * MIN);
    expect(h.runs()).toBe(1);
    h.s.resumeFromSuspend();
    await vi.advanceTimersByTimeAsync(20);
    expect(h.runs()).toBe(2);
    await h.s.stop();
  });

  it('stop aborts the running sync, waits for it, and schedules nothing more', async () => {
    const h = harness({}, 1000);
    const states: string[] = [];
    h.s.onChange((snap) => states.push(snap.state));
    h.s.start();
    await vi.advanceTimersByTimeAsync(1);
    const stopping = h.s.stop();
    expect(h.signals[0]?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    await stopping;
    await vi.advanceTimersByTimeAsync(60 * MIN);
    expect(h.runs()).toBe(1);
    expect(h.s.snapshot().state).toBe('stopped');
    expect(states).toContain('syncing');
    expect(states.at(-1)).toBe('stopped');
  });

  it('treats a thrown error as a failure with its message', async () => {
    const s = new SyncScheduler<R>({
      run: () => Promise.reject(new Error('boom')),
      isOk: (r) => r.ok,
      intervalMs: 15 * MIN,
      clock: systemClock,
      random: () => 0.5,
    });
    await expect(s.syncNow()).rejects.toThrow('boom');
    expect(s.snapshot().state).toBe('error');
    expect(s.snapshot().lastError?.message).toBe('boom');
  });

  it('retries a deferred run (data folder busy) soon, without backoff or an error state', async () => {
    let calls = 0;
    const s = new SyncScheduler<R>({
      run: () => {
        calls += 1;
        return calls === 1 ? Promise.reject(new Error('busy')) : Promise.resolve({ ok: true, n: calls });
      },
      isOk: (r) => r.ok,
      deferOn: (err) => (err.message === 'busy' ? MIN : undefined),
      intervalMs: 15 * MIN,
      clock: systemClock,
      random: () => 0.5,
    });
    s.start();
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(1);
    expect(s.snapshot()).toMatchObject({ state: 'idle', failures: 0, lastError: undefined });
    expect(s.snapshot().nextRunAt).toBe(Date.now() + MIN - 1);
    await vi.advanceTimersByTimeAsync(MIN);
    expect(calls).toBe(2);
    expect(s.snapshot().lastResult).toEqual({ ok: true, n: 2 });
    await s.stop();
  });
});
