import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  gpsActivityId,
  legacyActivityFields,
  pythonBool,
  sleepEndTime,
} from '../../../main/core/model/legacy-records.js';
import { makeRecord, type DataRecord } from '../../../main/core/model/record.js';
import { Archive } from '../../../main/core/store/archive.js';

const START = Date.parse('2026-11-01T07:00:00Z');

describe('the record shapes CromWell reads (formats.md §2)', () => {
  it('ActivityRecords keep the legacy names and units', () => {
    const f = legacyActivityFields({
      startMs: START,
      endMs: START + 45 * 60_000,
      activeSeconds: 2580,
      distanceKm: 8.012,
      calories: 512,
      steps: 7100,
      elevationGainM: 42,
      averageHeartRate: 151,
    });
    expect(f).toMatchObject({
      duration: 2_700_000,
      activeDuration: 2_580_000,
      originalDuration: 2_700_000,
      distance: 8.012,
      calories: 512,
      steps: 7100,
      elevationGain: 42,
      averageHeartRate: 151,
    });
    expect(f.speed).toBeCloseTo(8.012 / (2580 / 3600), 5);
    expect(f.pace).toBeCloseTo(2580 / 8.012, 2);
    expect(Object.keys(f).some((k) => k.endsWith('_seconds') || k.endsWith('_km'))).toBe(false);
  });

  it('unreadable numbers are left out, not written as NaN', () => {
    const f = legacyActivityFields({
      startMs: START,
      endMs: START + 60_000,
      activeSeconds: NaN,
      distanceKm: NaN,
    });
    const rec = makeRecord('ActivityRecords', START, { ActivityName: 'Walk' }, f);
    expect(rec?.fields).toEqual({ activeDuration: 60_000, duration: 60_000, originalDuration: 60_000 });
  });

  it('GPS ActivityID, isMainSleep and endTime are spelled as CromWell spelled them', () => {
    expect(gpsActivityId(START, 'Morning run')).toBe('2026-11-01T07:00:00Z-Morning run');
    expect([pythonBool(true), pythonBool(false)]).toEqual(['True', 'False']);
    expect(sleepEndTime(Date.parse('2025-10-08T06:41:00Z'))).toBe('2025-10-08T06:41:00+00:00');
  });
});

describe('days written in the old shapes', () => {
  it('a re-import replaces old-shape sleep and exercise records instead of keeping both', async () => {
    const a = await Archive.open(await mkdtemp(join(tmpdir(), 'legacy-')));
    const day = '2026-11-01';
    const sleepStart = Date.parse('2026-10-31T22:00:00Z');
    const oldSleep = makeRecord(
      'SleepSummary',
      sleepStart,
      { Device: 'Charge 6', isMainSleep: 'true' },
      { minutesAsleep: 400 },
    );
    const oldRun = makeRecord(
      'ActivityRecords',
      START,
      { ActivityName: 'Run' },
      { duration_seconds: 1800, distance_km: 5 },
    );
    await a.applyDay(day, [
      { type: 'sleep', records: [oldSleep as DataRecord], mode: 'replace' },
      { type: 'exercise', records: [oldRun as DataRecord], mode: 'replace' },
    ]);
    const newSleep = makeRecord(
      'SleepSummary',
      sleepStart,
      { Device: 'Charge 6', isMainSleep: 'True' },
      { minutesAsleep: 400, endTime: sleepEndTime(sleepStart + 440 * 60_000) },
    );
    const newRun = makeRecord(
      'ActivityRecords',
      START,
      { ActivityName: 'Run' },
      legacyActivityFields({ startMs: START, endMs: START + 1_800_000, distanceKm: 5 }),
    );
    await a.applyDay(day, [
      { type: 'sleep', records: [newSleep as DataRecord], mode: 'merge' },
      { type: 'exercise', records: [newRun as DataRecord], mode: 'merge' },
    ]);
    const records = await a.readDay(day);
    expect(records).toEqual([newRun, newSleep]);
  });
});
