/**
 * Per-family normalisation: sleep (day it ended, naps, stage codes), steps (one source per day),
 * sentinels and placeholders, empty files, CSV preferred over JSON twins and the zone rule for
 * JSON-only days.
 */
import { describe, expect, it } from 'vitest';
import { useTmpDirs } from '../../../helpers/tmp-dir.js';
import { importTakeout } from '../../../../main/core/sources/takeout/import-takeout.js';
import { MemorySink } from './memory-sink.js';
import {
  PROFILE_LONDON,
  SLEEPS_HEADER,
  STAGES_HEADER,
  TRACKERS,
  rows,
  writeExport,
  useFreshImport,
} from './fixture.js';

const tempDir = useTmpDirs();
const importFresh = useFreshImport();

describe('sleep', () => {
  it('puts a night on the day it ended, keeps naps as isMainSleep=false, and maps stages to CromWell codes', async () => {
    const { sink, report } = await importFresh({
      'Paired Devices/Trackers.csv': TRACKERS,
      'Health Fitness Data_GoogleData/UserSleeps_2025-06-01.csv':
        SLEEPS_HEADER +
        '100,STAGES,60,10,+01:00,2025-06-01T22:30:00Z,+01:00,2025-06-02T00:40:00Z,Charge 6\n' +
        '101,CLASSIC,35,5,+01:00,2025-06-02T13:00:00Z,+01:00,2025-06-02T13:40:00Z,Charge 6\n',
      'Health Fitness Data_GoogleData/UserSleepStages_2025-06-01.csv':
        STAGES_HEADER +
        '100,1,LIGHT,+01:00,2025-06-01T22:30:00Z,+01:00,2025-06-01T23:00:00Z\n' +
        '100,2,DEEP,+01:00,2025-06-01T23:00:00Z,+01:00,2025-06-01T23:20:00Z\n' +
        '100,3,REM,+01:00,2025-06-01T23:20:00Z,+01:00,2025-06-01T23:30:00Z\n' +
        '100,4,AWAKE,+01:00,2025-06-01T23:30:00Z,+01:00,2025-06-01T23:40:00Z\n' +
        '100,5,LIGHT,+01:00,2025-06-01T23:40:00Z,+01:00,2025-06-02T00:40:00Z\n' +
        '101,6,ASLEEP,+01:00,2025-06-02T13:00:00Z,+01:00,2025-06-02T13:35:00Z\n' +
        '101,7,AWAKE,+01:00,2025-06-02T13:35:00Z,+01:00,2025-06-02T13:40:00Z\n' +
        '999,8,LIGHT,+01:00,2025-06-02T13:00:00Z,+01:00,2025-06-02T13:35:00Z\n',
    });
    const summaries = sink.of('SleepSummary');
    // The night started on June 1st (23:30 local) but ended on the 2nd: both sessions are June 2nd's.
    expect(summaries.map((s) => [s.day, s.record.time, s.record.tags.isMainSleep])).toEqual([
      ['2025-06-02', '2025-06-01T22:30:00Z', 'True'],
      ['2025-06-02', '2025-06-02T13:00:00Z', 'False'],
    ]);
    expect(summaries[0]!.record.fields).toMatchObject({
      endTime: '2025-06-02T00:40:00+00:00',
      minutesAsleep: 60,
      minutesAwake: 10,
      minutesInBed: 130,
      minutesLight: 90,
      minutesDeep: 20,
      minutesREM: 10,
    });
    expect(summaries[1]!.record.fields).toMatchObject({ minutesAsleep: 35, minutesInBed: 40 });
    const levels = sink
      .of('SleepLevels')
      .map((l) => [l.record.tags.isMainSleep, l.record.fields.level, l.record.fields.duration_seconds]);
    expect(levels).toEqual([
      ['True', 1, 1800],
      ['True', 0, 1200],
      ['True', 2, 600],
      ['True', 3, 600],
      ['True', 1, 3600],
      ['False', 1, 2100],
      ['False', 3, 300],
    ]);
    const stagesFamily = report.families.find((f) => f.family.endsWith('UserSleepStages'))!;
    expect(stagesFamily.skipped[0]).toMatchObject({ reason: 'stage of a sleep not in UserSleeps', count: 1 });
    expect(stagesFamily.skipped[0]!.examples[0]).toMatch(/UserSleepStages_2025-06-01\.csv:9$/);
  });
});

