/**
 * Civil-day assignment of UTC samples: DST days are 23 h / 25 h long, and a trip moves the day
 * boundary mid-day; the offset comes from the data's own offset-bearing rows (UserSleeps,
 * UserExercises), never from the machine's zone.
 */
import { describe, expect, it } from 'vitest';
import type { MemorySink } from './memory-sink.js';
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

/** Hourly UTC stamps in [from, to). */
function hourly(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(from); t < Date.parse(to); t += 3_600_000)
    out.push(`${new Date(t).toISOString().slice(0, 19)}Z`);
  return out;
}

function countByDay(sink: MemorySink, measurement: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of sink.of(measurement)) m.set(r.day, (m.get(r.day) ?? 0) + 1);
  return m;
}

describe('civil days across DST', () => {
  it('gives the spring-forward day 23 hourly samples and the fall-back day 25, using offsets from the sleep log', async () => {
    const spring = hourly('2025-03-29T00:00:00Z', '2025-04-01T00:00:00Z');
    const fall = hourly('2025-10-25T00:00:00Z', '2025-10-28T00:00:00Z');
    const { sink, report } = await importFresh({
      'Paired Devices/Trackers.csv': TRACKERS,
      // No profile: the day boundaries can only come from the offsets in the sleep log.
      'Health Fitness Data_GoogleData/UserSleeps_2025-03-01.csv':
        SLEEPS_HEADER +
        '1,STAGES,400,20,+00:00,2025-03-28T23:00:00Z,+00:00,2025-03-29T06:30:00Z,Charge 6\n' +
        '2,STAGES,400,20,+00:00,2025-03-29T23:00:00Z,+01:00,2025-03-30T06:30:00Z,Charge 6\n' +
        '3,STAGES,400,20,+01:00,2025-03-30T22:00:00Z,+01:00,2025-03-31T05:30:00Z,Charge 6\n' +
        '4,STAGES,400,20,+01:00,2025-03-31T22:00:00Z,+01:00,2025-04-01T05:30:00Z,Charge 6\n' +
        '5,STAGES,400,20,+01:00,2025-10-24T22:00:00Z,+01:00,2025-10-25T05:30:00Z,Charge 6\n' +
        '6,STAGES,400,20,+01:00,2025-10-25T22:00:00Z,+00:00,2025-10-26T06:30:00Z,Charge 6\n' +
        '7,STAGES,400,20,+00:00,2025-10-26T23:00:00Z,+00:00,2025-10-27T06:30:00Z,Charge 6\n' +
        '8,STAGES,400,20,+00:00,2025-10-27T23:00:00Z,+00:00,2025-10-28T06:30:00Z,Charge 6\n',
      'Physical Activity_GoogleData/heart_rate_2025-03-29.csv': rows(
        HR_HEADER,
        [...spring, ...fall].map((t) => [t, 60]),
      ),
    });
    const perDay = countByDay(sink, 'HeartRate_Intraday');
    expect(perDay.get('2025-03-30')).toBe(23);
    expect(perDay.get('2025-10-26')).toBe(25);
    expect(perDay.get('2025-03-29')).toBe(24);
    expect(perDay.get('2025-10-27')).toBe(24);
    expect(report.zone.source).toBe('default-utc');
    expect(report.offsetObservations).toBeGreaterThan(0);
  });
});

describe('civil days while travelling', () => {
  it('switches the day boundary when the data shows the new offset (London → New York)', async () => {
    const { sink } = await importFresh({
      'Your Profile/Profile.csv': PROFILE_LONDON,
      'Paired Devices/Trackers.csv': TRACKERS,
      'Health Fitness Data_GoogleData/UserSleeps_2025-06-01.csv':
        SLEEPS_HEADER +
        '1,STAGES,400,20,+01:00,2025-06-09T22:00:00Z,+01:00,2025-06-10T05:30:00Z,Charge 6\n' +
        '2,STAGES,400,20,-04:00,2025-06-11T03:00:00Z,-04:00,2025-06-11T10:30:00Z,Charge 6\n',
      // A walk logged on arrival, with the New York offset.
      'Health Fitness Data_GoogleData/UserExercises_2025-06-01.csv':
        EXERCISES_HEADER + '9,2025-06-10T17:00:00Z,2025-06-10T17:20:00Z,-04:00,Walk,80,2000,1500000,95\n',
      'Physical Activity_GoogleData/steps/steps_2025-06-01.csv': rows(STEPS_HEADER, [
        ['2025-06-10T08:00:00Z', 100], // London 09:00 on the 10th
        ['2025-06-10T22:00:00Z', 200], // New York 18:00 on the 10th (London would say 23:00)
        ['2025-06-11T02:30:00Z', 300], // New York 22:30 on the 10th (London would say the 11th)
        ['2025-06-11T12:00:00Z', 400], // New York 08:00 on the 11th
      ]),
    });
    const daily = sink.daily('Activity-steps');
    expect(daily.get('2025-06-10')).toBe(600);
    expect(daily.get('2025-06-11')).toBe(400);
    // The exercise takes its own offset's day and keeps the real start instant.
    const walk = sink.of('ActivityRecords');
    expect(walk.map((r) => [r.day, r.record.time, r.record.tags.ActivityName])).toEqual([
      ['2025-06-10', '2025-06-10T17:00:00Z', 'Walk'],
    ]);
    expect(walk[0]!.record.fields).toMatchObject({ distance: 1.5, steps: 2000, duration: 1_200_000 });
  });

  it('stamps a daily value at 12:00 local of its day at the offset the data had (New York)', async () => {
    const { sink } = await importFresh({
      'Health Fitness Data_GoogleData/UserSleeps_2025-06-01.csv':
        SLEEPS_HEADER + '2,STAGES,400,20,-04:00,2025-06-12T03:00:00Z,-04:00,2025-06-12T10:30:00Z,Charge 6\n',
      'Physical Activity_GoogleData/daily_resting_heart_rate.csv': rows(
        'timestamp,beats per minute,data source\n',
        [['2025-06-12T00:00:00Z', 56.5]],
      ),
    });
    const rhr = sink.of('RestingHR');
    expect(rhr.map((r) => [r.day, r.record.time, r.record.fields.value])).toEqual([
      ['2025-06-12', '2025-06-12T16:00:00Z', 56.5],
    ]);
  });
});
