import { describe, expect, it } from 'vitest';
import { sleepCollector } from '../../../../../main/core/sources/google-health/collectors/sleep.js';
import { exerciseCollector } from '../../../../../main/core/sources/google-health/collectors/exercise.js';
import { devicesCollector } from '../../../../../main/core/sources/google-health/collectors/devices.js';
import { parseTcxTrackpoints } from '../../../../../main/core/sources/google-health/collectors/tcx.js';
import type { HealthDataPoint } from '../../../../../main/core/sources/google-health/api-types.js';
import { SimHealthApi } from '../../../../harness/google-health-sim/in-process.js';
import { collectAll, ctxOf, recordsOn } from './helpers.js';

function sleepPoint(
  start: string,
  end: string,
  offset: string,
  extra: Record<string, unknown>,
): HealthDataPoint {
  return {
    dataSource: { platform: 'FITBIT', device: { displayName: 'Charge 6' } },
    sleep: {
      interval: { startTime: start, endTime: end, startUtcOffset: offset, endUtcOffset: offset },
      ...extra,
    },
  };
}

describe('sleep collector', () => {
  it('puts a night on the day it ended, derives efficiency and stage minutes, and codes stages like CromWell', async () => {
    const api = new SimHealthApi();
    api.controls.addPoints(
      'sleep',
      sleepPoint('2026-11-02T22:10:00Z', '2026-11-03T05:40:00Z', '3600s', {
        type: 'STAGES',
        stages: [
          { startTime: '2026-11-02T22:10:00Z', endTime: '2026-11-02T22:40:00Z', type: 'LIGHT' },
          { startTime: '2026-11-02T22:40:00Z', endTime: '2026-11-02T23:30:00Z', type: 'DEEP' },
          { startTime: '2026-11-02T23:30:00Z', endTime: '2026-11-02T23:35:00Z', type: 'AWAKE' },
          { startTime: '2026-11-02T23:35:00Z', endTime: '2026-11-03T00:20:00Z', type: 'REM' },
        ],
        summary: {
          minutesAsleep: '405',
          minutesAwake: '45',
          minutesInSleepPeriod: '450',
          stagesSummary: [
            { type: 'LIGHT', minutes: '220', count: '20' },
            { type: 'DEEP', minutes: '80' },
            { type: 'REM', minutes: '105' },
            { type: 'AWAKE', minutes: '45' },
          ],
        },
        metadata: { mainSleep: true, nap: false },
      }),
      sleepPoint('2026-11-03T13:00:00Z', '2026-11-03T13:40:00Z', '3600s', {
        type: 'CLASSIC',
        stages: [{ startTime: '2026-11-03T13:00:00Z', endTime: '2026-11-03T13:40:00Z', type: 'RESTLESS' }],
        summary: { minutesAsleep: '30', minutesInSleepPeriod: '40' },
        metadata: { mainSleep: false, nap: true },
      }),
    );
    const batches = await collectAll(sleepCollector, ctxOf(api), '2026-11-02', '2026-11-03');
    expect(api.calls[0]?.pageSize).toBe(25);
    expect(api.calls[0]?.filter).toContain('sleep.interval.civil_end_time');
    expect(recordsOn(batches, '2026-11-02')).toEqual([]);
    const day = recordsOn(batches, '2026-11-03').sort((a, b) => (a.time < b.time ? -1 : 1));
    const summaries = day.filter((r) => r.measurement === 'SleepSummary');
    expect(summaries.map((s) => [s.time, s.tags.isMainSleep])).toEqual([
      ['2026-11-02T22:10:00Z', 'True'],
      ['2026-11-03T13:00:00Z', 'False'],
    ]);
    expect(summaries[0]?.fields).toEqual({
      endTime: '2026-11-03T05:40:00+00:00',
      efficiency: 90,
      minutesAsleep: 405,
      minutesAwake: 45,
      minutesDeep: 80,
      minutesInBed: 450,
      minutesLight: 220,
      minutesREM: 105,
    });
    expect(summaries[1]?.fields.efficiency).toBe(75);
    expect(summaries[1]?.fields.minutesRestless).toBe(40);
    const levels = day.filter((r) => r.measurement === 'SleepLevels');
    expect(levels.map((l) => [l.fields.level, l.fields.duration_seconds])).toEqual([
      [1, 1800],
      [0, 3000],
      [3, 300],
      [2, 2700],
      [2, 2400],
    ]);
  });
});

const TCX = `<?xml version="1.0"?><TrainingCenterDatabase><Activities><Activity Sport="Running"><Lap><Track>
<Trackpoint><Time>2026-11-01T07:00:00Z</Time><Position><LatitudeDegrees>52.52</LatitudeDegrees><LongitudeDegrees>13.405</LongitudeDegrees></Position><AltitudeMeters>34.2</AltitudeMeters><DistanceMeters>0</DistanceMeters><HeartRateBpm><Value>98</Value></HeartRateBpm></Trackpoint>
<Trackpoint><Time>2026-11-01T07:00:05Z</Time><Position><LatitudeDegrees>52.5201</LatitudeDegrees><LongitudeDegrees>13.4051</LongitudeDegrees></Position><DistanceMeters>14.1</DistanceMeters></Trackpoint>
<Trackpoint><Time>bad</Time></Trackpoint>
</Track></Lap></Activity></Activities></TrainingCenterDatabase>`;

