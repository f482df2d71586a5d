/**
 * Synthetic day records covering every measurement of docs/records.md, for exporter tests and the
 * export bench. Values are derived from the day so that different days differ.
 */
import {
  gpsActivityId,
  legacyActivityFields,
  sleepEndTime,
} from '../../../main/core/model/legacy-records.js';
import { gzipSync } from 'node:zlib';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { M } from '../../../main/core/model/data-types.js';
import { noonAtOffset } from '../../../main/core/model/civil-day.js';
import { makeRecord, type CivilDay, type DataRecord } from '../../../main/core/model/record.js';
import type { DaySource } from '../../../main/core/export/types.js';
import { encodeDayJson } from '../../../main/core/store/day-file.js';
import { dataPaths, dayFileName } from '../../../main/core/store/paths.js';

export interface DayFixtureOptions {
  /** Heart-rate sample spacing in seconds (default 60; the bench uses 1). */
  readonly hrEverySeconds?: number;
  /** UTC offset of the data in minutes (default +60). */
  readonly offsetMinutes?: number;
  readonly device?: string;
  /** Adds to every daily value (simulates a late upload changing the totals). */
  readonly bump?: number;
  /** Only daily records (no intraday, sleep, exercise…). */
  readonly dailyOnly?: boolean;
}

function push(out: DataRecord[], r: DataRecord | undefined): void {
  if (r) out.push(r);
}

/** Seed derived from the day, so values differ from day to day. */
export function daySeed(day: CivilDay): number {
  return Number(day.replaceAll('-', '')) % 97;
}

