import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHealthSimulator } from '../../../harness/google-health-sim/index.js';
import type { HealthSimulator } from '../../../harness/google-health-sim/index.js';

/** Parsed API JSON, navigated freely in assertions. */
type Json = ReturnType<typeof JSON.parse>;

/** The simulator must be faithful to the reference, or client tests prove nothing. */
let sim: HealthSimulator;
let auth: Record<string, string>;
beforeAll(async () => {
  sim = await startHealthSimulator({
    now: () => Date.parse('2026-11-20T15:00:00Z'),
    rateLimitPerMinute: false,
  });
  auth = { authorization: `Bearer ${sim.controls.issueTokens().accessToken}` };
});
afterAll(async () => {
  await sim.stop();
});

async function get(path: string, q: Record<string, string> = {}): Promise<{ status: number; body: Json }> {
  const qs = new URLSearchParams(q).toString();
  const res = await fetch(`${sim.url}${path}${qs ? `?${qs}` : ''}`, { headers: auth });
  return { status: res.status, body: await res.json() };
}
async function rollup(type: string, body: string): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${sim.url}/v4/users/me/dataTypes/${type}/dataPoints:dailyRollUp`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body,
  });
  return { status: res.status, body: await res.json() };
}
const dp = (type: string, action = ':reconcile'): string =>
  `/v4/users/me/dataTypes/${type}/dataPoints${action}`;
const stepsDay =
  'steps.interval.civil_start_time >= "2026-11-10" AND steps.interval.civil_start_time < "2026-11-11"';

async function all(type: string, q: Record<string, string>, action = ':reconcile'): Promise<Json[]> {
  const out: Json[] = [];
  let token = '';
  do {
    const r = await get(dp(type, action), { ...q, ...(token ? { pageToken: token } : {}) });
    expect(r.status).toBe(200);
    out.push(...r.body.dataPoints);
    token = r.body.nextPageToken ?? '';
  } while (token);
  return out;
}

describe('Google Health simulator', () => {
  it('list repeats each source, reconcile merges them, with camelCase keys and int64 strings', async () => {
    const merged = await all('steps', { filter: stepsDay, pageSize: '10000' });
    const listed = await all('steps', { filter: stepsDay, pageSize: '10000' }, '');
    expect(listed.length).toBe(2 * merged.length);
    expect(new Set(listed.map((p) => p.dataSource.platform))).toEqual(new Set(['FITBIT', 'HEALTH_CONNECT']));
    const p = merged[0];
    expect(p.dataPointName).toMatch(new RegExp(`^users/${sim.healthUserId}/dataTypes/steps/dataPoints/`));
    expect(typeof p.steps.count).toBe('string');
    expect(p.steps.interval).toMatchObject({ startUtcOffset: '3600s', endUtcOffset: '3600s' });
    expect(p.steps.interval.startTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // newest first
    const starts = merged.map((x) => Date.parse(x.steps.interval.startTime));
    expect([...starts].sort((a, b) => b - a)).toEqual(starts);
  });

  it('validates filters like the real API', async () => {
    const bad = [
      'steps.interval.startTime >= "2026-11-01T00:00:00Z"',
      'steps.interval.start_time > "2026-11-01T00:00:00Z"',
      'steps.interval.start_time <= "2026-11-01T00:00:00Z"',
      'steps.interval.start_time = "2026-11-01T00:00:00Z"',
      'steps.interval.start_time >= "2026-11-01T00:00:00Z" OR steps.interval.start_time < "2026-11-02T00:00:00Z"',
    ];
    for (const filter of bad) {
      const r = await get(dp('steps'), { filter });
      expect(r.status, filter).toBe(400);
      expect(r.body.error.details[0].reason).toBe('INVALID_DATA_POINT_FILTER');
    }
    expect(
      (
        await get(dp('heart-rate'), {
          filter: 'heart-rate.sample_time.physical_time >= "2026-11-01T00:00:00Z"',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await get(dp('heart-rate'), {
          filter: 'heartRate.sample_time.physical_time >= "2026-11-01T00:00:00Z"',
        })
      ).status,
    ).toBe(400);
    expect(
      (await get(dp('sleep'), { filter: 'sleep.interval.start_time >= "2026-11-01T00:00:00Z"' })).status,
    ).toBe(400);
    const sleep = await get(dp('sleep'), {
      filter:
        'sleep.interval.end_time >= "2026-11-10T00:00:00Z" AND sleep.interval.end_time < "2026-11-17T00:00:00Z"',
    });
    expect(sleep.status).toBe(200);
    expect(sleep.body.dataPoints.length).toBeGreaterThanOrEqual(7);
    expect(sleep.body.dataPoints.some((s: Json) => s.sleep.metadata.nap === true)).toBe(true);
  });

  it('pages with tokens bound to identical parameters and enforces page-size limits', async () => {
    const first = await get(dp('steps'), { filter: stepsDay, pageSize: '50' });
    expect(first.body.dataPoints).toHaveLength(50);
    const changed = await get(dp('steps'), {
      filter: stepsDay,
      pageSize: '60',
      pageToken: first.body.nextPageToken,
    });
    expect(changed.status).toBe(400);
    const sleep = await get(dp('sleep'), { pageSize: '1000' });
    expect(sleep.body.dataPoints).toHaveLength(25);
    const hr = await get(dp('heart-rate'), { pageSize: '20000' });
    expect(hr.body.dataPoints).toHaveLength(10000);
    const dflt = await get(dp('heart-rate'));
    expect(dflt.body.dataPoints).toHaveLength(1440);
  });

  it('serves dailyRollUp with caps, integer dates and window × pageSize checks', async () => {
    const range = (s: number, e: number, extra = ''): string =>
      `{"range":{"start":{"date":{"year":2026,"month":11,"day":${s}}},"end":{"date":{"year":2026,"month":11,"day":${e}}}},"windowSizeDays":1${extra}}`;
    const ok = await rollup('steps', range(1, 8, ',"pageSize":7'));
    expect(ok.status).toBe(200);
    expect(ok.body.rollupDataPoints).toHaveLength(7);
    // the rollup equals the sum of the reconciled minutes of that civil day
    const minutes = await all('steps', {
      filter:
        'steps.interval.civil_start_time >= "2026-11-01" AND steps.interval.civil_start_time < "2026-11-02"',
      pageSize: '10000',
    });
    expect(Number(ok.body.rollupDataPoints[0].steps.countSum)).toBe(
      minutes.reduce<number>((a, p) => a + Number(p.steps.count), 0),
    );
    const noPageSize = await rollup('steps', range(1, 8));
    expect(noPageSize.status).toBe(400);
    const hr = await rollup('heart-rate', range(1, 16, ',"pageSize":15'));
    expect(hr.status).toBe(400);
    expect(hr.body.error.details[0]).toMatchObject({
      reason: 'INVALID_ROLLUP_QUERY_DURATION',
      metadata: { maxDurationDays: '14' },
    });
    expect(
      (await rollup('steps', range(1, 8, ',"pageSize":7').replace('"day":1}', '"day":01}'))).status,
    ).toBe(400);
    expect(
      (
        await rollup(
          'steps',
          '{"range":{"startTime":"2026-11-01T00:00:00Z","endTime":"2026-11-02T00:00:00Z"},"pageSize":1}',
        )
      ).body.error.message,
    ).toContain('Cannot find field');
    expect((await rollup('daily-resting-heart-rate', range(1, 8, ',"pageSize":7'))).status).toBe(400);
    const total = await rollup('total-calories', range(1, 8, ',"pageSize":7'));
    expect(total.body.rollupDataPoints[0].totalCalories.kcalSum).toBeGreaterThan(1700);
    expect((await get(dp('total-calories'))).status).toBe(400);
    expect((await get(dp('floors', ''))).status).toBe(400);
    expect((await get(dp('floors'))).status).toBe(200);
  });

  it('has a DST change and a trip across zones in the offsets', async () => {
    const offsetOn = async (day: string): Promise<string> => {
      const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      const r = await get(dp('heart-rate'), {
        filter: `heart_rate.sample_time.civil_time >= "${day}T12:00:00" AND heart_rate.sample_time.civil_time < "${next}T00:00:00"`,
        pageSize: '1',
      });
      return r.body.dataPoints[0].heartRate.sampleTime.utcOffset;
    };
    expect(await offsetOn('2026-10-20')).toBe('7200s'); // CEST
    expect(await offsetOn('2026-11-10')).toBe('3600s'); // CET after 2026-10-25
    const tripDay = sim.state.timeline.trips[0]?.from ?? '';
    const tripZone = sim.state.timeline.zoneOfDay(tripDay);
    expect(tripZone).toBe('America/New_York');
    expect(await offsetOn(tripDay)).toMatch(/^-1(4400|8000)s$/);
    // a daily record per civil date, across the trip
    const daily = await all('daily-resting-heart-rate', {
      filter:
        'daily_resting_heart_rate.date >= "2026-10-20" AND daily_resting_heart_rate.date < "2026-11-10"',
    });
    expect(daily).toHaveLength(21);
    expect(typeof daily[0].dailyRestingHeartRate.beatsPerMinute).toBe('string');
  });

  it('lets tests hide a day and upload it late, or add late points', async () => {
    const day = '2026-11-12';
    const q = {
      filter:
        'steps.interval.civil_start_time >= "2026-11-12" AND steps.interval.civil_start_time < "2026-11-13"',
      pageSize: '10000',
    };
    const before = (await all('steps', q)).length;
    sim.controls.hideDay('*', day);
    expect(await all('steps', q)).toHaveLength(0);
    sim.controls.revealDay('*', day);
    expect(sim.controls.addLateData('steps', day, 5)).toBe(5);
    expect(await all('steps', q)).toHaveLength(before + 5);
  });

  it('answers faults with google.rpc.Status bodies and counts them', async () => {
    sim.controls.resetCounters();
    sim.controls.setAccountLinked(false);
    const r = await get(dp('steps'));
    expect(r).toMatchObject({
      status: 400,
      body: { error: { status: 'FAILED_PRECONDITION', details: [{ reason: 'ACCOUNT_NOT_LINKED' }] } },
    });
    sim.controls.setAccountLinked(true);
    const limited = { ...auth, authorization: `Bearer ${sim.controls.issueTokens([]).accessToken}` };
    const noScope = await fetch(`${sim.url}${dp('steps')}`, { headers: limited });
    expect(noScope.status).toBe(403);
    expect(((await noScope.json()) as Json).error.details[0].reason).toBe('ACCESS_TOKEN_SCOPE_INSUFFICIENT');
    sim.controls.setRateLimit(1, 7);
    await get('/v4/users/me/identity');
    const res = await fetch(`${sim.url}/v4/users/me/identity`, { headers: auth });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    sim.controls.setRateLimit(false);
    expect(sim.counters.rateLimited).toBe(1);
    expect(sim.counters.requests.identity).toBe(2);
    expect(sim.counters.requests.reconcile).toBe(2);
  });
});
