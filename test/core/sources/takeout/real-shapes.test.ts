/**
 * Exports shaped like the real ones (google-health-api.md §6.7): numbered legacy exercise pages,
 * Health Connect / HealthKit mirror rows, duplicate families, body_fat CSVs, microsecond
 * timestamps, `NaN`, the 5-column daily SpO2 and readiness headers, Profile.csv, gps_location
 * tracks, and a trip whose day boundary must move once for every family.
 */
import { describe, expect, it } from 'vitest';
import {
  EXERCISES_HEADER,
  HR_HEADER,
  PROFILE_LONDON,
  SLEEPS_HEADER,
  STEPS_HEADER,
  TRACKERS,
  rows,
  useFreshImport,
} from './fixture.js';

const importFresh = useFreshImport();

const PA = 'Physical Activity_GoogleData';

const exerciseLog = (id: number, start: string, name: string): string =>
  JSON.stringify({
    logId: id,
    activityName: name,
    activityTypeId: 90009,
    startTime: start,
    duration: 1_800_000,
    activeDuration: 1_800_000,
    calories: 300,
    steps: 4000,
    distance: 5,
    distanceUnit: 'Kilometer',
    averageHeartRate: 150,
  });

describe('legacy exercise pages', () => {
  it('reads numbered pages (exercise-0.json, exercise-100.json) and names a truncated page', async () => {
    const { sink, report } = await importFresh({
      'Your Profile/Profile.csv': PROFILE_LONDON,
      'Global Export Data/exercise-0.json': `[${exerciseLog(1, '01/10/24 08:00:00', 'Run')},${exerciseLog(2, '01/11/24 18:00:00', 'Walk')}]`,
      'Global Export Data/exercise-100.json': `[${exerciseLog(101, '03/05/24 07:30:00', 'Bike')}]`,
      'Global Export Data/exercise-200.json': `[${exerciseLog(201, '04/01/24 07:30:00', 'Swim')},{"logId":202,"activityN`,
    });
    expect(sink.of('ActivityRecords').map((r) => [r.day, r.record.tags.ActivityName])).toEqual([
      ['2024-01-10', 'Run'],
      ['2024-01-11', 'Walk'],
      ['2024-03-05', 'Bike'],
      ['2024-04-01', 'Swim'],
    ]);
    expect(report.corruptFiles.map((c) => c.file.split('/').pop())).toEqual(['exercise-200.json']);
    expect(report.families.find((f) => f.family === 'Global Export Data/exercise')?.files).toBe(3);
  });
});

describe('mirror sources', () => {
  it('drops Health Connect / HealthKit mirror rows in heart rate, steps and daily families', async () => {
    const samples: [string, number][] = [
      ['2025-01-02T10:00:00Z', 61],
      ['2025-01-02T10:00:05Z', 62],
      ['2025-01-02T10:00:10Z', 63],
    ];
    const { sink, report } = await importFresh({
      'Paired Devices/Trackers.csv': TRACKERS,
      [`${PA}/heart_rate_2025-01-02.csv`]:
        rows(HR_HEADER, samples) +
        rows('', samples, 'Apple Health Health Kit') +
        rows('', samples, 'Pixel Watch Health Connect'),
      // Only a mirror on the 3rd: kept, and said so.
      [`${PA}/heart_rate_2025-01-03.csv`]: rows(
        HR_HEADER,
        [['2025-01-03T09:00:00Z', 70]],
        'Phone Health Kit',
      ),
      [`${PA}/heart_rate_2025-01-04.csv`]: rows(HR_HEADER, [['2025-01-04T09:00:00Z', 71]]),
      [`${PA}/steps_2025-01-02.csv`]:
        rows(STEPS_HEADER, [['2025-01-02T10:00:00Z', 50]]) +
        rows('', [['2025-01-02T10:00:00Z', 50]], 'Fitbit App Health Connect'),
      [`${PA}/daily_resting_heart_rate.csv`]:
        rows(
          'timestamp,beats per minute,data source\n',
          [['2025-01-02T00:00:00Z', 55]],
          'Apple Health Health Kit',
        ) +
        rows('', [['2025-01-02T00:00:00Z', 54]]) +
        rows('', [['2025-01-03T00:00:00Z', 56]], 'Phone Health Kit'),
    });
    const hr = sink.of('HeartRate_Intraday');
    expect(hr.map((r) => [r.day, r.record.time, r.record.tags.Device]).sort()).toEqual([
      ['2025-01-02', '2025-01-02T10:00:00Z', 'Charge 6'],
      ['2025-01-02', '2025-01-02T10:00:05Z', 'Charge 6'],
      ['2025-01-02', '2025-01-02T10:00:10Z', 'Charge 6'],
      ['2025-01-03', '2025-01-03T09:00:00Z', 'Phone Health Kit'],
      ['2025-01-04', '2025-01-04T09:00:00Z', 'Charge 6'],
    ]);
    expect(sink.daily('Activity-steps').get('2025-01-02')).toBe(50);
    expect([...sink.daily('RestingHR')]).toEqual([
      ['2025-01-02', 54],
      ['2025-01-03', 56],
    ]);
    const hrFamily = report.families.find((f) => f.family === `${PA}/heart_rate`);
    expect(hrFamily?.mirrorOnlyDays).toBe(1);
    expect(hrFamily?.mirrorOnlyExamples).toEqual(['2025-01-03 (Phone Health Kit)']);
    expect(hrFamily?.skipped.find((s) => s.reason.startsWith('mirror'))?.count).toBe(6);
    expect(report.families.find((f) => f.family === `${PA}/daily_resting_heart_rate`)?.mirrorOnlyDays).toBe(
      1,
    );
  });
});

