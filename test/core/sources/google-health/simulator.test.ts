import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHealthSimulator } from '../../../harness/google-health-sim/index.js';
import type { HealthSimulator, HealthSimulatorOptions } from '../../../harness/google-health-sim/index.js';

/** Parsed API JSON, navigated freely in assertions. */
type Json = ReturnType<typeof JSON.parse>;

/** The simulator must be faithful to the reference, or client tests prove nothing. */
let sim: HealthSimulator;
let auth: Record<string, string>;
beforeAll(async () => {
  ({ sim, auth } = await startWithToken());
});

/** A simulator at the tests' instant with no per-minute limit, and a bearer header it accepts. */
async function startWithToken(
  options: HealthSimulatorOptions = {},
): Promise<{ sim: HealthSimulator; auth: Record<string, string> }> {
  const started = await startHealthSimulator({
    now: () => Date.parse('2026-11-20T15:00:00Z'),
    rateLimitPerMinute: false,
    ...options,
  });
  return { sim: started, auth: { authorization: `Bearer ${started.controls.issueTokens().accessToken}` } };
}
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
    // live pages hold about 5,000 points whatever pageSize asks (§6.7), and say there is more
    const hr = await get(dp('heart-rate'), { pageSize: '20000' });
    expect(hr.body.dataPoints).toHaveLength(5000);
    expect(hr.body.nextPageToken).toBeTruthy();
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

describe('Google Health simulator: the live API as reported (§6.7)', () => {
  const day = '2026-11-10';
  let live: HealthSimulator;
  let liveAuth: Record<string, string>;
  beforeAll(async () => {
    ({ sim: live, auth: liveAuth } = await startWithToken({ notWornDays: ['2026-11-12'] }));
  });
  afterAll(async () => {
    await live.stop();
  });
  const call = async (path: string, post?: { body: string }): Promise<{ status: number; body: Json }> => {
    const res = await fetch(`${live.url}${path}`, {
      ...(post ? { method: 'POST', body: post.body } : {}),
      headers: { ...liveAuth, ...(post ? { 'content-type': 'application/json' } : {}) },
    });
    return { status: res.status, body: await res.json() };
  };

  it('reports heart rate about every 2–3 s by default (30–35k samples a day)', () => {
    const n = live.state.reconciledDay('heart-rate', day).length;
    expect(n).toBeGreaterThan(29_000);
    expect(n).toBeLessThan(35_000);
  });

  it('has not-worn hours: no heart rate, steps or floors while off the wrist', () => {
    const minuteOf = (p: Json, key: string, field: 'sampleTime' | 'interval'): number => {
      const t = field === 'sampleTime' ? p[key].sampleTime.physicalTime : p[key].interval.startTime;
      return Math.floor(Date.parse(t) / 60_000);
    };
    const hr = new Set(
      live.state.reconciledDay('heart-rate', day).map((p) => minuteOf(p, 'heartRate', 'sampleTime')),
    );
    const steps = live.state.reconciledDay('steps', day).map((p) => minuteOf(p, 'steps', 'interval'));
    // at least an hour without a heart-rate sample during the waking day, and no steps in it
    const start = Date.parse(`${day}T00:00:00Z`) / 60_000;
    let longest = 0;
    let run = 0;
    let gapEnd = 0;
    for (let m = start; m < start + 1440; m++) {
      run = hr.has(m) ? 0 : run + 1;
      if (run > longest) {
        longest = run;
        gapEnd = m;
      }
    }
    expect(longest).toBeGreaterThanOrEqual(60);
    expect(steps.filter((m) => m > gapEnd - longest && m <= gapEnd)).toEqual([]);
  });

  it('omits the rollup windows of a day the tracker was not worn (not 0), for every presence type', async () => {
    for (const type of ['steps', 'distance', 'floors', 'altitude', 'total-calories']) {
      const r = await call(dp(type, ':dailyRollUp'), {
        body: JSON.stringify({
          range: {
            start: { date: { year: 2026, month: 11, day: 11 } },
            end: { date: { year: 2026, month: 11, day: 14 } },
          },
          windowSizeDays: 1,
          pageSize: 3,
        }),
      });
      expect(r.status, type).toBe(200);
      const days = (r.body.rollupDataPoints as Json[]).map((p) => p.civilStartTime.date.day as number);
      expect(days, type).not.toContain(12);
      if (type !== 'floors' && type !== 'altitude')
        expect(days, type).toEqual(expect.arrayContaining([11, 13]));
    }
    expect(live.state.reconciledDay('steps', '2026-11-12')).toEqual([]);
  });

  it('rejects dailyRollUp of vo2-max like the live API', async () => {
    const r = await call(dp('vo2-max', ':dailyRollUp'), {
      body: '{"range":{"start":{"date":{"year":2026,"month":11,"day":1}},"end":{"date":{"year":2026,"month":11,"day":2}}},"pageSize":1}',
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/DailyRollup is not supported/);
  });

  it('reports battery level and status per device; the tracker has no lastSyncTime', async () => {
    const r = await call('/v4/users/me/pairedDevices');
    expect(r.body.pairedDevices).toEqual([
      expect.objectContaining({ deviceType: 'TRACKER', batteryLevel: 64, batteryStatus: 'MEDIUM' }),
      expect.objectContaining({
        deviceType: 'SCALE',
        batteryStatus: 'HIGH',
        lastSyncTime: expect.any(String) as unknown,
      }),
    ]);
    expect(r.body.pairedDevices[0].lastSyncTime).toBeUndefined();
  });

  it('answers 403 RESOURCE_PERMISSION_DENIED for one denied type, or for everything once disconnected', async () => {
    live.controls.denyType('weight');
    const one = await call(dp('weight'));
    expect(one.status).toBe(403);
    expect(one.body.error.details[0].reason).toBe('RESOURCE_PERMISSION_DENIED');
    expect((await call(dp('steps'))).status).toBe(200);
    live.controls.setDisconnected(true);
    expect((await call(dp('steps'))).status).toBe(403);
    expect((await call('/v4/users/me/settings')).status).toBe(403);
    live.controls.setDisconnected(false);
  });
});
