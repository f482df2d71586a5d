import { afterEach, describe, expect, it } from 'vitest';
import { composeApp, type App } from '../../../main/core/app/compose.js';
import { createLogger, RingSink } from '../../../main/core/log.js';
import { startHealthSimulator } from '../../harness/google-health-sim/index.js';
import { useTmpDirs } from '../../helpers/tmp-dir.js';

const tmp = useTmpDirs();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function desktop(
  env: NodeJS.ProcessEnv = {},
): Promise<{ core: { services: App; scheduler: App['timer'] }; ring: RingSink; dataDir: string }> {
  const dataDir = await tmp();
  const ring = new RingSink();
  const app = await composeApp({
    dataDir,
    env: { SYNCBIT_TOKEN_STORE: 'file', SYNCBIT_SECRETS_DIR: '/nonexistent', ...env },
    log: createLogger('test', ring.sink, { level: 'debug' }),
    ring,
    // the system browser: follow the authorize redirect into the loopback server
    openUrl: async (url) => {
      await fetch(url);
    },
    demoDays: 20,
    demoHeartRateSeconds: 60,
  });
  cleanups.push(() => app.close());
  return { core: { services: app, scheduler: app.timer }, ring, dataDir };
}

describe('the desktop app’s core services', () => {
  it('signs in, syncs, and serves charts and coverage from the archive without ever exposing a secret', async () => {
    const sim = await startHealthSimulator({ heartRateCadenceSeconds: 120, historyDays: 20 });
    cleanups.push(() => sim.stop());
    const { core, ring } = await desktop({
      SYNCBIT_BACKFILL_DAYS: '5',
      GOOGLE_HEALTH_API_URL: sim.url,
      GOOGLE_OAUTH_AUTHORIZE_URL: sim.oauth.authorizeUrl,
      GOOGLE_OAUTH_TOKEN_URL: sim.oauth.tokenUrl,
      GOOGLE_OAUTH_REVOKE_URL: sim.oauth.revokeUrl,
    });
    const s = core.services;
    expect((await s.getStatus()).phase).toBe('signed-out');

    const who = await s.authorize(sim.oauth.clientId, sim.oauth.clientSecret ?? '');
    expect(who.signedInAs).toBeTruthy();
    await s.syncNow();
    const status = await s.getStatus();
    expect(status.signedInAs).toBe(who.signedInAs);
    expect(status.phase).toBe('idle');
    expect(status.archive.days).toBeGreaterThanOrEqual(5);
    expect(status.lastSyncAt).toBeDefined();

    const days = await s.listDays();
    const steps = await s.getDailySeries('Activity-steps.value');
    expect(steps.length).toBeGreaterThanOrEqual(4);
    expect(steps.every((p) => p.value > 0)).toBe(true);
    const hr = await s.getDayRecords(days.at(-2) as string, ['HeartRate_Intraday']);
    expect(hr.length).toBeGreaterThan(100);
    expect(new Set(hr.map((r) => r.measurement))).toEqual(new Set(['HeartRate_Intraday']));

    const cov = await s.getCoverage(days[0] as string, days.at(-1) as string);
    expect(
      cov['heart-rate'].filter((c) => c.status === 'fetched' || c.status === 'final').length,
    ).toBeGreaterThanOrEqual(5);

    const settings = await s.getSettings();
    expect(settings.secretsSet.googleClientSecret).toBe(true);
    const everything = JSON.stringify([settings, status, await s.recentLogs(500), ring.recent()]);
    expect(everything).not.toContain(sim.oauth.clientSecret ?? 'never');
    expect(everything).not.toMatch(/ya29|refresh_token"\s*:\s*"[^[]/);

    // Signing out and in again keeps the sync timer working (no restart needed).
    await s.signOut();
    expect((await s.getStatus()).phase).toBe('signed-out');
    await s.authorize(sim.oauth.clientId, undefined); // the stored secret is reused
    const before = sim.counters.api;
    await core.scheduler.syncNow();
    expect(sim.counters.api).toBeGreaterThan(before);
    expect((await s.getStatus()).phase).toBe('idle');
  });

  it('validates settings changes and reports bad input as a typed error', async () => {
    const { core } = await desktop();
    await expect(core.services.updateSettings({ syncIntervalMinutes: 1 })).rejects.toMatchObject({
      code: 'invalid-settings',
    });
    const ok = await core.services.updateSettings({ syncIntervalMinutes: 30, userLabel: 'alice' });
    expect(ok.values).toMatchObject({ syncIntervalMinutes: 30, userLabel: 'alice' });
    await expect(core.services.getDayRecords('2026-13-01')).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(core.services.setSecret('nope', 'x')).rejects.toMatchObject({ code: 'invalid-input' });
    const test = await core.services.testDestination('victoria');
    expect(test.ok).toBe(false);
    expect(test.message).toMatch(/not set up/);
  });

  it('explores demo data in its own folder without touching the user’s archive', async () => {
    const { core, dataDir } = await desktop();
    const summary = await core.services.loadDemoData();
    expect(summary.records).toBeGreaterThan(1000);
    const status = await core.services.getStatus();
    expect(status.archive.dataDir).toBe(`${dataDir}/demo`);
    expect(status.archive.days).toBeGreaterThanOrEqual(20);
    expect((await core.services.getDailySeries('RestingHR.value')).length).toBeGreaterThan(10);
  });
});