/** One civil day of records. */
export function makeDayRecords(day: CivilDay, o: DayFixtureOptions = {}): DataRecord[] {
  const offset = o.offsetMinutes ?? 60;
  const noon = noonAtOffset(day, offset);
  const midnight = noon - 12 * 3_600_000;
  const seed = daySeed(day);
  const b = o.bump ?? 0;
  const tags = { Device: o.device ?? 'Charge 6' };
  const out: DataRecord[] = [];
  push(out, makeRecord(M.steps, noon, tags, { value: 8000 + seed * 10 + b }));
  push(out, makeRecord(M.distance, noon, tags, { value: 6.1 + seed / 100 + b }));
  push(out, makeRecord(M.calories, noon, tags, { value: 2300 + seed + b }));
  push(out, makeRecord(M.floors, noon, tags, { value: 10 + b }));
  push(out, makeRecord(M.elevation, noon, tags, { value: 30 + b }));
  push(out, makeRecord(M.minutesSedentary, noon, tags, { value: 700 + b }));
  push(out, makeRecord(M.minutesLightlyActive, noon, tags, { value: 200 + b }));
  push(out, makeRecord(M.minutesFairlyActive, noon, tags, { value: 20 + b }));
  push(out, makeRecord(M.minutesVeryActive, noon, tags, { value: 15 + b }));
  push(out, makeRecord(M.azm, noon, tags, { fatBurn: 10, cardio: 5, peak: 2, total: 17 + b }));
  push(
    out,
    makeRecord(M.hrZones, noon, tags, { 'Out of Range': 1300, 'Fat Burn': 100, Cardio: 30 + b, Peak: 10 }),
  );
  push(
    out,
    makeRecord(M.hrZonesCalories, noon, tags, {
      'Out of Range': 1500.5,
      'Fat Burn': 400.25,
      Cardio: 200,
      Peak: 90,
    }),
  );
  push(out, makeRecord(M.restingHr, noon, tags, { value: 55 + (seed % 7) + b }));
  push(out, makeRecord(M.hrv, noon, tags, { dailyRmssd: 40.5 + b, deepRmssd: 45.25 }));
  push(out, makeRecord(M.breathingRate, noon, tags, { value: 14.2 }));
  push(out, makeRecord(M.spo2Daily, noon, tags, { avg: 96.1, min: 93, max: 99 }));
  push(
    out,
    makeRecord(M.skinTemperature, noon, tags, { nightlyRelative: -0.3, nightly: 33.1, baseline: 33.4 }),
  );
  push(out, makeRecord(M.vo2Max, noon, tags, { value: 44, low: 42, high: 46 }));
  if (o.dailyOnly) return out;

  const hrStep = (o.hrEverySeconds ?? 60) * 1000;
  for (let t = midnight; t < midnight + 86_400_000; t += hrStep)
    push(out, makeRecord(M.heartRate, t, tags, { value: 60 + ((t / hrStep + seed) % 40) }));
  for (let m = 0; m < 1440; m += 15) {
    const t = midnight + m * 60_000;
    push(out, makeRecord(M.stepsIntraday, t, tags, { value: (m + seed) % 120 }));
    push(out, makeRecord(M.caloriesIntraday, t, tags, { value: 1.2 + (m % 5) / 10 }));
    push(out, makeRecord(M.distanceIntraday, t, tags, { value: ((m + seed) % 120) * 0.0007 }));
  }
  push(
    out,
    makeRecord(M.hrvIntraday, midnight + 3 * 3_600_000, tags, {
      rmssd: 41,
      coverage: 0.95,
      lf: 1000,
      hf: 800,
    }),
  );
  push(out, makeRecord(M.spo2Intraday, midnight + 3 * 3_600_000, tags, { value: 95 }));
  // Main sleep (ended this morning) and a nap.
  const sleepStart = midnight - 90 * 60_000;
  const main = { ...tags, isMainSleep: 'True' };
  push(
    out,
    makeRecord(M.sleepSummary, sleepStart, main, {
      efficiency: 92,
      minutesAsleep: 400,
      minutesInBed: 440,
      minutesAwake: 40,
      minutesLight: 220,
      minutesREM: 90,
      minutesDeep: 90,
      endTime: sleepEndTime(sleepStart + 440 * 60_000),
    }),
  );
  push(out, makeRecord(M.sleepLevels, sleepStart, main, { level: 1, duration_seconds: 1800 }));
  push(out, makeRecord(M.sleepLevels, sleepStart + 1_800_000, main, { level: 0, duration_seconds: 3600 }));
  const nap = { ...tags, isMainSleep: 'False' };
  push(
    out,
    makeRecord(M.sleepSummary, noon + 2 * 3_600_000, nap, {
      efficiency: 90,
      minutesAsleep: 30,
      minutesInBed: 35,
      minutesAwake: 5,
      minutesLight: 30,
      minutesREM: 0,
      minutesDeep: 0,
    }),
  );
  push(
    out,
    makeRecord(M.weight, midnight + 7 * 3_600_000, { Source: 'Aria' }, { weight_kg: 72.5, bmi: 22.9 }),
  );
  push(out, makeRecord(M.bodyFat, midnight + 7 * 3_600_000, { Source: 'Aria' }, { value: 18.5 }));
  push(
    out,
    makeRecord(
      M.activityRecords,
      midnight + 17 * 3_600_000,
      { ActivityName: 'Walk' },
      legacyActivityFields({
        startMs: midnight + 17 * 3_600_000,
        endMs: midnight + 17 * 3_600_000 + 1_800_000,
        activeSeconds: 1700,
        calories: 150,
        steps: 3000,
        distanceKm: 2.3,
        averageHeartRate: 105,
        elevationGainM: 12,
        activeZoneMinutes: 8,
      }),
    ),
  );
  push(
    out,
    makeRecord(
      M.gps,
      midnight + 17 * 3_600_000,
      { ActivityID: gpsActivityId(midnight + 17 * 3_600_000, 'Walk') },
      { lat: 51.5, lon: -0.12, altitude: 20, distance: 0, heart_rate: 100 },
    ),
  );
  push(
    out,
    makeRecord(
      M.deviceBattery,
      midnight + 20 * 3_600_000,
      { Device: tags.Device, DeviceId: '123', DeviceType: 'TRACKER' },
      { value: 80 },
    ),
  );
  push(
    out,
    makeRecord(
      M.deviceLastSync,
      midnight + 20 * 3_600_000,
      { Device: tags.Device, DeviceId: '123', DeviceType: 'TRACKER' },
      { value: Math.floor((midnight + 20 * 3_600_000) / 1000) },
    ),
  );
  return out;
}

/** An in-memory DaySource whose content tests can change. */
export class MemoryDaySource implements DaySource {
  readonly days = new Map<CivilDay, DataRecord[]>();
  readDay(day: CivilDay): Promise<DataRecord[]> {
    return Promise.resolve(this.days.get(day) ?? []);
  }
  /** The content hash the archive would give (sha of the canonical JSON). */
  hashOf(day: CivilDay): string {
    return (
      encodeDayJson(this.days.get(day) ?? []).length.toString(36) +
      ':' +
      simpleHash(encodeDayJson(this.days.get(day) ?? []))
    );
  }
}

function simpleHash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16);
}

/** Writes days as archive day files (`<dataDir>/archive/fitbit_backup_D.json.gz`). */
export async function writeArchiveDays(
  dataDir: string,
  days: ReadonlyMap<CivilDay, readonly DataRecord[]>,
): Promise<void> {
  const dir = dataPaths(dataDir).archiveDir;
  await mkdir(dir, { recursive: true });
  for (const [day, records] of days)
    await writeFile(join(dir, dayFileName(day)), gzipSync(encodeDayJson(records)));
}

/** `n` consecutive days ending `endDaysAgo` days before now (UTC dates). */
export function recentDays(n: number, endDaysAgo = 1, now = Date.now()): CivilDay[] {
  const out: CivilDay[] = [];
  for (let k = n - 1; k >= 0; k--)
    out.push(new Date(now - (endDaysAgo + k) * 86_400_000).toISOString().slice(0, 10));
  return out;
}
