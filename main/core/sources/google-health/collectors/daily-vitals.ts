/**
 * One value per night or day from `daily-*` types: resting heart rate, breathing rate, skin
 * temperature (relative = nightly − 30-day baseline, °C) and VO2 max. Stamped at noon of the date.
 */
import { M } from '../../../model/data-types.js';
import { makeRecord } from '../../../model/record.js';
import { dailyCollector } from './factories.js';
import type { Collector } from './types.js';
import { num, round } from './values.js';

/** RestingHR. */
export const restingHeartRateCollector: Collector = dailyCollector({
  type: 'resting-heart-rate',
  scope: 'metrics',
  source: 'daily-resting-heart-rate',
  key: 'dailyRestingHeartRate',
  toRecord: (p, noon, device) =>
    makeRecord(M.restingHr, noon, { Device: device }, { value: num(p.beatsPerMinute) }),
});

/** BreathingRate (breaths per minute during the main sleep). */
export const breathingRateCollector: Collector = dailyCollector({
  type: 'breathing-rate',
  scope: 'metrics',
  source: 'daily-respiratory-rate',
  key: 'dailyRespiratoryRate',
  toRecord: (p, noon, device) =>
    makeRecord(M.breathingRate, noon, { Device: device }, { value: num(p.breathsPerMinute) }),
});

/** SkinTemperature: nightlyRelative = nightly − baseline, plus both absolute values. */
export const skinTemperatureCollector: Collector = dailyCollector({
  type: 'skin-temperature',
  scope: 'metrics',
  source: 'daily-sleep-temperature-derivations',
  key: 'dailySleepTemperatureDerivations',
  toRecord: (p, noon, device) => {
    const nightly = num(p.nightlyTemperatureCelsius);
    const baseline = num(p.baselineTemperatureCelsius);
    const relative =
      nightly !== undefined && baseline !== undefined ? round(nightly - baseline, 4) : undefined;
    return makeRecord(
      M.skinTemperature,
      noon,
      { Device: device },
      { nightlyRelative: relative, nightly, baseline },
    );
  },
});

/** VO2Max (ml/kg/min) from the daily cardio-fitness estimate. */
export const vo2MaxCollector: Collector = dailyCollector({
  type: 'vo2-max',
  scope: 'activity',
  source: 'daily-vo2-max',
  key: 'dailyVo2Max',
  toRecord: (p, noon, device) => makeRecord(M.vo2Max, noon, { Device: device }, { value: num(p.vo2Max) }),
});
