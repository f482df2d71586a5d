import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRICS, metricInfo } from '../../../../main/core/export/victoria/metric-catalogue.js';
import {
  dayStamp,
  deviceSlug,
  recordsToSamples,
  seriesOf,
} from '../../../../main/core/export/victoria/metric-map.js';
import { noonAtOffset } from '../../../../main/core/model/civil-day.js';
import { M } from '../../../../main/core/model/data-types.js';
import { makeRecord } from '../../../../main/core/model/record.js';
import { makeDayRecords } from '../day-fixture.js';

const DAY = '2025-03-10';

function valuesOf(
  samples: readonly { series: string; value: number; ts: number }[],
  series: string,
): number[] {
  return samples.filter((s) => s.series === series).map((s) => s.value);
}

describe('records → Victoria Metrics samples', () => {
  const records = makeDayRecords(DAY);
  const stamp = dayStamp(DAY, records, 'UTC');
  const { samples, unmapped } = recordsToSamples(records, { user: 'u1', dayStamp: stamp });

  it('maps every field of every measurement in docs/records.md to a catalogued metric', () => {
    expect(unmapped).toBe(0);
    for (const s of samples)
      expect(metricInfo(s.series.slice(0, s.series.indexOf('{'))), s.series).toBeDefined();
    const produced = new Set(samples.map((s) => s.series.slice(0, s.series.indexOf('{'))));
    for (const m of METRICS) expect(produced.has(m.name), m.name).toBe(true);
  });

  it('keeps the old tool’s names and labels, stamped at the day’s 12:00 local', () => {
    const noon = noonAtOffset(DAY, 60);
    expect(stamp).toBe(noon);
    const steps = samples.find((s) => s.series === 'fitbit_steps_total{device="charge6",user="u1"}');
    expect(steps?.ts).toBe(noon);
    expect(steps?.value).toBe(records.find((r) => r.measurement === M.steps)?.fields.value);
    expect(
      valuesOf(samples, 'fitbit_active_minutes{device="charge6",type="very_active",user="u1"}'),
    ).toHaveLength(1);
    expect(
      valuesOf(samples, 'fitbit_heart_rate_zone_minutes{device="charge6",user="u1",zone="out_of_range"}'),
    ).toEqual([1300]);
    expect(
      valuesOf(samples, 'fitbit_heart_rate_zone_calories{device="charge6",user="u1",zone="fat_burn"}'),
    ).toEqual([400.25]);
    expect(valuesOf(samples, 'fitbit_heart_rate_intraday{device="charge6",user="u1"}')).toHaveLength(1440);
  });

  it('sums sleep over all sessions of the day (main sleep + nap) at the day stamp', () => {
    const total = samples.filter(
      (s) => s.series === 'fitbit_sleep_minutes_total{device="charge6",user="u1"}',
    );
    expect(total.map((s) => [s.ts, s.value])).toEqual([[stamp, 430]]);
    for (const [stage, minutes] of [
      ['wake', 45],
      ['deep', 90],
    ] as const)
      expect(
        valuesOf(samples, `fitbit_sleep_stage_minutes{device="charge6",stage="${stage}",user="u1"}`),
        stage,
      ).toEqual([minutes]);
  });

  it('labels every series with user and device, as the old tool’s slug (formats.md §1)', () => {
    for (const s of samples) {
      expect(s.series, s.series).toMatch(/[{,]user="u1"[,}]/);
      expect(s.series, s.series).toMatch(/[{,]device="[a-z0-9]+"[,}]/);
    }
    // Exercise and GPS name no device: the day's tracker; a scale names itself.
    expect(
      samples.some((s) => s.series.startsWith('fitbit_exercise_calories{activity="Walk",device="charge6"')),
    ).toBe(true);
    expect(samples.some((s) => s.series.startsWith('fitbit_gps_latitude_degrees{activity_id='))).toBe(true);
    expect(samples.some((s) => s.series === 'fitbit_weight_kg{device="aria",source="Aria",user="u1"}')).toBe(
      true,
    );
    expect(deviceSlug('Pixel Watch 3')).toBe('pixelwatch3');
    expect(deviceSlug('Charge 6')).toBe('charge6');
    expect(deviceSlug(undefined)).toBe('unknown');
  });

  it.each([
    ['fitbit_exercise_duration_seconds', 1800],
    ['fitbit_exercise_distance_km', 2.3],
  ])('reads the legacy exercise fields in their units (duration in ms → seconds): %s', (name, value) => {
    expect(valuesOf(samples, `${name}{activity="Walk",device="charge6",user="u1"}`)).toEqual([value]);
  });

  it('falls back to noon in the configured zone when the day has no daily record', () => {
    const only = [
      makeRecord(
        M.sleepSummary,
        Date.UTC(2025, 2, 9, 23),
        { Device: 'X', isMainSleep: 'true' },
        { minutesAsleep: 300 },
      ),
    ].flatMap((r) => (r ? [r] : []));
    expect(dayStamp(DAY, only, 'America/New_York')).toBe(Date.UTC(2025, 2, 10, 16)); // EDT began 2025-03-09
  });

  it('leaves one sample per series and timestamp (the later record wins)', () => {
    const t = Date.UTC(2025, 2, 10, 8);
    const dup = [
      makeRecord(M.heartRate, t, { Device: 'A' }, { value: 70 }),
      makeRecord(M.heartRate, t, { Device: 'A' }, { value: 72 }),
    ].flatMap((r) => (r ? [r] : []));
    const out = recordsToSamples(dup, { user: 'u', dayStamp: t }).samples;
    expect(out.map((s) => s.value)).toEqual([72]);
  });

  it('escapes label values', () => {
    expect(seriesOf('m', { device: 'a "b"\\c\nd', user: 'u' })).toBe(
      'm{device="a \\"b\\"\\\\c\\nd",user="u"}',
    );
  });

  it('docs/metrics.md documents every metric of the catalogue', () => {
    const doc = readFileSync(new URL('../../../../docs/metrics.md', import.meta.url), 'utf8');
    for (const m of METRICS) expect(doc.includes(`\`${m.name}\``), m.name).toBe(true);
  });

  it('the Grafana dashboard only queries catalogued metrics', () => {
    const dash = JSON.parse(
      readFileSync(new URL('../../../../docs/grafana-dashboard.json', import.meta.url), 'utf8'),
    ) as {
      panels: { targets?: { expr: string }[] }[];
    };
    const exprs = dash.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    expect(exprs.length).toBeGreaterThan(5);
    for (const e of exprs)
      for (const name of e.match(/fitbit_[a-z0-9_]+/g) ?? []) expect(metricInfo(name), name).toBeDefined();
  });
});
