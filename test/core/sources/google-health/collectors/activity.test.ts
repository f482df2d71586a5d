import { describe, expect, it } from 'vitest';
import {
  distanceCollector,
  stepsCollector,
} from '../../../../../main/core/sources/google-health/collectors/activity.js';
import {
  caloriesCollector,
  elevationCollector,
  floorsCollector,
} from '../../../../../main/core/sources/google-health/collectors/daily-totals.js';
import {
  activeMinutesCollector,
  activeZoneMinutesCollector,
} from '../../../../../main/core/sources/google-health/collectors/active-minutes.js';
import { heartRateZonesCollector } from '../../../../../main/core/sources/google-health/collectors/heart-rate-zones.js';
import { SimHealthApi } from '../../../../harness/google-health-sim/in-process.js';
import { intervalPoint } from './points.js';
import { collectAll, collectDay, ctxOf, recordsOn } from './helpers.js';

describe('steps collector', () => {
  it('parses int64 strings, assigns minutes to the civil day of their own offset across a DST change, and stamps the total at noon of that offset', async () => {
    const api = new SimHealthApi();
    // Europe/Berlin leaves DST on 2026-10-25: +02:00 before, +01:00 after.
    api.controls.addPoints(
      'steps',
      intervalPoint('steps', '2026-10-24T22:30:00Z', 1, '7200s', { count: '120' }), // 00:30 local on the 25th
      intervalPoint('steps', '2026-10-25T22:59:00Z', 1, '3600s', { count: '7' }), // 23:59 local on the 25th
      intervalPoint('steps', '2026-10-25T23:00:00Z', 1, '3600s', { count: '9' }), // 00:00 local on the 26th
    );
    api.controls.setRollup('steps', '2026-10-25', { steps: { countSum: '8432' } });
    const batches = await collectAll(stepsCollector, ctxOf(api), '2026-10-24', '2026-10-26');
    expect(batches.map((b) => b.day)).toEqual(['2026-10-26', '2026-10-25', '2026-10-24']);
    const d25 = recordsOn(batches, '2026-10-25');
    expect(
      d25.filter((r) => r.measurement === 'Steps_Intraday').map((r) => [r.time, r.fields.value]),
    ).toEqual([
      ['2026-10-25T22:59:00Z', 7],
      ['2026-10-24T22:30:00Z', 120],
    ]);
    const total = d25.find((r) => r.measurement === 'Activity-steps');
    expect(total?.fields.value).toBe(8432);
    expect(total?.tags.Device).toBe('Charge 6');
    // Tie between +02:00 and +01:00: the newest minute's offset (+01:00) wins → noon local = 11:00Z.
    expect(total?.time).toBe('2026-10-25T11:00:00Z');
    expect(recordsOn(batches, '2026-10-26').map((r) => r.fields.value)).toEqual([9]);
    expect(recordsOn(batches, '2026-10-24')).toEqual([]);
  });

  it('puts a traveller’s minutes on the civil day of the zone they were in', async () => {
    const api = new SimHealthApi();
    // New York evening (−05:00) is already the next UTC day.
    api.controls.addPoints(
      'steps',
      intervalPoint('steps', '2026-11-03T03:00:00Z', 1, '-18000s', { count: 50 }),
      // Tokyo morning (+09:00) is still the previous UTC day.
      intervalPoint('steps', '2026-11-05T23:30:00Z', 1, '32400s', { count: 60 }),
    );
    const batches = await collectAll(stepsCollector, ctxOf(api), '2026-11-01', '2026-11-07');
    expect(recordsOn(batches, '2026-11-02').map((r) => r.fields.value)).toEqual([50]);
    expect(recordsOn(batches, '2026-11-06').map((r) => r.fields.value)).toEqual([60]);
  });

  it('pages through nextPageToken with 10,000 points per page and loses none', async () => {
    const api = new SimHealthApi();
    const start = Date.parse('2026-11-01T00:00:00Z');
    for (let i = 0; i < 12 * 1440; i++) {
      api.controls.addPoints(
        'steps',
        intervalPoint('steps', new Date(start + i * 60_000).toISOString(), 1, '0s', { count: String(i % 7) }),
      );
    }
    const batches = await collectAll(stepsCollector, ctxOf(api, 'UTC'), '2026-11-01', '2026-11-12');
    const reconcile = api.calls.filter((c) => c.method === 'reconcile');
    expect(reconcile).toHaveLength(2);
    expect(reconcile.every((c) => c.pageSize === 10_000)).toBe(true);
    expect(reconcile[1]?.pageToken).toBeDefined();
    expect(reconcile[1]?.filter).toBe(reconcile[0]?.filter);
    const intraday = batches.flatMap((b) => b.records).filter((r) => r.measurement === 'Steps_Intraday');
    expect(intraday).toHaveLength(12 * 1440);
    expect(new Set(batches.map((b) => b.day)).size).toBe(12);
    expect(batches.every((b) => (b.mode ?? 'replace') === 'replace')).toBe(true);
  });
});

