import { describe, expect, it } from 'vitest';
import { heartRateCollector } from '../../../../../main/core/sources/google-health/collectors/heart-rate.js';
import {
  breathingRateCollector,
  restingHeartRateCollector,
  skinTemperatureCollector,
  vo2MaxCollector,
} from '../../../../../main/core/sources/google-health/collectors/daily-vitals.js';
import { hrvCollector } from '../../../../../main/core/sources/google-health/collectors/hrv.js';
import { spo2Collector } from '../../../../../main/core/sources/google-health/collectors/spo2.js';
import {
  bodyFatCollector,
  weightCollector,
} from '../../../../../main/core/sources/google-health/collectors/body.js';
import { SimHealthApi } from '../../../../harness/google-health-sim/in-process.js';
import { dailyPoint, samplePoint } from './points.js';
import { collectAll, collectDay, ctxOf, recordsOn } from './helpers.js';

describe('heart rate samples', () => {
  it('writes bpm from int64 strings at the sample instant on the sample’s own civil day', async () => {
    const api = new SimHealthApi();
    api.controls.addPoints(
      'heart-rate',
      samplePoint('heartRate', '2026-11-01T23:30:05Z', '-18000s', { beatsPerMinute: '61' }, 'Pixel Watch 3'),
      samplePoint('heartRate', '2026-11-01T23:30:05Z', '3600s', { beatsPerMinute: 58 }),
    );
    const batches = await collectAll(heartRateCollector, ctxOf(api), '2026-11-01', '2026-11-02');
    expect(recordsOn(batches, '2026-11-01')).toEqual([
      {
        measurement: 'HeartRate_Intraday',
        time: '2026-11-01T23:30:05Z',
        tags: { Device: 'Pixel Watch 3' },
        fields: { value: 61 },
      },
    ]);
    expect(recordsOn(batches, '2026-11-02').map((r) => r.fields.value)).toEqual([58]);
  });

  it('keeps points that arrive after their day was yielded (travel west) as a merge batch', async () => {
    const api = new SimHealthApi();
    // Newest physically, but at −08:00 it is still 2026-11-01 locally…
    api.controls.addPoints(
      'heart-rate',
      samplePoint('heartRate', '2026-11-02T03:00:00Z', '-28800s', { beatsPerMinute: '70' }),
      // …while this older point, recorded at +01:00 before the flight, is on 2026-11-02.
      samplePoint('heartRate', '2026-11-02T00:30:00Z', '3600s', { beatsPerMinute: '65' }),
    );
    const batches = await collectAll(heartRateCollector, { ...ctxOf(api), api }, '2026-11-01', '2026-11-02');
    expect(recordsOn(batches, '2026-11-02').map((r) => r.fields.value)).toEqual([65]);
    expect(recordsOn(batches, '2026-11-01').map((r) => r.fields.value)).toEqual([70]);
  });
});