function run(): HealthDataPoint {
  return {
    name: 'users/u/dataTypes/exercise/dataPoints/ex42',
    dataSource: { platform: 'FITBIT', device: { displayName: 'Charge 6' } },
    exercise: {
      interval: {
        startTime: '2026-11-01T07:00:00Z',
        endTime: '2026-11-01T07:45:00Z',
        startUtcOffset: '3600s',
        endUtcOffset: '3600s',
      },
      exerciseType: 'RUNNING',
      displayName: 'Morning run',
      activeDuration: '2580s',
      metricsSummary: {
        caloriesKcal: 512,
        distanceMillimeters: '8012000',
        steps: '7100',
        averageHeartRateBeatsPerMinute: '151',
        elevationGainMillimeters: '42000',
        activeZoneMinutes: '38',
      },
      exerciseMetadata: { hasGps: true },
    },
  };
}

describe('exercise collector', () => {
  it('writes ActivityRecords with converted units and, with the location scope, GPS from the TCX export', async () => {
    const api = new SimHealthApi();
    api.controls.addPoints('exercise', run());
    api.controls.setExerciseTcx('ex42', TCX);
    const batches = await collectAll(
      exerciseCollector,
      ctxOf(api, 'Europe/Berlin', ['activity', 'location']),
      '2026-11-01',
      '2026-11-01',
    );
    const day = recordsOn(batches, '2026-11-01');
    const rec = day.find((r) => r.measurement === 'ActivityRecords');
    expect(rec).toEqual({
      measurement: 'ActivityRecords',
      time: '2026-11-01T07:00:00Z',
      tags: { ActivityName: 'Morning run' },
      // Legacy activity-log names and units (formats.md §2): durations in ms, distance in km.
      fields: {
        activeDuration: 2_580_000,
        activeZoneMinutes: 38,
        averageHeartRate: 151,
        calories: 512,
        distance: 8.012,
        duration: 2_700_000,
        elevationGain: 42,
        originalDuration: 2_700_000,
        pace: 322.017,
        speed: 11.179535,
        steps: 7100,
      },
    });
    const gps = day.filter((r) => r.measurement === 'GPS');
    expect(gps).toHaveLength(2);
    expect(gps[0]).toEqual({
      measurement: 'GPS',
      time: '2026-11-01T07:00:00Z',
      tags: { ActivityID: '2026-11-01T07:00:00Z-Morning run' },
      fields: { altitude: 34.2, distance: 0, heart_rate: 98, lat: 52.52, lon: 13.405 },
    });
  });

  it('does not ask for TCX without the location scope', async () => {
    const api = new SimHealthApi();
    api.controls.addPoints('exercise', run());
    const batches = await collectAll(
      exerciseCollector,
      ctxOf(api, 'Europe/Berlin', ['activity']),
      '2026-11-01',
      '2026-11-01',
    );
    expect(api.calls.map((c) => c.method)).toEqual(['reconcile']);
    expect(recordsOn(batches, '2026-11-01').map((r) => r.measurement)).toEqual(['ActivityRecords']);
  });

  it('parses namespaced TCX too', () => {
    const pts = parseTcxTrackpoints(TCX.replace(/<(\/?)(Trackpoint|Time|LatitudeDegrees)/g, '<$1ns3:$2'));
    expect(pts.map((p) => p.lat)).toEqual([52.52, 52.5201]);
  });
});

describe('devices collector', () => {
  it('writes battery and last sync at the device’s last sync instant on that civil day (merge)', async () => {
    const api = new SimHealthApi();
    api.controls.setPairedDevices([
      {
        name: 'users/me/pairedDevices/abc',
        displayName: 'Charge 6',
        deviceType: 'TRACKER',
        batteryPercentage: '64',
        lastSyncTime: '2026-11-19T23:30:00Z',
      },
      { displayName: 'Aria Air', deviceType: 'SCALE' },
    ]);
    const batches = await collectAll(devicesCollector, ctxOf(api), '2026-11-20', '2026-11-20');
    expect(batches.every((b) => b.mode === 'merge')).toBe(true);
    const charge = recordsOn(batches, '2026-11-20').filter((r) => r.tags.Device === 'Charge 6');
    expect(charge.map((r) => [r.measurement, r.fields.value, r.tags.DeviceId])).toEqual([
      ['DeviceBatteryLevel', 64, 'abc'],
      ['DeviceLastSync', Date.parse('2026-11-19T23:30:00Z') / 1000, 'abc'],
    ]);
  });
});
