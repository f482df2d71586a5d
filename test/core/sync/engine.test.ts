import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../../../main/core/model/civil-day.js';
import { recordKey } from '../../../main/core/model/record.js';
import { SyncBitError } from '../../../main/core/errors.js';
import { CoverageStore } from '../../../main/core/store/coverage.js';
import { SyncEngine, type SyncRunOptions } from '../../../main/core/sync/engine.js';
import type { SyncEvent } from '../../../main/core/sync/progress.js';
import { Archive } from '../../../main/core/store/archive.js';
import { MemoryDayStore } from './memory-day-store.js';
import { TEST_TYPES, TODAY, addDay, fixedClock, seededApi } from './fixtures.js';
import type { SimHealthApi } from '../../harness/google-health-sim/in-process.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'syncbit-engine-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function setup(api: SimHealthApi, store = new MemoryDayStore(), clockIso = `${TODAY}T10:00:00Z`) {
  const coverage = await CoverageStore.open(dir);
  const clock = fixedClock(clockIso);
  const engine = new SyncEngine({ api, store, coverage, clock });
  const base: SyncRunOptions = { types: TEST_TYPES, backfillDays: 30, finalisationDays: 3 };
  return { coverage, clock, engine, store, base };
}

/** Five seeded days, where every call for `type` fails with `error`. */
async function setupFailing(type: string, error: SyncBitError) {
  const api = seededApi(5);
  api.failures.set(type, { error });
  return { api, ...(await setup(api)) };
}

describe('sync engine: backfill', () => {
  it('fills every day of the window newest first, records coverage, and reports per type', async () => {
    const api = seededApi(40);
    const { engine, store, coverage, base } = await setup(api);
    const events: SyncEvent[] = [];
    const result = await engine.run({ ...base, onEvent: (e) => events.push(e) });
    expect(result.ok).toBe(true);
    expect(result.state).toBe('ok');
    const steps = result.types.find((t) => t.type === 'steps')!;
    expect(steps.daysFetched).toBe(30);
    expect(steps.records).toBe(30 * 13);
    // Exactly the window: nothing older than 30 days was written.
    expect(store.records(addDays(TODAY, -29), 'steps')).toHaveLength(13);
    expect(store.records(addDays(TODAY, -30), 'steps')).toHaveLength(0);
    expect(coverage.get('heart-rate', addDays(TODAY, -10))?.status).toBe('final');
    expect(coverage.get('heart-rate', TODAY)?.status).toBe('fetched');
    const stepDays = events
      .filter((e) => e.kind === 'day' && e.type === 'steps')
      .map((e) => (e as { day: string }).day);
    expect(stepDays).toEqual([...stepDays].sort().reverse());
    expect(stepDays[0]).toBe(TODAY);
    const last = events.filter((e) => e.kind === 'day').at(-1) as Extract<SyncEvent, { kind: 'day' }>;
    expect(last.overall.daysDone).toBe(last.overall.daysTotal);
    // Requests: one paged stream per Google type + rollup blocks (calories 14-day cap → 3) + settings,
    // plus one change check over the finalisation window where a full read of a day costs more
    // than one request (steps: intraday + total), whose fingerprints the next sync compares.
    expect(result.types.find((t) => t.type === 'calories')!.requests).toBe(3);
    expect(result.types.find((t) => t.type === 'steps')!.requests).toBe(3);
  });

  it('writes into the real archive too, and a second run changes nothing outside the finalisation window', async () => {
    const api = seededApi(12);
    const archive = await Archive.open(dir);
    const { base } = await setup(api);
    const e2 = new SyncEngine({
      api,
      store: archive,
      coverage: await CoverageStore.open(join(dir, 'c2')),
      clock: fixedClock(`${TODAY}T10:00:00Z`),
    });
    const first = await e2.run({ ...base, backfillDays: 10 });
    expect(first.ok).toBe(true);
    const day = await archive.readDay(addDays(TODAY, -5));
    expect(day.filter((r) => r.measurement === 'Steps_Intraday')).toHaveLength(12);
    expect(day.filter((r) => r.measurement === 'SleepSummary')).toHaveLength(1);
    const second = await e2.run({ ...base, backfillDays: 10 });
    expect(second.types.every((t) => t.daysChanged === 0)).toBe(true);
  });
});

