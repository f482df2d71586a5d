/**
 * The composed tray app syncs on its own: composeApp starts the sync timer, so after the interval
 * a new sync runs without any click; pause holds it, resume and waking from sleep catch up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { composeApp, type App } from '../../../main/core/app/compose.js';
import { silentLogger } from '../../../main/core/log.js';
import { startHealthSimulator } from '../../harness/google-health-sim/index.js';
import { TestClock } from '../../helpers/test-clock.js';
import { useTmpDirs } from '../../helpers/tmp-dir.js';

const tmp = useTmpDirs();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const MIN = 60_000;

/** Waits (bounded by a count of event-loop turns, not by time) until the timer has no run in flight. */
async function settled(app: App, minRuns: number, runs: () => number): Promise<void> {
  for (let i = 0; i < 2000 && (runs() < minRuns || app.timer.snapshot().state === 'syncing'); i++)
    await new Promise((r) => setTimeout(r, 5));
}

async function signedInApp(): Promise<{
  app: App;
  clock: TestClock;
  runs: () => number;
  api: () => number;
}> {
  const sim = await startHealthSimulator({ heartRateCadenceSeconds: 300, historyDays: 5 });
  cleanups.push(() => sim.stop());
  const clock = new TestClock({ flowing: true, realTimersBelowMs: 1_000 }); // the first tick (3 s) waits for the test too
  const app = await composeApp({
    dataDir: await tmp(),
    env: {
      SYNCBIT_TOKEN_STORE: 'file',
      SYNCBIT_SECRETS_DIR: '/nonexistent',
      SYNCBIT_BACKFILL_DAYS: '3',
      GOOGLE_HEALTH_API_URL: sim.url,
      GOOGLE_OAUTH_AUTHORIZE_URL: sim.oauth.authorizeUrl,
      GOOGLE_OAUTH_TOKEN_URL: sim.oauth.tokenUrl,
      GOOGLE_OAUTH_REVOKE_URL: sim.oauth.revokeUrl,
    },
    log: silentLogger,
    clock,
    openUrl: async (url) => {
      await fetch(url);
    },
  });
  cleanups.push(() => app.close());
  let runs = 0;
  let last: number | undefined;
  app.timer.onChange((s) => {
    if (s.lastRunAt !== undefined && s.lastRunAt !== last) {
      last = s.lastRunAt;
      runs += 1;
    }
  });
  await app.authorize(sim.oauth.clientId, sim.oauth.clientSecret ?? '');
  await settled(app, 1, () => runs); // the sync right after sign-in
  return { app, clock, runs: () => runs, api: () => sim.counters.api };
}

describe('the composed app’s sync timer', () => {
  it('syncs again on its own after the interval, with no click', async () => {
    const { app, clock, runs, api } = await signedInApp();
    expect(runs()).toBe(1);
    expect((await app.getStatus()).phase).toBe('idle');
    expect(app.timer.snapshot().nextRunAt).toBeDefined();
    const before = api();

    clock.advance(10 * MIN); // not due yet (15 min ± 10 %)
    await settled(app, 1, runs);
    expect(runs()).toBe(1);

    clock.advance(7 * MIN); // past the interval: the timer fires by itself
    await settled(app, 2, runs);
    expect(runs()).toBe(2);
    expect(api()).toBeGreaterThan(before);
    expect((await app.getStatus()).lastSyncAt).toBeGreaterThan(clock.now() - MIN);
  });

  it('holds while paused, catches up on resume, and after waking from sleep', async () => {
    const { app, clock, runs } = await signedInApp();
    await app.pause(clock.now() + 30 * MIN);
    expect((await app.getStatus()).phase).toBe('paused');
    clock.advance(20 * MIN); // the interval passed while paused: nothing runs
    await settled(app, 1, runs);
    expect(runs()).toBe(1);
    await app.resume(); // a run was due meanwhile: it runs at once
    clock.advance(0);
    await settled(app, 2, runs);
    expect(runs()).toBe(2);

    app.timer.suspend();
    clock.advance(60 * MIN); // asleep: timers do not fire
    await settled(app, 2, runs);
    expect(runs()).toBe(2);
    app.timer.resumeFromSuspend(); // one catch-up sync
    clock.advance(0);
    await settled(app, 3, runs);
    expect(runs()).toBe(3);
  });
});
