import { afterEach, describe, expect, it } from 'vitest';
import { HealthClient } from '../../../../main/core/sources/google-health/health-client.js';
import { OAuthClient } from '../../../../main/core/sources/google-health/oauth-client.js';
import { SCOPES } from '../../../../main/core/sources/google-health/scopes.js';
import { TokenManager } from '../../../../main/core/sources/google-health/token-manager.js';
import type { AccessTokenProvider } from '../../../../main/core/sources/google-health/token-manager.js';
import { createMemorySecretStore } from '../../../../main/core/store/secret-store.js';
import { startHealthSimulator } from '../../../harness/google-health-sim/index.js';
import type { HealthSimulator, HealthSimulatorOptions } from '../../../harness/google-health-sim/index.js';
import { capturingLogger } from './capturing-logger.js';
import { TestClock } from '../../../helpers/test-clock.js';

let sim: HealthSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

interface Rig {
  sim: HealthSimulator;
  client: HealthClient;
  clock: TestClock;
  tokens: TokenManager;
  lines: string[];
}

/** A client wired like the app: token manager + secret store + limiter, with a clock that never really waits. */
async function rig(
  opts: HealthSimulatorOptions = {},
  scopes?: string[],
  clientOpts: { maxRetries?: number } = {},
): Promise<Rig> {
  const clock = new TestClock({ flowing: true, instantTimers: true });
  const base = Date.parse('2026-11-20T15:00:00Z') - Date.now();
  const s = await startHealthSimulator({ now: () => clock.now() + base, ...opts });
  sim = s;
  const { refreshToken } = s.controls.issueTokens(scopes);
  const secrets = createMemorySecretStore();
  await secrets.set(s.healthUserId, refreshToken);
  const { log, lines } = capturingLogger();
  const oauth = new OAuthClient({
    clientId: s.oauth.clientId,
    clientSecret: s.oauth.clientSecret,
    tokenUrl: s.oauth.tokenUrl,
  });
  const tokens = new TokenManager({ oauth, secrets, clock, log });
  const client = new HealthClient({ baseUrl: s.url, tokens, clock, log, random: () => 0.5, ...clientOpts });
  return { sim: s, client, clock, tokens, lines };
}

