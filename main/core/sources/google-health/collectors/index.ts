/** The collector of every SyncBit data type (the engine's only entry point into payload shapes). */
import type { DataTypeId } from '../../../model/data-types.js';
import { activeMinutesCollector, activeZoneMinutesCollector } from './active-minutes.js';
import { distanceCollector, stepsCollector } from './activity.js';
import { bodyFatCollector, weightCollector } from './body.js';
import { caloriesCollector, elevationCollector, floorsCollector } from './daily-totals.js';
import {
  breathingRateCollector,
  restingHeartRateCollector,
  skinTemperatureCollector,
  vo2MaxCollector,
} from './daily-vitals.js';
import { devicesCollector } from './devices.js';
import { exerciseCollector } from './exercise.js';
import { heartRateZonesCollector } from './heart-rate-zones.js';
import { heartRateCollector } from './heart-rate.js';
import { hrvCollector } from './hrv.js';
import { sleepCollector } from './sleep.js';
import { spo2Collector } from './spo2.js';
import type { Collector } from './types.js';

export const COLLECTORS: Readonly<Record<DataTypeId, Collector>> = {
  steps: stepsCollector,
  distance: distanceCollector,
  calories: caloriesCollector,
  floors: floorsCollector,
  elevation: elevationCollector,
  'active-minutes': activeMinutesCollector,
  'active-zone-minutes': activeZoneMinutesCollector,
  'heart-rate-zones': heartRateZonesCollector,
  'heart-rate': heartRateCollector,
  'resting-heart-rate': restingHeartRateCollector,
  hrv: hrvCollector,
  'breathing-rate': breathingRateCollector,
  spo2: spo2Collector,
  'skin-temperature': skinTemperatureCollector,
  'vo2-max': vo2MaxCollector,
  weight: weightCollector,
  'body-fat': bodyFatCollector,
  sleep: sleepCollector,
  exercise: exerciseCollector,
  devices: devicesCollector,
};

export type { Collector, CollectContext, DayBatch, PlannedRequest, ScopeGroup } from './types.js';
