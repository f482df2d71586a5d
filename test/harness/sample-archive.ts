/**
 * Fills a data directory with realistic generated data through the REAL archive and coverage
 * store, so renderer tests, screenshots and the bench draw what a person would see: years of daily
 * steps, resting HR / HRV / SpO2 / weight / VO2 max trends, sleep stages for every night, and heart
 * rate at 1-second resolution for the most recent days. Seeded: the same options give the same
 * archive. (The Takeout importer is exercised separately with main/core/demo's synthetic export.)
 */
import { Archive, type TypeUpdate } from '../../main/core/store/archive.js';
import { CoverageStore } from '../../main/core/store/coverage.js';
import { Prng } from '../../main/core/demo/prng.js';
import { addDays, noonAtOffset } from '../../main/core/model/civil-day.js';
import { makeRecord, type CivilDay, type DataRecord } from '../../main/core/model/record.js';
import type { DataTypeId } from '../../main/core/model/data-types.js';

export interface SampleOptions {
  /** Last day with data (default 2026-11-21). */
  readonly endDay?: CivilDay;
  /** Days of daily history (default 3 years). */
  readonly days?: number;
  /** Recent days with 1-second heart rate (default 2). */
  readonly secondHeartRateDays?: number;
  /** Recent nights with sleep stages (default 400). */
  readonly sleepNights?: number;
  readonly seed?: number;
  /** UTC offset of the person, minutes (default +60). */
  readonly offsetMinutes?: number;
}

export interface SampleResult {
  readonly days: number;
  readonly firstDay: CivilDay;
  readonly lastDay: CivilDay;
  readonly records: number;
}

const DEVICE = { Device: 'Charge 6' };
const MINUTE = 60_000;

function rec(m: string, t: number, tags: Record<string, string>, fields: Record<string, number>): DataRecord {
  const r = makeRecord(m, t, tags, fields);
  if (r === undefined) throw new Error(`empty record ${m}`);
  return r;
}

/** One night of stages ending on `day`: ~90-minute cycles of light → deep → light → REM with brief wakes. */
export function sleepNight(
  rng: Prng,
  day: CivilDay,
  offsetMinutes: number,
): { summary: DataRecord; levels: DataRecord[] } {
  const tags = { ...DEVICE, isMainSleep: 'True' };
  const bedtime = noonAtOffset(addDays(day, -1), offsetMinutes) + (10.5 + rng.range(0, 1.6)) * 3_600_000;
  const targetMin = rng.normal(440, 35);
  const levels: DataRecord[] = [];
  const minutes = { deep: 0, light: 0, rem: 0, wake: 0 };
  let t = bedtime;
  let cycle = 0;
  const push = (level: 0 | 1 | 2 | 3, mins: number): void => {
    const secs = Math.max(60, Math.round(mins * 2) * 30);
    levels.push(rec('SleepLevels', t, tags, { level, duration_seconds: secs }));
    t += secs * 1000;
    const key = level === 0 ? 'deep' : level === 1 ? 'light' : level === 2 ? 'rem' : 'wake';
    minutes[key] += secs / 60;
  };
  push(3, rng.range(3, 9));
  while ((t - bedtime) / MINUTE < targetMin) {
    const early = cycle < 2;
    push(1, rng.range(12, 28));
    push(0, early ? rng.range(18, 40) : rng.range(0, 12) + 1);
    push(1, rng.range(10, 25));
    if (rng.next() < 0.35) push(3, rng.range(1, 4));
    push(2, early ? rng.range(6, 15) : rng.range(15, 32));
    if (rng.next() < 0.5) push(3, rng.range(1, 5));
    cycle += 1;
  }
  push(3, rng.range(2, 8));
  const inBed = (t - bedtime) / MINUTE;
  const asleep = minutes.deep + minutes.light + minutes.rem;
  const summary = rec('SleepSummary', bedtime, tags, {
    minutesAsleep: Math.round(asleep),
    minutesAwake: Math.round(minutes.wake),
    minutesInBed: Math.round(inBed),
    minutesDeep: Math.round(minutes.deep),
    minutesLight: Math.round(minutes.light),
    minutesREM: Math.round(minutes.rem),
    efficiency: Math.round((asleep / inBed) * 100),
  });
  return { summary, levels };
}

/** Heart rate at 1-second resolution for one civil day: circadian base, sleep dip, walks and a workout. */
export function secondHeartRate(
  rng: Prng,
  day: CivilDay,
  offsetMinutes: number,
  restingHr: number,
  stepSeconds = 1,
): DataRecord[] {
  const start = noonAtOffset(day, offsetMinutes) - 12 * 3_600_000;
  const out: DataRecord[] = [];
  let hr = restingHr + 4;
  const workoutAt = 17.5 + rng.range(0, 1.5);
  for (let s = 0; s < 86_400; s += stepSeconds) {
    const hour = s / 3600;
    const asleep = hour < 6.8 || hour > 23.2;
    let target = asleep ? restingHr - 3 + 2 * Math.sin(hour) : restingHr + 14 + 6 * Math.sin((hour - 9) / 3);
    if (!asleep && Math.abs(hour - 8.4) < 0.3) target += 30;
    if (!asleep && Math.abs(hour - 12.7) < 0.35) target += 24;
    if (hour > workoutAt && hour < workoutAt + 0.75) target = 128 + 22 * Math.sin((hour - workoutAt) * 9);
    hr += (target - hr) * 0.02 + rng.normal(0, 0.7);
    if (stepSeconds === 1 && rng.next() < 0.0004) s += rng.int(30, 240); // short gaps where the tracker lost contact
    out.push(rec('HeartRate_Intraday', start + s * 1000, DEVICE, { value: Math.round(hr) }));
  }
  return out;
}