describe('duplicate families', () => {
  it('keeps one resting heart rate and one VO2 max per day from the twin CSVs', async () => {
    const { sink } = await importFresh({
      [`${PA}/daily_resting_heart_rate.csv`]: rows(HR_HEADER, [
        ['2025-02-01T00:00:00Z', '51.0'],
        ['2025-02-02T00:00:00Z', '52.0'],
      ]),
      [`${PA}/resting_heart_rate.csv`]: rows(HR_HEADER, [
        ['2025-02-01T00:00:00Z', 51],
        ['2025-02-02T00:00:00Z', 52],
        ['2025-02-03T00:00:00Z', 53],
      ]),
      [`${PA}/daily_vo2_max.csv`]: rows('timestamp,vo2 max,data source\n', [['2025-02-01T00:00:00Z', 44.5]]),
      [`${PA}/vo2_max.csv`]: rows('timestamp,vo2 max,data source\n', [
        ['2025-02-01T00:00:00Z', 44.5],
        ['2025-02-02T00:00:00Z', 44.6],
      ]),
      'Global Export Data/demographic_vo2_max-2025-02-01.json':
        '[{"dateTime":"02/01/25 00:00:00","value":{"demographicVO2Max":44.5,"filteredDemographicVO2Max":44.5}}]',
    });
    expect(sink.of('RestingHR').map((r) => [r.day, r.record.fields.value])).toEqual([
      ['2025-02-01', 51],
      ['2025-02-02', 52],
      ['2025-02-03', 53],
    ]);
    expect(sink.of('VO2Max').map((r) => [r.day, r.record.fields.value])).toEqual([
      ['2025-02-01', 44.5],
      ['2025-02-02', 44.6],
    ]);
  });
});

describe('formats of real exports', () => {
  it('reads body_fat CSVs, microsecond timestamps, NaN as absent, 5-column SpO2, readiness and Profile.csv', async () => {
    const { sink, report } = await importFresh({
      'Your Profile/Profile.csv':
        'id,first_name,date_of_birth,sex,height,weight,timezone,weight_unit\nA,Sam,1980-01-01,FEMALE,170,65,America/New_York,KILOGRAM\n',
      [`${PA}/body_fat_2025-03-01.csv`]:
        'timestamp,body fat percentage,data source\n2025-03-01T12:10:09.096319Z,24.5,Renpho Fitbit 3P Web API\n2025-03-02T12:10:09Z,NaN,Renpho Fitbit 3P Web API\n',
      [`${PA}/heart_rate_2025-03-01.csv`]: `${HR_HEADER}2025-03-01T15:00:09.096319Z,61,Charge 6\n2025-03-01T15:00:14.5Z,NaN,Charge 6\n`,
      [`${PA}/daily_oxygen_saturation.csv`]:
        'timestamp,average percentage,lower bound percentage,upper bound percentage,baseline percentage,standard deviation percentage,data source\n2025-03-01T00:00:00Z,96.1,94,98.5,96,0.8,Charge 6\n',
      'Daily Readiness/Daily Readiness Score - 2025-03-01.csv':
        'timestamp,score,type,readiness level,sleep readiness,heart rate variability readiness,resting heart rate readiness\n2025-03-01,71,AUTO,HIGH,80,70,65\n',
      [`${PA}/daily_readiness_2025-03-01.csv`]:
        'timestamp,score,type,readiness level,sleep readiness,heart rate variability readiness,resting heart rate readiness,data source\n2025-03-01,71,AUTO,HIGH,80,70,65,Charge 6\n',
    });
    expect(report.corruptFiles).toEqual([]);
    expect(report.zone).toEqual({ zone: 'America/New_York', source: 'profile' });
    expect(sink.of('BodyFat').map((r) => [r.day, r.record.time, r.record.fields.value])).toEqual([
      ['2025-03-01', '2025-03-01T12:10:09.096Z', 24.5],
    ]);
    expect(sink.of('HeartRate_Intraday').map((r) => r.record.time)).toEqual(['2025-03-01T15:00:09.096Z']);
    expect(sink.of('SPO2_Daily').map((r) => r.record.fields)).toEqual([{ avg: 96.1, max: 98.5, min: 94 }]);
  });
});

