/**
 * A backfill at real density (heart rate every 2.6 s, pages capped at 5,000 points whatever
 * `pageSize` asks) makes no more than 1.05× the requests the data needs at minimum
 * (google-health-sim/minimum-pages.ts), and reports the figure. bench:sync does the same over 90
 * days with the rate limit on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addDays } from '../../main/core/model/civil-day.js';
import { minimumPages } from '../harness/google-health-sim/minimum-pages.js';
import { runCli } from '../helpers/run-cli.js';
import { signedInViaCli } from '../helpers/sim-env.js';
import { useTmpDirs } from '../helpers/tmp-dir.js';

const tmp = useTmpDirs();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const PAGE_CAP = 5000;
// Besides the pages, a backfill makes one change-check request for each type that has one (steps,
// distance, heart rate, exercise: their fingerprints let the next sync skip unchanged days): a
// constant 4, which is 3% of two weeks and 0.6% of the default 90-day backfill (bench:sync).
const DAYS = 14;

describe('backfill requests', () => {
  it(`a ${DAYS}-day backfill at real density needs at most 1.05× the minimum pages`, async () => {
    const { sim, env } = await signedInViaCli({
      sim: { heartRateCadenceSeconds: 2.6, pageCap: PAGE_CAP, historyDays: 30 },
      dataDir: await tmp(),
      env: { SYNCBIT_BACKFILL_DAYS: String(DAYS) },
      onCleanup: (stop) => cleanups.push(stop),
    });
    const before = sim.counters.api;
    const res = await runCli(['sync'], env);
    expect(res.code, res.err + res.out).toBe(0);
    const requests = sim.counters.api - before;
    const today = sim.state.today();
    const minimum = minimumPages(sim.state, addDays(today, -(DAYS - 1)), today, PAGE_CAP);
    console.log(
      `backfill ${DAYS} days: ${requests} requests for ${minimum} minimum pages (${(requests / minimum).toFixed(3)}×)`,
    );
    // Heart rate alone needs several pages a day at this density: a client that trusted one page
    // per day would fall below the minimum's data, one that re-read would exceed the bound.
    expect(minimum).toBeGreaterThan(DAYS * 6);
    expect(requests).toBeGreaterThanOrEqual(minimum);
    expect(requests / minimum).toBeLessThanOrEqual(1.05);
  }, 240_000);
});
