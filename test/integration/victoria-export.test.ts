/**
 * Victoria Metrics export against the real server (Debian's victoria-metrics on loopback).
 * Every assertion reads what the server holds back through /api/v1/export.
 */
import { describe, expect, it } from 'vitest';
import { Outbox } from '../../main/core/export/outbox.js';
import type { VictoriaOptions } from '../../main/core/export/victoria/victoria-exporter.js';
import { M } from '../../main/core/model/data-types.js';
import { makeRecord, type DataRecord } from '../../main/core/model/record.js';
import { makeDayRecords, recentDays } from '../core/export/day-fixture.js';
import { hasVictoria, startVictoria, startVictoriaProxy } from '../harness/victoria-server.js';
import {
  assertHoldsExactly,
  expectedSamples,
  openVictoriaCase,
  useVictoriaSuite,
  victoriaExporter,
  noteIfNoVictoria,
} from '../helpers/victoria-suite.js';

noteIfNoVictoria('Victoria Metrics integration tests');

describe.skipIf(!hasVictoria)('Victoria Metrics export (real server)', () => {
  const suite = useVictoriaSuite('vm-it');
  let n = 0;

  /** A fresh user label (isolates series) and data folder per test. */
  const setup = async (overrides: Partial<VictoriaOptions> = {}) =>
    openVictoriaCase(suite.vm, suite.dir, `it${++n}`, overrides);

  it('exports days with the old metric names and reads back exactly the archive values, once — also when exported twice', async () => {
    const t = await setup();
    const days = recentDays(3);
    for (const d of days) t.source.days.set(d, makeDayRecords(d));
    await t.enqueue(days);
    const first = await t.box.drain(t.exporter, { source: t.source });
    expect(first).toMatchObject({ sent: 3, rejected: 0, pending: 0 });
    const expected = await expectedSamples(t.source, days, t.user);
    let rows = await suite.vm.read(`{user="${t.user}"}`, expected.size);
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
    rows = await suite.vm.read(`{user="${t.user}"}`, expected.size);
    assertHoldsExactly(rows, expected);
    await t.exporter.close();
  });

  it('a late change rewrites changed values and adds new samples without leaving conflicting or stale samples', async () => {
    const t = await setup();
    const days = recentDays(2);
    for (const d of days) t.source.days.set(d, makeDayRecords(d));
    await t.enqueue(days);
    await t.box.drain(t.exporter, { source: t.source });
    await suite.vm.read(`{user="${t.user}"}`, (await expectedSamples(t.source, days, t.user)).size);

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
    const rows = await suite.vm.read(`{user="${t.user}"}`, expected.size);
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
    expect(await suite.vm.exportRaw(`{user="${t.user}"}`)).toEqual([]);

    const fixed = victoriaExporter(suite.vm, t.dir, t.user);
    const retry = await t.box.drain(fixed, { source: t.source, force: true });
    expect(retry).toMatchObject({ sent: 2, pending: 0 });
    const expected = await expectedSamples(t.source, days, t.user);
    assertHoldsExactly(await suite.vm.read(`{user="${t.user}"}`, expected.size), expected);
    await t.exporter.close();
    await fixed.close();
  });

  it('server stopped mid-export and restarted: nothing lost, no duplicate', async () => {
    // Small batches so that a day takes several requests; the server goes down right after it
    // stored the 12th batch (day 2 is then half on the server, half not).
    const proxy = await startVictoriaProxy(suite.vm, (_text, count) =>
      count === 12 ? { action: 'forward-then', after: () => suite.vm.stop() } : { action: 'forward' },
    );
    const t = await setup({ importUrl: proxy.importUrl, maxBatchLines: 2000 });
    const days = recentDays(4);
    for (const d of days) t.source.days.set(d, makeDayRecords(d, { hrEverySeconds: 5 }));
    await t.enqueue(days);
    const broken = await t.box.drain(t.exporter, { source: t.source });
    expect(broken.error?.code).toBe('network');
    expect(broken.sent).toBe(1);
    expect(broken.pending).toBe(3);
    await suite.vm.start();
    const resumed = await (
      await Outbox.open(t.dir, 'victoria')
    ).drain(t.exporter, { source: t.source, force: true });
    expect(resumed).toMatchObject({ sent: 3, rejected: 0, pending: 0 });
    expect(resumed.error).toBeUndefined();
    expect(resumed.alreadyThere).toBeGreaterThan(0); // the half-stored day was not sent twice
    const expected = await expectedSamples(t.source, days, t.user);
    assertHoldsExactly(await suite.vm.read(`{user="${t.user}"}`, expected.size), expected);
    await t.exporter.close();
    await proxy.close();
  }, 120_000); // the recovery read-back waits out VM's index lag (environment.md §4b)

  it('a batch the server rejects as invalid (400) is set aside with its message; the other days go through', async () => {
    // A validating gateway in front of the real server (VM itself answers 204 and only logs bad lines).
    const proxy = await startVictoriaProxy(suite.vm, (text) =>
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
    assertHoldsExactly(await suite.vm.read(`{user="${t.user}"}`, expected.size), expected);
    await t.exporter.close();
    await proxy.close();
  });

  it('warns about and holds days older than the server retention instead of losing them', async () => {
    const short = await startVictoria({ retention: '1' }); // one month, VM's default
    try {
      const t = await openVictoriaCase(short, suite.dir, `ret${++n}`);
      const old = recentDays(1, 200)[0]!;
      const recent = recentDays(1, 2)[0]!;
      for (const d of [old, recent]) t.source.days.set(d, makeDayRecords(d, { dailyOnly: true }));
      await t.enqueue([old, recent]);
      const sum = await t.box.drain(t.exporter, { source: t.source });
      expect(sum).toMatchObject({ sent: 1, held: 1 });
      const st = await t.box.status();
      expect(st.pending).toBe(1);
      expect(st.held).toBe(1);
      expect(st.warnings.join('\n')).toContain(`${old} is older than the retention`);
      expect(st.warnings.join('\n')).toContain('-retentionPeriod=1');
      const expected = await expectedSamples(t.source, [recent], t.user);
      assertHoldsExactly(await short.read(`{user="${t.user}"}`, expected.size), expected);
      await t.exporter.close();
    } finally {
      await short.dispose();
    }
  });
});