describe('gps_location', () => {
  it('turns 1 Hz points into GPS records of the exercise they belong to', async () => {
    const { sink, report } = await importFresh({
      'Health Fitness Data_GoogleData/UserExercises_2025-06-01.csv':
        EXERCISES_HEADER + '9,2025-06-10T07:00:00Z,2025-06-10T07:30:00Z,+01:00,Run,300,4000,5000000,150\n',
      'Global Export Data/exercise-0.json': `[${exerciseLog(5, '06/12/25 08:00:00', 'Walk')}]`,
      [`${PA}/gps_location_2025-06-10.csv`]:
        'timestamp,latitude,longitude,altitude,data source\n' +
        '2025-06-10T07:00:00Z,51.5000,-0.1200,20.5,Charge 6\n' +
        '2025-06-10T07:00:01Z,51.5001,-0.1200,20.7,Charge 6\n' +
        '2025-06-10T07:00:02Z,51.5002,-0.1200,NaN,Charge 6\n' +
        '2025-06-10T09:00:00Z,51.6000,-0.1200,20,Charge 6\n' +
        '2025-06-12T08:10:00Z,51.7000,-0.1200,30,Charge 6\n',
    });
    const gps = sink.of('GPS');
    expect(
      gps.map((r) => [r.day, r.record.time, r.record.tags.ActivityID, r.record.fields.distance]),
    ).toEqual([
      ['2025-06-10', '2025-06-10T07:00:00Z', '2025-06-10T07:00:00Z-Run', 0],
      ['2025-06-10', '2025-06-10T07:00:01Z', '2025-06-10T07:00:00Z-Run', 11.12],
      ['2025-06-10', '2025-06-10T07:00:02Z', '2025-06-10T07:00:00Z-Run', 22.24],
      ['2025-06-12', '2025-06-12T08:10:00Z', '2025-06-12T08:00:00Z-Walk', 0],
    ]);
    expect(gps[0]?.record.fields).toEqual({ lat: 51.5, lon: -0.12, altitude: 20.5, distance: 0 });
    expect(gps[2]?.record.fields.altitude).toBeUndefined();
    // The ActivityID names the same start as the exercise's ActivityRecords record.
    const starts = sink
      .of('ActivityRecords')
      .map((r) => `${r.record.time}-${r.record.tags.ActivityName ?? ''}`);
    expect(new Set(gps.map((r) => r.record.tags.ActivityID))).toEqual(new Set(starts));
    const fam = report.families.find((f) => f.family === `${PA}/gps_location`);
    expect(fam?.skipped.map((s) => [s.reason, s.count])).toEqual([['GPS point outside every exercise', 1]]);
  });
});

describe('a trip', () => {
  it('moves the day boundary once, at the same instant for heart rate, steps and calories', async () => {
    // London (+01:00) until the 5th, then New York (-04:00) from the 9th: no log in between.
    const instants = [
      '2025-06-06T23:30:00Z',
      '2025-06-07T23:30:00Z',
      '2025-06-08T23:30:00Z',
      '2025-06-09T12:00:00Z',
    ];
    const { sink, report } = await importFresh({
      'Health Fitness Data_GoogleData/UserSleeps_2025-06-01.csv':
        SLEEPS_HEADER +
        '1,STAGES,400,20,+01:00,2025-06-04T22:00:00Z,+01:00,2025-06-05T05:30:00Z,Charge 6\n' +
        '2,STAGES,400,20,-04:00,2025-06-09T03:00:00Z,-04:00,2025-06-09T10:30:00Z,Charge 6\n',
      [`${PA}/heart_rate_2025-06-06.csv`]: rows(
        HR_HEADER,
        instants.map((t) => [t, 60]),
      ),
      [`${PA}/steps_2025-06-06.csv`]: rows(
        STEPS_HEADER,
        instants.map((t) => [t, 10]),
      ),
      [`${PA}/calories_2025-06-06.csv`]: rows(
        'timestamp,calories,data source\n',
        instants.map((t) => [t, 1.5]),
      ),
    });
    const dayOf = (m: string): string[] => sink.of(m).map((r) => `${r.record.time} ${r.day}`);
    const expected = [
      '2025-06-06T23:30:00Z 2025-06-07', // still London: 00:30 on the 7th
      '2025-06-07T23:30:00Z 2025-06-08',
      '2025-06-08T23:30:00Z 2025-06-09', // the first New York log is later: still London
      '2025-06-09T12:00:00Z 2025-06-09', // New York 08:00
    ];
    expect(dayOf('HeartRate_Intraday')).toEqual(expected);
    expect(dayOf('Steps_Intraday')).toEqual(expected);
    expect(dayOf('Calories_Intraday')).toEqual(expected);
    expect(report.dayBoundaryRule).toMatch(/moves once, for every family alike/);
  });
});