describe('steps', () => {
  it('never sums sources: the tracker wins over the phone, and a phone-only day uses the phone', async () => {
    const { sink, report } = await importFresh({
      'Your Profile/Profile.csv': PROFILE_LONDON,
      'Paired Devices/Trackers.csv': TRACKERS,
      'Physical Activity_GoogleData/steps_2025-01-01.csv':
        'timestamp,steps,data source\n' +
        '2025-01-10T10:00:00Z,100,Charge 6\n2025-01-10T10:00:00Z,90,Pixel 8\n2025-01-10T10:01:00Z,50,Charge 6\n2025-01-10T10:01:00Z,45,Pixel 8\n' +
        '2025-01-10T11:00:00Z,70,Samsung Health via Health Connect\n' +
        '2025-01-11T09:00:00Z,30,Pixel 8\n2025-01-11T09:05:00Z,12,Pixel 8\n',
    });
    expect(sink.daily('Activity-steps')).toEqual(
      new Map([
        ['2025-01-10', 150],
        ['2025-01-11', 42],
      ]),
    );
    expect(sink.of('Steps_Intraday', '2025-01-10').every((r) => r.record.tags.Device === 'Charge 6')).toBe(
      true,
    );
    expect(sink.of('Activity-steps', '2025-01-11')[0]!.record.tags.Device).toBe('Pixel 8');
    const steps = report.families.find((f) => f.family === 'Physical Activity_GoogleData/steps')!;
    expect(steps.skipped.reduce((n, s) => n + s.count, 0)).toBe(3);
  });
});

describe('sentinels and placeholders', () => {
  it('drops SpO2 50.0, null resting-HR rows and placeholder future days, but keeps real data', async () => {
    const { sink, report } = await importFresh({
      'Your Profile/Profile.csv': PROFILE_LONDON,
      'Oxygen Saturation (SpO2)/Minute SpO2 - 2025-02-03.csv':
        'timestamp,value\n2025-02-03T02:00:00Z,96.5\n2025-02-03T02:01:00Z,50.0\n2025-02-03T02:02:00Z,95.0\n',
      'Oxygen Saturation (SpO2)/Daily SpO2 - 2025-02-01.csv':
        'timestamp,average_value,lower_bound,upper_bound\n2025-02-03T00:00:00Z,96.1,93.0,98.5\n2025-02-04T00:00:00Z,50.0,50.0,50.0\n',
      'Physical Activity_GoogleData/heart_rate_2025-02-03.csv': rows(
        'timestamp,beats per minute,data source\n',
        [['2025-02-03T12:00:00Z', 70]],
      ),
      'Global Export Data/resting_heart_rate-2025-02-01.json': JSON.stringify([
        { dateTime: '02/03/25 00:00:00', value: { date: '02/03/2025', value: 58.2, error: 6.1 } },
        { dateTime: '02/04/25 00:00:00', value: { date: null, value: 0, error: 0 } },
      ]),
      'Global Export Data/sedentary_minutes-2025-02-01.json': JSON.stringify([
        { dateTime: '02/02/25 00:00:00', value: '1440' },
        { dateTime: '02/03/25 00:00:00', value: '700' },
        { dateTime: '02/04/25 00:00:00', value: '1440' },
        { dateTime: '02/05/25 00:00:00', value: '1440' },
      ]),
      'Global Export Data/very_active_minutes-2025-02-01.json': JSON.stringify([
        { dateTime: '02/03/25 00:00:00', value: '12' },
        { dateTime: '02/04/25 00:00:00', value: '0' },
      ]),
    });
    expect(sink.of('SPO2_Intraday').map((r) => r.record.fields.value)).toEqual([96.5, 95]);
    expect(sink.of('SPO2_Daily').map((r) => [r.day, r.record.fields])).toEqual([
      ['2025-02-03', { avg: 96.1, max: 98.5, min: 93 }],
    ]);
    expect(sink.of('RestingHR').map((r) => [r.day, r.record.fields.value, r.record.time])).toEqual([
      ['2025-02-03', 58.2, '2025-02-03T12:00:00Z'],
    ]);
    // 02-02 is before the last real day (02-03): a genuine "not worn" day, kept. 02-04/05 are placeholders.
    expect([...sink.daily('Activity-minutesSedentary')]).toEqual([
      ['2025-02-02', 1440],
      ['2025-02-03', 700],
    ]);
    expect([...sink.daily('Activity-minutesVeryActive')]).toEqual([['2025-02-03', 12]]);
    const skipped = (family: string): Record<string, number> =>
      Object.fromEntries(
        report.families.find((f) => f.family === family)!.skipped.map((s) => [s.reason, s.count]),
      );
    expect(skipped('Oxygen Saturation (SpO2)/Minute SpO2')).toEqual({
      'SpO2 sentinel 50.0 or missing value': 1,
    });
    expect(skipped('Global Export Data/resting_heart_rate')).toEqual({
      'null resting heart rate placeholder': 1,
    });
    expect(skipped('Global Export Data/sedentary_minutes')).toEqual({ 'placeholder future day': 2 });
    // The sentinel-only SpO2 day was read: it is covered (empty), not missing.
    expect(sink.touched.has('spo2|2025-02-04')).toBe(true);
    expect(sink.touched.has('active-minutes|2025-02-05')).toBe(false);
  });
});