describe('sync engine: steady state', () => {
  it('re-reads only the finalisation window: at most one request stream per Google type plus settings', async () => {
    const api = seededApi(40);
    const { engine, store, base } = await setup(api);
    await engine.run(base);
    const before = api.calls.length;
    const writesBefore = store.changedWrites;
    const result = await engine.run(base);
    const calls = api.calls.slice(before);
    expect(result.ok).toBe(true);
    // settings + at most one request per Google type: a change check (one rollup over the window)
    // where a full read costs more, else the one-page read of the window.
    const perType = new Map<string, number>();
    for (const c of calls) if (c.type !== undefined) perType.set(c.type, (perType.get(c.type) ?? 0) + 1);
    expect([...perType.values()].every((n) => n === 1)).toBe(true);
    expect(calls.length).toBeLessThanOrEqual(1 + TEST_TYPES.length);
    expect(
      calls
        .filter((c) => c.method === 'reconcile')
        .every((c) => c.filter?.includes(`"${addDays(TODAY, -3)}"`)),
    ).toBe(true);
    expect(store.changedWrites).toBe(writesBefore);
    expect(result.types.find((t) => t.type === 'heart-rate')!.daysFetched).toBe(4);
  });
});

describe('sync engine: finalisation and late uploads', () => {
  it('picks up data uploaded late for a day inside the window and finalises days once they leave it', async () => {
    const api = seededApi(10);
    const yesterday = addDays(TODAY, -1);
    // Yesterday's resting HR is not uploaded yet.
    api.controls.hideDay('daily-resting-heart-rate', yesterday);
    const { engine, store, coverage, clock, base } = await setup(api);
    await engine.run(base);
    expect(store.records(yesterday, 'resting-heart-rate')).toHaveLength(0);
    expect(coverage.get('resting-heart-rate', yesterday)?.status).toBe('empty');
    api.controls.revealDay('daily-resting-heart-rate', yesterday);
    await engine.run(base);
    expect(store.records(yesterday, 'resting-heart-rate')[0]?.fields.value).toBe(56);
    expect(coverage.get('resting-heart-rate', yesterday)?.status).toBe('fetched');

    // Five days later yesterday is outside the window. It changed at its last fetch, so it is read
    // once more; unchanged now, it becomes final and later syncs leave it alone.
    clock.setTime(`${addDays(TODAY, 5)}T10:00:00Z`);
    for (let i = 1; i <= 5; i++) addDay(api, addDays(TODAY, i));
    await engine.run(base);
    expect(coverage.get('resting-heart-rate', yesterday)?.status).toBe('final');
    expect(coverage.get('resting-heart-rate', addDays(TODAY, -2))?.status).toBe('final');
    const before = api.calls.length;
    await engine.run(base);
    const filters = api.calls.slice(before).map((c) => c.filter ?? '');
    expect(filters.some((f) => f.includes(`"${yesterday}"`))).toBe(false);
    expect(filters.filter((f) => f.startsWith('daily_resting_heart_rate'))).toEqual([
      `daily_resting_heart_rate.date >= "${addDays(TODAY, 2)}" AND daily_resting_heart_rate.date < "${addDays(TODAY, 6)}"`,
    ]);
  });

  it('re-fetches a day that left the window while still changing, until it is stable', async () => {
    const api = seededApi(10);
    const { engine, store, coverage, clock, base } = await setup(api);
    await engine.run(base);
    const day = addDays(TODAY, -3);
    // The phone uploads more steps for that day, then the window moves past it.
    api.controls.addPoints('steps', {
      dataSource: { device: { displayName: 'Charge 6' } },
      steps: {
        interval: {
          startTime: `${day}T20:00:00Z`,
          endTime: `${day}T20:01:00Z`,
          startUtcOffset: '3600s',
          endUtcOffset: '3600s',
        },
        count: '77',
      },
    });
    clock.setTime(`${addDays(TODAY, 1)}T10:00:00Z`);
    addDay(api, addDays(TODAY, 1));
    await engine.run(base);
    expect(store.records(day, 'steps').some((r) => r.fields.value === 77)).toBe(true);
    expect(coverage.get('steps', day)?.status).toBe('fetched');
    // Next sync: fetched again (it changed last time), unchanged now → final.
    await engine.run(base);
    expect(coverage.get('steps', day)?.status).toBe('final');
  });
});