describe('distance and daily totals', () => {
  it('converts millimetres to km (distance) and metres (elevation)', async () => {
    const api = new SimHealthApi();
    api.controls.addPoints(
      'distance',
      intervalPoint('distance', '2026-11-01T08:00:00Z', 1, '3600s', { millimeters: '81230' }),
    );
    api.controls.setRollup('distance', '2026-11-01', { distance: { millimetersSum: '6543210' } });
    api.controls.setRollup('altitude', '2026-11-01', { altitude: { gainMillimetersSum: '30480' } });
    const d = await collectDay(distanceCollector, api, '2026-11-01');
    expect(d.find((r) => r.measurement === 'Distance_Intraday')?.fields.value).toBeCloseTo(0.08123, 9);
    expect(d.find((r) => r.measurement === 'Activity-distance')?.fields.value).toBeCloseTo(6.54321, 9);
    const e = await collectDay(elevationCollector, api, '2026-11-01');
    expect(e[0]?.measurement).toBe('Activity-elevation');
    expect(e[0]?.fields.value).toBeCloseTo(30.48, 9);
    expect(e[0]?.time).toBe('2026-11-01T11:00:00Z');
  });

  it('reads total calories in 14-day blocks (its cap), newest block first, with windowSizeDays × pageSize within the cap', async () => {
    const api = new SimHealthApi();
    api.controls.setRollup('total-calories', '2026-11-20', { totalCalories: { kcalSum: 2456.5 } });
    api.controls.setRollup('total-calories', '2026-10-01', { totalCalories: { kcalSum: '2100' } });
    const batches = await collectAll(caloriesCollector, ctxOf(api), '2026-09-01', '2026-11-20');
    const calls = api.calls.filter((c) => c.method === 'dailyRollUp');
    expect(calls).toHaveLength(Math.ceil(81 / 14));
    expect(calls[0]?.range).toEqual({ start: '2026-11-07', end: '2026-11-21' });
    expect(calls.every((c) => (c.pageSize ?? 0) <= 14)).toBe(true);
    expect(batches).toHaveLength(81);
    expect(recordsOn(batches, '2026-11-20')[0]?.fields.value).toBe(2456.5);
    expect(recordsOn(batches, '2026-10-01')[0]?.measurement).toBe('Activity-calories');
  });

  it('uses one 90-day block for floors', async () => {
    const api = new SimHealthApi();
    api.controls.setRollup('floors', '2026-11-01', { floors: { countSum: '12' } });
    await collectAll(floorsCollector, ctxOf(api), '2026-08-24', '2026-11-21');
    expect(api.calls.filter((c) => c.method === 'dailyRollUp')).toHaveLength(1);
  });

  it('maps activity levels, AZM and heart-rate zone durations', async () => {
    const api = new SimHealthApi();
    api.controls.setRollup('active-minutes', '2026-11-01', {
      activeMinutes: {
        activeMinutesRollupByActivityLevel: [
          { activityLevel: 'LIGHT', activeMinutesSum: '180' },
          { activityLevel: 'MODERATE', activeMinutesSum: '25' },
          { activityLevel: 'VIGOROUS', activeMinutesSum: '14' },
        ],
      },
    });
    api.controls.setRollup('active-zone-minutes', '2026-11-01', {
      activeZoneMinutes: { sumInFatBurnHeartZone: '10', sumInCardioHeartZone: '8', sumInPeakHeartZone: '2' },
    });
    api.controls.setRollup('time-in-heart-rate-zone', '2026-11-01', {
      timeInHeartRateZone: {
        timeInHeartRateZones: [
          { heartRateZone: 'LIGHT', duration: '72000s' },
          { heartRateZone: 'MODERATE', duration: '1410s' },
          { heartRateZone: 'PEAK', duration: '60s' },
        ],
      },
    });
    const am = await collectDay(activeMinutesCollector, api, '2026-11-01');
    expect(Object.fromEntries(am.map((r) => [r.measurement, r.fields.value]))).toEqual({
      'Activity-minutesLightlyActive': 180,
      'Activity-minutesFairlyActive': 25,
      'Activity-minutesVeryActive': 14,
    });
    const azm = await collectDay(activeZoneMinutesCollector, api, '2026-11-01');
    expect(azm[0]?.fields).toEqual({ cardio: 8, fatBurn: 10, peak: 2, total: 20 });
    const z = await collectDay(heartRateZonesCollector, api, '2026-11-01');
    expect(z[0]?.measurement).toBe('HR_Zones');
    expect(z[0]?.fields).toEqual({ 'Fat Burn': 23.5, 'Out of Range': 1200, Peak: 1 });
  });
});