describe('daily vitals', () => {
  it('stamps daily values at noon of their date in the account zone', async () => {
    const api = new SimHealthApi();
    api.controls.addPoints(
      'daily-resting-heart-rate',
      dailyPoint('dailyRestingHeartRate', '2026-07-01', { beatsPerMinute: '57' }),
    );
    api.controls.addPoints(
      'daily-respiratory-rate',
      dailyPoint('dailyRespiratoryRate', '2026-07-01', { breathsPerMinute: 14.2 }),
    );
    api.controls.addPoints(
      'daily-vo2-max',
      dailyPoint('dailyVo2Max', '2026-07-01', { vo2Max: 44.5, cardioFitnessLevel: 'GOOD' }),
    );
    const ctx = ctxOf(api, 'America/New_York');
    const rhr = recordsOn(
      await collectAll(restingHeartRateCollector, ctx, '2026-07-01', '2026-07-01'),
      '2026-07-01',
    );
    expect(rhr).toEqual([
      {
        measurement: 'RestingHR',
        time: '2026-07-01T16:00:00Z',
        tags: { Device: 'Charge 6' },
        fields: { value: 57 },
      },
    ]);
    expect(
      recordsOn(await collectAll(breathingRateCollector, ctx, '2026-07-01', '2026-07-01'), '2026-07-01')[0]
        ?.fields.value,
    ).toBe(14.2);
    expect(
      recordsOn(await collectAll(vo2MaxCollector, ctx, '2026-07-01', '2026-07-01'), '2026-07-01')[0]
        ?.measurement,
    ).toBe('VO2Max');
  });

  it('derives relative skin temperature as nightly − baseline', async () => {
    const api = new SimHealthApi();
    api.controls.addPoints(
      'daily-sleep-temperature-derivations',
      dailyPoint('dailySleepTemperatureDerivations', '2026-11-03', {
        nightlyTemperatureCelsius: 34.1,
        baselineTemperatureCelsius: 34.45,
      }),
    );
    const r = await collectDay(skinTemperatureCollector, api, '2026-11-03');
    expect(r[0]?.fields).toEqual({ baseline: 34.45, nightly: 34.1, nightlyRelative: -0.35 });
  });

  it('joins HRV and SpO2 daily summaries with their samples per day', async () => {
    const api = new SimHealthApi();
    api.controls.addPoints(
      'daily-heart-rate-variability',
      dailyPoint('dailyHeartRateVariability', '2026-11-03', {
        averageHeartRateVariabilityMilliseconds: 41.2,
        deepSleepRootMeanSquareOfSuccessiveDifferencesMilliseconds: 48,
      }),
    );
    api.controls.addPoints(
      'heart-rate-variability',
      samplePoint('heartRateVariability', '2026-11-03T02:05:00Z', '3600s', {
        rootMeanSquareOfSuccessiveDifferencesMilliseconds: 39.5,
        metadata: { lowFrequencyPower: 812.1, highFrequencyPower: 402 },
      }),
    );
    api.controls.addPoints(
      'daily-oxygen-saturation',
      dailyPoint('dailyOxygenSaturation', '2026-11-03', {
        averagePercentage: 95.4,
        lowerBoundPercentage: 92,
        upperBoundPercentage: 98,
      }),
    );
    api.controls.addPoints(
      'oxygen-saturation',
      samplePoint('oxygenSaturation', '2026-11-03T02:06:00Z', '3600s', { percentage: 96 }),
    );
    const hrv = recordsOn(
      await collectAll(hrvCollector, ctxOf(api), '2026-11-02', '2026-11-03'),
      '2026-11-03',
    );
    expect(hrv.map((r) => [r.measurement, r.fields])).toEqual([
      ['HRV', { dailyRmssd: 41.2, deepRmssd: 48 }],
      ['HRV_Intraday', { hf: 402, lf: 812.1, rmssd: 39.5 }],
    ]);
    const spo2 = await collectDay(spo2Collector, api, '2026-11-03');
    expect(spo2.map((r) => [r.measurement, r.fields])).toEqual([
      ['SPO2_Daily', { avg: 95.4, max: 98, min: 92 }],
      ['SPO2_Intraday', { value: 96 }],
    ]);
  });
});

describe('body', () => {
  it('converts grams to kg and tags the source', async () => {
    const api = new SimHealthApi();
    api.controls.addPoints(
      'weight',
      samplePoint('weight', '2026-11-03T06:13:26Z', '3600s', { weightGrams: '81234' }, 'Aria Air'),
      {
        dataSource: { recordingMethod: 'MANUAL' },
        weight: {
          sampleTime: { physicalTime: '2026-11-02T18:00:00Z', utcOffset: '3600s' },
          weightGrams: 80900.5,
        },
      },
    );
    api.controls.addPoints(
      'body-fat',
      samplePoint('bodyFat', '2026-11-03T06:13:26Z', '3600s', { percentage: 21.4 }, 'Aria Air'),
    );
    const w = await collectAll(weightCollector, ctxOf(api), '2026-11-02', '2026-11-03');
    expect(recordsOn(w, '2026-11-03')).toEqual([
      {
        measurement: 'Weight',
        time: '2026-11-03T06:13:26Z',
        tags: { Source: 'Aria Air' },
        fields: { weight_kg: 81.234 },
      },
    ]);
    expect(recordsOn(w, '2026-11-02')[0]?.tags.Source).toBe('manual');
    expect(recordsOn(w, '2026-11-02')[0]?.fields.weight_kg).toBe(80.9005);
    const bf = await collectAll(bodyFatCollector, ctxOf(api), '2026-11-03', '2026-11-03');
    expect(recordsOn(bf, '2026-11-03')[0]?.fields.value).toBe(21.4);
  });
});
