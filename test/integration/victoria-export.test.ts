/**
 * Victoria Metrics export against the real server (Debian's victoria-metrics on loopback).
 * Every assertion reads what the server holds back through /api/v1/export.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outbox } from '../../main/core/export/outbox.js';
import type { DaySource } from '../../main/core/export/types.js';
import { dayStamp, recordsToSamples } from '../../main/core/export/victoria/metric-map.js';
import { VictoriaExporter, type VictoriaOptions } from '../../main/core/export/victoria/victoria-exporter.js';
import { M } from '../../main/core/model/data-types.js';
import { makeRecord, type DataRecord } from '../../main/core/model/record.js';
import { MemoryDaySource, makeDayRecords, recentDays } from '../core/export/day-fixture.js';
import {
  duplicatesIn,
  hasVictoria,
  startVictoria,
  startVictoriaProxy,
  type VictoriaServer,
} from '../harness/victoria-server.js';

if (!hasVictoria)
  console.warn(
    'SKIPPED: Victoria Metrics integration tests need /usr/bin/victoria-metrics (apt-get install victoria-metrics).',
  );

type Rows = Awaited<ReturnType<VictoriaServer['exportRaw']>>;

function seriesKey(metric: Record<string, string>): string {
  const { __name__: name, ...labels } = metric;
  return `${name ?? ''}{${Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k] ?? ''}"`)
    .join(',')}}`;
}

/** What the server should hold for `days` of `source` (one sample per series and timestamp). */
async function expectedSamples(
  source: DaySource,
  days: readonly string[],
  user: string,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const day of days) {
    const records = await source.readDay(day);
    for (const s of recordsToSamples(records, { user, dayStamp: dayStamp(day, records, 'UTC') }).samples)
      out.set(`${s.series}@${s.ts}`, s.value);
  }
  return out;
}

function stored(rows: Rows): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of rows)
    for (const [ts, v] of r.samples) {
      const k = `${seriesKey(r.metric).replace(/\\/g, '')}@${ts}`;
      out.set(k, [...(out.get(k) ?? []), v]);
    }
  return out;
}

function assertHoldsExactly(rows: Rows, expected: Map<string, number>): void {
  expect(duplicatesIn(rows)).toBe(0);
  const got = stored(rows);
  const missing = [...expected.keys()].filter((k) => !got.has(k));
  const extra = [...got.keys()].filter((k) => !expected.has(k));
  expect(missing.slice(0, 5)).toEqual([]);
  expect(extra.slice(0, 5)).toEqual([]);
  for (const [k, v] of expected) expect(got.get(k)?.[0], k).toBeCloseTo(v, 9);
}