/** Writes the sample data into `dataDir` (archive + coverage). */
export async function fillSampleArchive(dataDir: string, options: SampleOptions = {}): Promise<SampleResult> {
  const endDay = options.endDay ?? '2026-11-21';
  const days = options.days ?? 3 * 365;
  const hrDays = options.secondHeartRateDays ?? 2;
  const sleepNights = options.sleepNights ?? 400;
  const offset = options.offsetMinutes ?? 60;
  const rng = new Prng(options.seed ?? 7);
  const archive = await Archive.open(dataDir);
  const coverage = await CoverageStore.open(dataDir);
  const firstDay = addDays(endDay, -(days - 1));
  let records = 0;
  let weight = 78.5;
  let vo2 = 41;
  const now = Date.parse(`${endDay}T23:00:00Z`);

  for (let i = 0; i < days; i++) {
    const day = addDays(firstDay, i);
    const noon = noonAtOffset(day, offset);
    const weekday = new Date(noon).getUTCDay();
    const season = Math.sin((i / 365) * 2 * Math.PI);
    const fromEnd = days - 1 - i;
    const updates: TypeUpdate[] = [];
    const add = (type: DataTypeId, list: DataRecord[]): void => {
      updates.push({ type, records: list, mode: 'replace' });
      records += list.length;
    };
    // A 9-day gap a year ago (tracker at the repair shop): no records, coverage shows it missing.
    if (fromEnd >= 360 && fromEnd < 369) continue;

    const weekend = weekday === 0 || weekday === 6;
    const steps = Math.max(900, Math.round(rng.normal(weekend ? 10_800 : 8_600, 2_600) + season * 1_200));
    add('steps', [rec('Activity-steps', noon, DEVICE, { value: steps })]);
    add('distance', [
      rec('Activity-distance', noon, DEVICE, { value: Math.round(steps * 0.00074 * 100) / 100 }),
    ]);
    add('calories', [
      rec('Activity-calories', noon, DEVICE, {
        value: Math.round(1_750 + steps * 0.045 + rng.normal(0, 60)),
      }),
    ]);
    const resting = Math.round(rng.normal(58 - i * 0.002 + season * 1.5, 1.6));
    add('resting-heart-rate', [rec('RestingHR', noon, DEVICE, { value: resting })]);
    add('hrv', [
      rec('HRV', noon, DEVICE, {
        dailyRmssd: Math.round(rng.normal(44 + i * 0.004 - season * 2, 5) * 10) / 10,
        deepRmssd: Math.round(rng.normal(52, 6) * 10) / 10,
      }),
    ]);
    const spo2 = Math.round(rng.normal(96.2, 0.7) * 10) / 10;
    add('spo2', [
      rec('SPO2_Daily', noon, DEVICE, {
        avg: spo2,
        min: Math.round((spo2 - rng.range(2, 4)) * 10) / 10,
        max: Math.min(100, Math.round((spo2 + rng.range(1, 2.5)) * 10) / 10),
      }),
    ]);
    add('breathing-rate', [
      rec('BreathingRate', noon, DEVICE, { value: Math.round(rng.normal(14.6, 0.6) * 10) / 10 }),
    ]);
    vo2 += rng.normal(0.004, 0.08);
    add('vo2-max', [rec('VO2Max', noon, DEVICE, { value: Math.round(vo2 * 10) / 10 })]);
    weight += rng.normal(-0.003, 0.12);
    if (i % 3 === 0)
      add('weight', [
        rec(
          'Weight',
          noon - 4.5 * 3_600_000,
          { Source: 'Aria' },
          { weight_kg: Math.round(weight * 10) / 10, bmi: Math.round((weight / 1.78 ** 2) * 10) / 10 },
        ),
      ]);
    if (fromEnd < sleepNights) {
      const night = sleepNight(rng, day, offset);
      add('sleep', [night.summary, ...night.levels]);
    }
    if (fromEnd < hrDays) add('heart-rate', secondHeartRate(rng, day, offset, resting));
    else if (fromEnd < 30) add('heart-rate', secondHeartRate(rng, day, offset, resting, 60));

    const result = await archive.applyDay(day, updates);
    const failed = fromEnd === 12 || fromEnd === 13;
    for (const u of updates) {
      if (failed && u.type === 'hrv') {
        coverage.recordFailure(
          u.type,
          day,
          'api',
          { code: 'api-error', message: 'The Health API answered 503' },
          now,
        );
        continue;
      }
      coverage.recordFetch(u.type, day, fromEnd > 120 ? 'takeout' : 'api', result.typeHashes[u.type], now);
      if (fromEnd > 3) coverage.markFinal(u.type, day, now);
    }
  }
  await archive.flushIndex();
  await coverage.flush();
  return { days: archive.days().length, firstDay, lastDay: endDay, records };
}