describe('sync engine: failures', () => {
  it('keeps syncing other types when one fails, and retries the failed days next time', async () => {
    const api = seededApi(10);
    // the first call is the change check (a failed check only costs the saving), the second the read
    api.failures.set('heart-rate', { error: new SyncBitError('network', 'connection reset'), times: 2 });
    const { engine, store, coverage, base } = await setup(api);
    const r1 = await engine.run(base);
    expect(r1.ok).toBe(false);
    expect(r1.state).toBe('failed');
    const hr = r1.types.find((t) => t.type === 'heart-rate')!;
    expect(hr.state).toBe('failed');
    expect(hr.daysFailed).toBe(30);
    expect(hr.error?.code).toBe('network');
    expect(r1.types.filter((t) => t.type !== 'heart-rate').every((t) => t.state === 'ok')).toBe(true);
    expect(store.records(TODAY, 'steps').length).toBeGreaterThan(0);
    expect(coverage.get('heart-rate', addDays(TODAY, -8))?.status).toBe('failed');
    const r2 = await engine.run(base);
    expect(r2.ok).toBe(true);
    expect(coverage.get('heart-rate', addDays(TODAY, -8))?.status).toBe('final');
    expect(store.records(addDays(TODAY, -8), 'heart-rate')).toHaveLength(12);
  });

  it('turns a missing scope into a per-type state with a clear message', async () => {
    const { engine, base } = await setupFailing(
      'sleep',
      new SyncBitError('scope-missing', '403 ACCESS_TOKEN_SCOPE_INSUFFICIENT'),
    );
    const r = await engine.run(base);
    const sleep = r.types.find((t) => t.type === 'sleep')!;
    expect(sleep.state).toBe('scope-missing');
    expect(sleep.error?.message).toMatch(/Sleep.*permission.*syncbit authorize/);
    expect(sleep.requests).toBe(1);
    expect(r.types.find((t) => t.type === 'steps')!.state).toBe('ok');
  });

  it('skips types whose scope was not granted without calling the API', async () => {
    const api = seededApi(5);
    const { engine, base } = await setup(api);
    const r = await engine.run({ ...base, grantedScopes: new Set(['activity', 'metrics', 'settings']) });
    expect(r.types.find((t) => t.type === 'sleep')!.state).toBe('scope-missing');
    expect(api.calls.some((c) => c.type === 'sleep')).toBe(false);
  });

  it('stops the whole run on auth-required with that state', async () => {
    const { api, engine, base } = await setupFailing(
      'steps',
      new SyncBitError('auth-required', 'Google sign-in expired: run syncbit authorize.'),
    );
    const r = await engine.run({ ...base, concurrency: 1 });
    expect(r.ok).toBe(false);
    expect(r.state).toBe('auth-required');
    expect(r.message).toMatch(/syncbit authorize/);
    // Types after steps were never started.
    expect(api.calls.some((c) => c.type === 'daily-resting-heart-rate')).toBe(false);
  });

  it('stops with account-not-linked when settings say so', async () => {
    const { api, engine, base } = await setupFailing(
      'settings',
      new SyncBitError('account-not-linked', 'Sign in to the Fitbit app with Google.'),
    );
    const r = await engine.run(base);
    expect(r.state).toBe('account-not-linked');
    expect(api.calls.filter((c) => c.method !== 'getSettings')).toHaveLength(0);
  });
});

describe('sync engine: cancellation and restart', () => {
  it('an abort mid-run loses nothing and duplicates nothing after the restart', async () => {
    const reference = new MemoryDayStore();
    {
      const api = seededApi(30);
      const { engine, base } = await setup(api, reference);
      await engine.run(base);
    }
    await rm(dir, { recursive: true, force: true });
    dir = await mkdtemp(join(tmpdir(), 'syncbit-engine-'));

    const api = seededApi(30);
    const store = new MemoryDayStore();
    const { engine, coverage, base } = await setup(api, store);
    const controller = new AbortController();
    let seen = 0;
    api.beforeRequest = () => {
      seen += 1;
      if (seen === 4) controller.abort();
    };
    const r1 = await engine.run({ ...base, signal: controller.signal });
    expect(r1.state).toBe('cancelled');
    expect(r1.ok).toBe(false);
    api.beforeRequest = undefined;
    // Restart with the coverage as flushed to disk (as after a kill).
    const reopened = await CoverageStore.open(dir);
    expect(reopened.entries('steps').length).toBe(coverage.entries('steps').length);
    const engine2 = new SyncEngine({
      api,
      store,
      coverage: reopened,
      clock: fixedClock(`${TODAY}T10:00:00Z`),
    });
    const r2 = await engine2.run(base);
    expect(r2.ok).toBe(true);
    expect(store.dump()).toEqual(reference.dump());
    for (const types of store.days.values()) {
      for (const records of types.values()) expect(new Set(records.map(recordKey)).size).toBe(records.length);
    }
  });
});

describe('sync engine: progress', () => {
  it('reports "waiting for quota until HH:MM" in the account zone while a run is active', async () => {
    const api = seededApi(2);
    const { engine, base } = await setup(api);
    const events: SyncEvent[] = [];
    api.beforeRequest = (c) => {
      if (c.method === 'reconcile' && c.type === 'steps')
        engine.notifyRateLimitWait(Date.parse('2026-11-20T13:05:00Z'));
    };
    await engine.run({ ...base, onEvent: (e) => events.push(e) });
    const wait = events.find((e) => e.kind === 'rate-limit-wait');
    expect(wait && 'message' in wait ? wait.message : '').toBe('waiting for quota until 14:05');
  });
});
