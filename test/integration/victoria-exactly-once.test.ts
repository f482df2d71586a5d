/**
 * Exactly once on Debian's Victoria Metrics 1.79.5 without trusting a quick read-back (issue 9 §3,
 * environment.md §4b): what was sent is known from the local sent-ledger, so index lag on
 * just-created series cannot make SyncBit send a sample twice. Reads poll until stable.
 */
import { describe, expect, it } from 'vitest';
import { M } from '../../main/core/model/data-types.js';
import { makeRecord, type DataRecord } from '../../main/core/model/record.js';
import { makeDayRecords, recentDays } from '../core/export/day-fixture.js';
import { hasVictoria } from '../harness/victoria-server.js';
import {
  assertHoldsExactly,
  expectedSamples,
  openVictoriaCase,
  useVictoriaSuite,
  noteIfNoVictoria,
} from '../helpers/victoria-suite.js';

noteIfNoVictoria('exactly-once tests');

describe.skipIf(!hasVictoria)('exactly once on the real Victoria Metrics', () => {
  const suite = useVictoriaSuite('vm-once');
  let n = 0;

  const setup = async () => {
    const t = await openVictoriaCase(suite.vm, suite.dir, `once${++n}`);
    const cycle = async (days: readonly string[]) => {
      await t.enqueue(days);
      return t.box.drain(t.exporter, { source: t.source });
    };
    return { ...t, cycle };
  };

  it('many new series in one import, then at once a changed day re-exported: no duplicate', async () => {
    const t = await setup();
    const days = recentDays(3);
    // Five trackers a day: ~200 series created by one drain (the index-lag trigger, §4b).
    const dayOf = (d: string, bump: number): DataRecord[] =>
      [0, 1, 2, 3, 4].flatMap((k) => makeDayRecords(d, { device: `Tracker ${k}`, bump }));
    for (const d of days) t.source.days.set(d, dayOf(d, 0));
    expect(await t.cycle(days)).toMatchObject({ sent: 3, rejected: 0 });
    // At once (no waiting: the new series may well be invisible now), a late upload changes day 3.
    const last = days[2]!;
    t.source.days.set(last, dayOf(last, 9));
    const again = await t.cycle(days);
    expect(again).toMatchObject({ sent: 1, rejected: 0 });
    expect(again.alreadyThere).toBeGreaterThan(0);
    const rows = await suite.vm.readStable(`{user="${t.user}"}`);
    assertHoldsExactly(rows, await expectedSamples(t.source, days, t.user));
  }, 120_000);

  it('four back-to-back sync+export cycles of recent days with a late upload each: one value per (series, instant)', async () => {
    const t = await setup();
    const days = recentDays(2);
    const late: DataRecord[] = [];
    for (let cycle = 0; cycle < 4; cycle++) {
      for (const d of days) {
        const records = makeDayRecords(d, { bump: cycle * 13 });
        // Each sync moves the battery and last-sync snapshot and brings a late heart-rate sample.
        const at = Date.parse(`${d}T21:00:00Z`) + cycle * 60_000;
        late.push(
          makeRecord(
            M.heartRate,
            Date.parse(`${d}T22:00:00Z`) + cycle * 7_000,
            { Device: 'Charge 6' },
            { value: 90 + cycle },
          ) as DataRecord,
        );
        records.push(
          makeRecord(
            M.deviceBattery,
            at,
            { Device: 'Charge 6', DeviceId: '123', DeviceType: 'TRACKER' },
            { value: 80 - cycle },
          ) as DataRecord,
          makeRecord(
            M.deviceLastSync,
            at,
            { Device: 'Charge 6', DeviceId: '123', DeviceType: 'TRACKER' },
            { value: at / 1000 },
          ) as DataRecord,
          ...late.filter((r) => r.time.startsWith(d)),
        );
        t.source.days.set(d, records);
      }
      const sum = await t.cycle(days);
      expect(sum).toMatchObject({ rejected: 0, pending: 0 });
    }
    const rows = await suite.vm.readStable(`{user="${t.user}"}`);
    assertHoldsExactly(rows, await expectedSamples(t.source, days, t.user));
    const zone = rows.filter((r) => r.metric.__name__ === 'fitbit_heart_rate_zone_minutes');
    expect(zone.length).toBeGreaterThan(0);
    for (const r of zone) expect(r.samples).toHaveLength(days.length);
  }, 120_000);

  it('a day whose only change is the device snapshot re-sends the device series, not the day', async () => {
    const t = await setup();
    const days = recentDays(2);
    for (const d of days) t.source.days.set(d, makeDayRecords(d));
    const first = await t.cycle(days);
    const daySamples = first.written / days.length;
    const d = days[1]!;
    t.source.days.set(
      d,
      makeDayRecords(d).map((r) => (r.measurement === M.deviceBattery ? { ...r, fields: { value: 42 } } : r)),
    );
    const sum = await t.cycle(days);
    expect(sum).toMatchObject({ sent: 1, rejected: 0 });
    // Only the battery series is rewritten (its sample of each day), the rest of the day is not sent.
    expect(sum.written).toBe(days.length);
    expect(sum.alreadyThere).toBe(daySamples - 1);
    const rows = await suite.vm.readStable(`{user="${t.user}"}`);
    assertHoldsExactly(rows, await expectedSamples(t.source, days, t.user));
  }, 120_000);
});
