import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../../main/core/sources/google-health/rate-limiter.js';
import { TestClock, flush } from '../../../helpers/test-clock.js';

describe('RateLimiter (token bucket, fake clock)', () => {
  it('lets the burst through at once, then paces at the configured rate in FIFO order', async () => {
    const clock = new TestClock({ start: Date.parse('2026-11-20T12:00:00Z') });
    const limiter = new RateLimiter({ ratePerSecond: 4, burst: 2, clock });
    const t0 = clock.now();
    const granted: { i: number; at: number }[] = [];
    for (let i = 0; i < 10; i++)
      void limiter.acquire().then(() => {
        granted.push({ i, at: clock.now() - t0 });
      });
    await flush();
    expect(granted.map((g) => g.i)).toEqual([0, 1]);
    await clock.advanceAsync(2000);
    expect(granted.map((g) => g.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const times = granted.map((g) => g.at);
    expect(times).toEqual([0, 0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000]);
  });

  it('never exceeds 300 requests in any 60 s window with the defaults', async () => {
    const clock = new TestClock({ start: Date.parse('2026-11-20T12:00:00Z') });
    const limiter = new RateLimiter({ clock });
    const at: number[] = [];
    for (let i = 0; i < 700; i++)
      void limiter.acquire().then(() => {
        at.push(clock.now());
      });
    await clock.advanceAsync(200_000);
    expect(at).toHaveLength(700);
    let worst = 0;
    for (let i = 0, j = 0; i < at.length; i++) {
      while ((at[i] ?? 0) - (at[j] ?? 0) >= 60_000) j++;
      worst = Math.max(worst, i - j + 1);
    }
    expect(worst).toBeLessThan(300);
    expect(worst).toBeGreaterThanOrEqual(285); // a long backfill uses almost all of the quota
  });

  it('caps any 60 s window at perMinute even when the short-term rate would allow more', async () => {
    const clock = new TestClock({ start: Date.parse('2026-11-20T12:00:00Z') });
    const limiter = new RateLimiter({ ratePerSecond: 100, burst: 100, perMinute: 10, clock });
    const t0 = clock.now();
    const at: number[] = [];
    for (let i = 0; i < 25; i++)
      void limiter.acquire().then(() => {
        at.push(clock.now() - t0);
      });
    await clock.advanceAsync(130_000);
    expect(at.filter((t) => t < 60_000)).toHaveLength(10);
    expect(at.filter((t) => t >= 60_000 && t < 120_000)).toHaveLength(10);
    expect(at.filter((t) => t >= 120_000)).toHaveLength(5);
  });

  it('pauseUntil holds every waiter until the given time and reports it', async () => {
    const clock = new TestClock({ start: Date.parse('2026-11-20T12:00:00Z') });
    const limiter = new RateLimiter({ ratePerSecond: 4, burst: 2, clock });
    limiter.pauseUntil(clock.now() + 30_000);
    expect(limiter.waitingUntil()).toBe(clock.now() + 30_000);
    let done = false;
    void limiter.acquire().then(() => {
      done = true;
    });
    await clock.advanceAsync(29_999);
    expect(done).toBe(false);
    await clock.advanceAsync(1);
    expect(done).toBe(true);
    expect(limiter.waitingUntil()).toBeUndefined();
  });

  it('an aborted waiter leaves the queue with "cancelled"', async () => {
    const clock = new TestClock({ start: Date.parse('2026-11-20T12:00:00Z') });
    const limiter = new RateLimiter({ ratePerSecond: 1, burst: 1, clock });
    await limiter.acquire();
    const ac = new AbortController();
    const p = limiter.acquire(ac.signal);
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
    expect(limiter.pending).toBe(0);
  });
});