describe('empty files', () => {
  it('treats `no data` and header-only files as empty (not errors) and still covers the day in their name', async () => {
    const { sink, report } = await importFresh({
      'Physical Activity_GoogleData/heart_rate_2025-03-01.csv': 'no data',
      'Physical Activity_GoogleData/heart_rate_2025-03-02.csv': 'timestamp,beats per minute,data source\n',
      'Physical Activity_GoogleData/heart_rate_2025-03-03.csv': rows(
        'timestamp,beats per minute,data source\n',
        [['2025-03-03T10:00:00Z', 64]],
      ),
      'Global Export Data/steps-2025-03-04.json': 'no data',
      'Global Export Data/calories-2025-03-04.json': '[]',
    });
    expect(report.corruptFiles).toEqual([]);
    const hr = report.families.find((f) => f.family === 'Physical Activity_GoogleData/heart_rate')!;
    expect(hr).toMatchObject({ files: 3, emptyFiles: 2, records: 1, skipped: [] });
    expect(
      [
        'heart-rate|2025-03-01',
        'heart-rate|2025-03-02',
        'heart-rate|2025-03-03',
        'steps|2025-03-04',
        'calories|2025-03-04',
      ].every((k) => sink.touched.has(k)),
    ).toBe(true);
  });
});

describe('CSV twins over zone-less JSON', () => {
  const files = (): Record<string, string> => ({
    'Paired Devices/Trackers.csv': TRACKERS,
    'Physical Activity_GoogleData/heart_rate_2025-07-02.csv': rows(
      'timestamp,beats per minute,data source\n',
      [
        ['2025-07-02T08:00:00Z', 61],
        ['2025-07-02T08:00:05Z', 62],
      ],
    ),
    'Global Export Data/heart_rate-2025-07-01.json': JSON.stringify([
      { dateTime: '07/01/25 09:00:00', value: { bpm: 70, confidence: 2 } },
      { dateTime: '07/01/25 09:00:05', value: { bpm: 71, confidence: 2 } },
    ]),
    'Global Export Data/heart_rate-2025-07-02.json': JSON.stringify([
      { dateTime: '07/02/25 09:00:00', value: { bpm: 61, confidence: 2 } },
      { dateTime: '07/02/25 09:00:05', value: { bpm: 62, confidence: 2 } },
    ]),
  });

  it('uses the CSV for a day it covers, and JSON only for the other days, in the profile zone', async () => {
    const { sink, report } = await importFresh({
      ...files(),
      'Your Profile/Profile.csv': PROFILE_LONDON,
    });
    expect(sink.of('HeartRate_Intraday').map((r) => [r.day, r.record.time, r.record.fields.value])).toEqual([
      ['2025-07-02', '2025-07-02T08:00:00Z', 61],
      ['2025-07-02', '2025-07-02T08:00:05Z', 62],
      // 09:00 London summer time is 08:00 UTC
      ['2025-07-01', '2025-07-01T08:00:00Z', 70],
      ['2025-07-01', '2025-07-01T08:00:05Z', 71],
    ]);
    const json = report.families.find((f) => f.family === 'Global Export Data/heart_rate')!;
    expect(json.superseded).toBe(2);
    expect(json.timeRule).toContain('Europe/London (profile)');
    expect(report.zone).toEqual({ zone: 'Europe/London', source: 'profile' });
    expect(report.warnings).toEqual([]);
  });

  it('lets --timezone override the profile zone for zone-less JSON', async () => {
    const { sink, report } = await importFresh(
      { ...files(), 'Your Profile/Profile.csv': PROFILE_LONDON },
      { timezone: 'Asia/Tokyo' },
    );
    expect(sink.of('HeartRate_Intraday', '2025-07-01').map((r) => r.record.time)).toEqual([
      '2025-07-01T00:00:00Z',
      '2025-07-01T00:00:05Z',
    ]);
    expect(report.zone).toEqual({ zone: 'Asia/Tokyo', source: 'timezone-option' });
  });

  it('falls back to UTC with a warning when neither the profile nor --timezone names a zone', async () => {
    const { sink, report } = await importFresh(files());
    expect(sink.of('HeartRate_Intraday', '2025-07-01').map((r) => r.record.time)).toEqual([
      '2025-07-01T09:00:00Z',
      '2025-07-01T09:00:05Z',
    ]);
    expect(report.zone.source).toBe('default-utc');
    expect(report.warnings.join(' ')).toMatch(/--timezone/);
  });

  it('rejects an unknown --timezone with an actionable error', async () => {
    const dir = await tempDir();
    await writeExport(dir, files());
    await expect(importTakeout([dir], new MemorySink(), { timezone: 'Mars/Olympus' })).rejects.toMatchObject({
      code: 'invalid-input',
    });
  });
});