describe('HealthClient against the simulator', () => {
  it('reads identity, settings and paired devices', async () => {
    const { client, sim } = await rig();
    expect((await client.getIdentity()).healthUserId).toBe(sim.healthUserId);
    expect((await client.getSettings()).timeZone).toBe('Europe/Berlin');
    const devices = await client.listPairedDevices();
    expect(devices.map((d) => d.displayName)).toContain('Charge 6');
  });

  it('pages through reconcile with nextPageToken and gets every point of the day exactly once', async () => {
    // 5-s heart rate keeps this quick; pages are still capped at 5,000 whatever pageSize asks
    const { client, sim } = await rig({ heartRateCadenceSeconds: 5 });
    const filter =
      'heart_rate.sample_time.civil_time >= "2026-11-10T00:00:00" AND heart_rate.sample_time.civil_time < "2026-11-11T00:00:00"';
    const seen = new Set<string>();
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await client.reconcile('heart-rate', {
        filter,
        pageSize: 10_000,
        ...(pageToken ? { pageToken } : {}),
      });
      for (const p of page.dataPoints) seen.add(String(p.dataPointName));
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken);
    const expected = sim.state.reconciledDay('heart-rate', '2026-11-10').length;
    expect(seen.size).toBe(expected);
    expect(pages).toBe(Math.ceil(expected / 5000));
    expect(client.requestCount).toBe(pages);
  });

  it('backs off on 429 and honours Retry-After', async () => {
    const { client, sim, clock } = await rig({ rateLimitPerMinute: 3, retryAfter: true });
    for (let i = 0; i < 5; i++) await client.getIdentity();
    expect(sim.counters.rateLimited).toBeGreaterThan(0);
    const longest = Math.max(...clock.delays);
    // Retry-After says "until the oldest request leaves the 60 s window": tens of seconds, not a 1 s backoff step
    expect(longest).toBeGreaterThanOrEqual(10_000);
    expect(sim.counters.requests.identity).toBe(5 + sim.counters.rateLimited);
  });

  it('backs off exponentially (with jitter) on 429 without Retry-After, then gives up with rate-limited', async () => {
    const { client, sim, clock } = await rig({ rateLimitPerMinute: 1 }, undefined, { maxRetries: 4 });
    await client.getIdentity();
    sim.controls.setRateLimit(0);
    const before = clock.delays.length;
    await expect(client.getIdentity()).rejects.toMatchObject({ code: 'rate-limited', retryable: true });
    const backoffs = clock.delays.slice(before).filter((d) => d >= 500);
    expect(backoffs.slice(0, 4)).toEqual([750, 1500, 3000, 6000]);
  });

  it('recovers from a burst of 5xx responses', async () => {
    const { client, sim } = await rig();
    sim.controls.failNext(3, { status: 503 });
    const page = await client.reconcile('daily-resting-heart-rate', {
      filter:
        'daily_resting_heart_rate.date >= "2026-11-01" AND daily_resting_heart_rate.date < "2026-11-08"',
    });
    expect(page.dataPoints).toHaveLength(7);
    expect(sim.counters.serverErrors).toBe(3);
    expect(sim.counters.requests.reconcile).toBe(4);
  });

  it('retries 503 UNAVAILABLE and 504 DEADLINE_EXCEEDED like 429, with growing jittered waits', async () => {
    const { client, sim, clock } = await rig();
    sim.controls.failNext(2, { status: 503 });
    sim.controls.failNext(2, { status: 504 });
    const started = clock.now();
    const page = await client.reconcile('daily-resting-heart-rate', {
      filter:
        'daily_resting_heart_rate.date >= "2026-11-01" AND daily_resting_heart_rate.date < "2026-11-08"',
    });
    expect(page.dataPoints).toHaveLength(7);
    expect(sim.counters.byStatus[503]).toBe(2);
    expect(sim.counters.byStatus[504]).toBe(2);
    // backoff 1, 2, 4, 8 s with jitter pinned at the middle (0.75 of each step): 11.25 s in all
    expect(clock.now() - started).toBeGreaterThanOrEqual(11_000);
  });

  it('tells a disconnected app (403 RESOURCE_PERMISSION_DENIED everywhere) from one missing scope', async () => {
    const { client, sim } = await rig();
    sim.controls.denyType('weight');
    const one = await client.reconcile('weight', { pageSize: 10 }).catch((e: unknown) => e);
    expect(one).toMatchObject({ code: 'scope-missing' });
    expect((one as Error).message).toContain('weight');
    expect((one as Error).message).toContain('Health metrics and measurements');
    sim.controls.setDisconnected(true);
    const all = await client.getIdentity().catch((e: unknown) => e);
    expect(all).toMatchObject({ code: 'auth-required' });
    expect((all as Error).message).toContain('myaccount.google.com/connections');
  });

  it('fails with "network" when the outage outlasts the retries', async () => {
    const { client, sim } = await rig({}, undefined, { maxRetries: 2 });
    sim.controls.failNext(10, { status: 500 });
    await expect(client.getIdentity()).rejects.toMatchObject({ code: 'network', retryable: true });
    expect(sim.counters.requests.identity).toBe(3);
  });

  it('refreshes once on 401 (expired access token) and carries on', async () => {
    const { client, sim } = await rig();
    await client.getIdentity();
    sim.controls.expireAccessTokens();
    expect((await client.getIdentity()).healthUserId).toBe(sim.healthUserId);
    expect(sim.state.oauthStats.refreshes).toBe(2);
    expect(sim.counters.unauthorized).toBe(1);
  });

  it('turns a 401 that survives a refresh into auth-required', async () => {
    const { sim: s } = await rig();
    const bad: AccessTokenProvider = {
      getAccessToken: () => Promise.resolve('ya29.not-valid'),
      refreshAfterUnauthorized: () => Promise.resolve('ya29.still-not-valid'),
    };
    const client = new HealthClient({
      baseUrl: s.url,
      tokens: bad,
      clock: new TestClock({ flowing: true, instantTimers: true }),
    });
    const err = await client.getIdentity().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'auth-required' });
    expect((err as Error).message).toContain('syncbit authorize');
    expect(s.counters.unauthorized).toBe(2);
  });

  it('turns a revoked grant into auth-required', async () => {
    const { client, sim } = await rig();
    sim.controls.revokeAllTokens();
    await expect(client.getIdentity()).rejects.toMatchObject({ code: 'auth-required' });
  });

  it('reports a missing scope per type while other types keep working', async () => {
    const { client } = await rig({}, [SCOPES.activity, SCOPES.sleep]);
    const err = await client.reconcile('heart-rate', { pageSize: 10 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'scope-missing' });
    expect((err as Error).message).toContain('heart-rate');
    expect((err as Error).message).toContain(SCOPES.metrics);
    const steps = await client.reconcile('steps', { pageSize: 10 });
    expect(steps.dataPoints.length).toBe(10);
    // TCX needs location too
    const ex = await client.reconcile('exercise', { pageSize: 1 });
    const name = String(ex.dataPoints[0]?.dataPointName);
    await expect(client.exportExerciseTcx(name)).rejects.toMatchObject({
      code: 'scope-missing',
      message: expect.stringContaining('Location') as unknown,
    });
  });

  it('exports a TCX document when the location scope is granted', async () => {
    const { client } = await rig();
    const ex = await client.reconcile('exercise', { pageSize: 5 });
    const withGps = ex.dataPoints.find(
      (p) => (p.exercise as { exerciseMetadata?: { hasGps?: boolean } }).exerciseMetadata?.hasGps === true,
    );
    expect(withGps).toBeDefined();
    const tcx = await client.exportExerciseTcx(String(withGps?.dataPointName));
    expect(tcx).toContain('<TrainingCenterDatabase');
    expect(tcx).toContain('<Trackpoint>');
  });

  it('maps ACCOUNT_NOT_LINKED to account-not-linked with what to do', async () => {
    const { client, sim } = await rig();
    sim.controls.setAccountLinked(false);
    const err = await client.reconcile('steps', {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'account-not-linked' });
    expect((err as Error).message).toMatch(/Fitbit.*app/);
    expect((err as Error).message).toMatch(/Google/);
    expect(sim.counters.requests.reconcile).toBe(1);
  });

  it('does not retry a 400 (a bug on our side) and says so', async () => {
    const { client, sim } = await rig();
    const err = await client
      .reconcile('steps', { filter: 'steps.interval.startTime >= "2026-11-01T00:00:00Z"' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'api-error' });
    expect((err as Error).message).toContain('INVALID_DATA_POINT_FILTER');
    expect(sim.counters.requests.reconcile).toBe(1);
  });

  it('rejects rollups over the cap with the reason from Google', async () => {
    const { client } = await rig();
    const d = (day: number) => ({ date: { year: 2026, month: 11, day } });
    const err = await client
      .dailyRollUp('heart-rate', { range: { start: d(1), end: d(16) }, windowSizeDays: 1, pageSize: 15 })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'api-error' });
    expect((err as Error).message).toContain('INVALID_ROLLUP_QUERY_DURATION');
    const ok = await client.dailyRollUp('steps', {
      range: { start: d(1), end: d(15) },
      windowSizeDays: 1,
      pageSize: 14,
    });
    expect(ok.rollupDataPoints).toHaveLength(14);
    expect(typeof (ok.rollupDataPoints[0]?.steps as { countSum?: unknown }).countSum).toBe('string');
  });

  it('reports a response that is not JSON, or JSON of the wrong shape, as api-error', async () => {
    const { client, sim } = await rig();
    sim.controls.malformNext(1, 'not-json');
    await expect(client.getIdentity()).rejects.toMatchObject({
      code: 'api-error',
      message: expect.stringContaining('not JSON') as unknown,
    });
    sim.controls.malformNext(1, 'wrong-shape');
    await expect(client.reconcile('steps', { pageSize: 5 })).rejects.toMatchObject({
      code: 'api-error',
      message: expect.stringContaining('malformed') as unknown,
    });
    sim.controls.malformNext(1, 'wrong-shape');
    await expect(client.getIdentity()).rejects.toMatchObject({ code: 'api-error' });
  });

  it('never puts a token in an error message or a log line', async () => {
    const { client, sim, lines } = await rig({ rateLimitPerMinute: 2 }, [SCOPES.activity]);
    const messages: string[] = [];
    sim.controls.failNext(1);
    sim.controls.expireAccessTokens();
    for (const call of [
      () => client.getIdentity(),
      () => client.reconcile('heart-rate', {}),
      () => client.reconcile('steps', { filter: 'x' }),
    ])
      await call().catch((e: unknown) => messages.push(String(e instanceof Error ? e.message : e)));
    const text = [...messages, ...lines].join('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(text).not.toMatch(/ya29\.[A-Za-z0-9]/);
    expect(text).not.toMatch(/1\/\/0sim/);
  });
});