describe.skipIf(!hasVictoria)('Victoria Metrics export (real server)', () => {
  let vm: VictoriaServer;
  let dataDir: string;
  let n = 0;
  beforeAll(async () => {
    vm = await startVictoria();
    dataDir = await mkdtemp(join(tmpdir(), 'syncbit-vm-it-'));
  });
  afterAll(async () => {
    await vm.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A fresh user label (isolates series) and data folder per test. */
  const setup = async (overrides: Partial<VictoriaOptions> = {}) => {
    n++;
    const user = `it${n}`;
    const dir = join(dataDir, user);
    const exporter = new VictoriaExporter(
      {
        importUrl: vm.importUrl,
        user: vm.user,
        password: vm.password,
        userLabel: user,
        timeZone: 'UTC',
        ...overrides,
      },
      { journalDir: Outbox.journalDir(dir, 'victoria') },
    );
    const box = await Outbox.open(dir, 'victoria');
    const source = new MemoryDaySource();
    const enqueue = async (days: readonly string[]) =>
      box.enqueue(days.map((day) => ({ day, hash: source.hashOf(day) })));
    return { user, dir, exporter, box, source, enqueue };
  };

  it('exports days with the old metric names and reads back exactly the archive values, once — also when exported twice', async () => {
    const t = await setup();
    const days = recentDays(3);
    for (const d of days) t.source.days.set(d, makeDayRecords(d));
    await t.enqueue(days);
    const first = await t.box.drain(t.exporter, { source: t.source });
    expect(first).toMatchObject({ sent: 3, rejected: 0, pending: 0 });
    const expected = await expectedSamples(t.source, days, t.user);
    let rows = await vm.read(`{user="${t.user}"}`, expected.size);
    assertHoldsExactly(rows, expected);
    // A value straight from the records, under the old tool's name and labels.
    const stepsRecord = t.source.days.get(days[0]!)!.find((r) => r.measurement === M.steps)!;
    const steps = rows.find((r) => r.metric.__name__ === 'fitbit_steps_total');
    expect(steps?.metric).toEqual({ __name__: 'fitbit_steps_total', user: t.user, device: 'charge6' });
    expect(steps?.samples[0]).toEqual([Date.parse(stepsRecord.time), stepsRecord.fields.value]);

    // Same days again: same hashes are a no-op…
    expect(await t.enqueue(days)).toBe(0);
    // …and a forced re-export of identical content (new hashes) reconciles and writes nothing.
    await t.box.enqueue(days.map((day) => ({ day, hash: `${t.source.hashOf(day)}-again` })));
    const again = await t.box.drain(t.exporter, { source: t.source });
    expect(again).toMatchObject({ sent: 3, written: 0 });
    expect(again.alreadyThere).toBe(expected.size);
    rows = await vm.read(`{user="${t.user}"}`, expected.size);
    assertHoldsExactly(rows, expected);
    await t.exporter.close();
  });

  it('a late change rewrites changed values and adds new samples without leaving conflicting or stale samples', async () => {
    const t = await setup();
    const days = recentDays(2);
    for (const d of days) t.source.days.set(d, makeDayRecords(d));
    await t.enqueue(days);
    await t.box.drain(t.exporter, { source: t.source });
    await vm.read(`{user="${t.user}"}`, (await expectedSamples(t.source, days, t.user)).size);

    // Late upload for day 2: totals grow, one heart-rate value is corrected, a new sample appears.
    const day2 = days[1]!;
    const changed: DataRecord[] = makeDayRecords(day2, { bump: 7 }).map((r, k) =>
      r.measurement === M.heartRate && k === 200 ? { ...r, fields: { value: 199 } } : r,
    );
    const extra = makeRecord(
      M.heartRate,
      Date.parse(`${day2}T10:00:30Z`),
      { Device: 'Charge 6' },
      { value: 123 },
    );
    if (extra) changed.push(extra);
    t.source.days.set(day2, changed);
    expect(await t.enqueue(days)).toBe(1);
    const sum = await t.box.drain(t.exporter, { source: t.source });
    expect(sum).toMatchObject({ sent: 1, rejected: 0 });

    const expected = await expectedSamples(t.source, days, t.user);
    const rows = await vm.read(`{user="${t.user}"}`, expected.size);
    assertHoldsExactly(rows, expected);
    const steps = rows.find((r) => r.metric.__name__ === 'fitbit_steps_total')!;
    const newSteps = changed.find((r) => r.measurement === M.steps)!.fields.value;
    expect(steps.samples.map(([, v]) => v)).toContain(newSteps);
    expect(steps.samples).toHaveLength(2);
    await t.exporter.close();
  });

  it('wrong password: the days stay pending with a clear error, and go out once the credentials are fixed', async () => {
    const t = await setup({ password: 'wrong-password' });
    const days = recentDays(2);
    for (const d of days) t.source.days.set(d, makeDayRecords(d, { dailyOnly: true }));
    await t.enqueue(days);
    const sum = await t.box.drain(t.exporter, { source: t.source });
    expect(sum.error?.code).toBe('auth-required');
    const st = await t.box.status();
    expect(st.pending).toBe(2);
    expect(st.lastError?.message).toMatch(/refused the credentials.*VICTORIA_USER\/VICTORIA_PASSWORD/);
    expect(st.lastError?.message).not.toContain('wrong-password');
    expect(st.nextAttemptAt).toBeGreaterThan(Date.now());
    expect(await vm.exportRaw(`{user="${t.user}"}`)).toEqual([]);

    const fixed = new VictoriaExporter(
      { importUrl: vm.importUrl, user: vm.user, password: vm.password, userLabel: t.user, timeZone: 'UTC' },
      { journalDir: Outbox.journalDir(t.dir, 'victoria') },
    );
    const retry = await t.box.drain(fixed, { source: t.source, force: true });
    expect(retry).toMatchObject({ sent: 2, pending: 0 });
    const expected = await expectedSamples(t.source, days, t.user);
    assertHoldsExactly(await vm.read(`{user="${t.user}"}`, expected.size), expected);
    await t.exporter.close();
    await fixed.close();
  });

  it('server stopped mid-export and restarted: nothing lost, no duplicate', async () => {
    // Small batches so that a day takes several requests; the server goes down right after it
    // stored the 12th batch (day 2 is then half on the server, half not).
    const proxy = await startVictoriaProxy(vm, (_text, count) =>
      count === 12 ? { action: 'forward-then', after: () => vm.stop() } : { action: 'forward' },
    );
    const t = await setup({ importUrl: proxy.importUrl, maxBatchLines: 2000 });
    const days = recentDays(4);
    for (const d of days) t.source.days.set(d, makeDayRecords(d, { hrEverySeconds: 5 }));
    await t.enqueue(days);
    const broken = await t.box.drain(t.exporter, { source: t.source });
    expect(broken.error?.code).toBe('network');
    expect(broken.sent).toBe(1);
    expect(broken.pending).toBe(3);
    await vm.start();
    const resumed = await (
      await Outbox.open(t.dir, 'victoria')
    ).drain(t.exporter, { source: t.source, force: true });
    expect(resumed).toMatchObject({ sent: 3, rejected: 0, pending: 0 });
    expect(resumed.error).toBeUndefined();
    expect(resumed.alreadyThere).toBeGreaterThan(0); // the half-stored day was not sent twice
    const expected = await expectedSamples(t.source, days, t.user);
    assertHoldsExactly(await vm.read(`{user="${t.user}"}`, expected.size), expected);
    await t.exporter.close();
    await proxy.close();
  }, 120_000); // the recovery read-back waits out VM's index lag (environment.md §4b)

  it('a batch the server rejects as invalid (400) is set aside with its message; the other days go through', async () => {
    // A validating gateway in front of the real server (VM itself answers 204 and only logs bad lines).
    const proxy = await startVictoriaProxy(vm, (text) =>
      text.includes('device="baddevice"')
        ? { action: 'reject', status: 400, body: 'cannot parse line: label value rejected by policy' }
        : { action: 'forward' },
    );
    const t = await setup({ importUrl: proxy.importUrl });
    const days = recentDays(3);
    t.source.days.set(days[0]!, makeDayRecords(days[0]!, { dailyOnly: true }));
    t.source.days.set(days[1]!, makeDayRecords(days[1]!, { dailyOnly: true, device: 'Bad"Device' }));
    t.source.days.set(days[2]!, makeDayRecords(days[2]!, { dailyOnly: true }));
    await t.enqueue(days);
    const sum = await t.box.drain(t.exporter, { source: t.source });
    expect(sum).toMatchObject({ sent: 2, rejected: 1 });
    const st = await t.box.status();
    expect(st.failed).toBe(1);
    expect(st.failedDays[0]?.day).toBe(days[1]);
    expect(st.failedDays[0]?.message).toContain('label value rejected by policy');
    const expected = await expectedSamples(t.source, [days[0]!, days[2]!], t.user);
    assertHoldsExactly(await vm.read(`{user="${t.user}"}`, expected.size), expected);
    await t.exporter.close();
    await proxy.close();
  });

  it('warns about and holds days older than the server retention instead of losing them', async () => {
    const short = await startVictoria({ retention: '1' }); // one month, VM's default
    try {
      n++;
      const user = `ret${n}`;
      const dir = join(dataDir, user);
      const exporter = new VictoriaExporter(
        {
          importUrl: short.importUrl,
          user: short.user,
          password: short.password,
          userLabel: user,
          timeZone: 'UTC',
        },
        { journalDir: Outbox.journalDir(dir, 'victoria') },
      );
      const box = await Outbox.open(dir, 'victoria');
      const source = new MemoryDaySource();
      const old = recentDays(1, 200)[0]!;
      const recent = recentDays(1, 2)[0]!;
      for (const d of [old, recent]) source.days.set(d, makeDayRecords(d, { dailyOnly: true }));
      await box.enqueue([old, recent].map((day) => ({ day, hash: source.hashOf(day) })));
      const sum = await box.drain(exporter, { source });
      expect(sum).toMatchObject({ sent: 1, held: 1 });
      const st = await box.status();
      expect(st.pending).toBe(1);
      expect(st.held).toBe(1);
      expect(st.warnings.join('\n')).toContain(`${old} is older than the retention`);
      expect(st.warnings.join('\n')).toContain('-retentionPeriod=1');
      const expected = await expectedSamples(source, [recent], user);
      assertHoldsExactly(await short.read(`{user="${user}"}`, expected.size), expected);
      await exporter.close();
    } finally {
      await short.dispose();
    }
  });
});
