/**
 * The data types SyncBit knows: the union of both old tools plus what Takeout and the Google Health
 * API add. A data type is the unit of coverage (fetched/empty/failed/final per type per day) and
 * of replacement in the archive; each type owns the measurements listed here. The ids and labels
 * are shared with the window (common/data-types.ts).
 */

import { DATA_TYPE_IDS, DATA_TYPE_LABELS, type DataTypeId } from '../../../common/data-types.js';

export { DATA_TYPE_IDS, isDataTypeId, type DataTypeId } from '../../../common/data-types.js';

/** How a type's values are shaped in time. */
export type DataKind = 'intraday' | 'daily' | 'session' | 'sample';

export interface DataTypeInfo {
  readonly id: DataTypeId;
  readonly label: string;
  readonly kind: DataKind;
  /** Measurements (record names) this type writes; a measurement belongs to exactly one type. */
  readonly measurements: readonly string[];
  /** Days without data are normal (no weigh-in, no workout): a missing day is not a gap. */
  readonly sparse?: boolean;
}

/**
 * Measurement names. The CromWell names are kept exactly (formats.md §2); new ones follow the same
 * style. Fields and tags per measurement are documented in docs/records.md.
 */
export const M = {
  stepsIntraday: 'Steps_Intraday',
  steps: 'Activity-steps',
  distanceIntraday: 'Distance_Intraday',
  distance: 'Activity-distance',
  caloriesIntraday: 'Calories_Intraday',
  calories: 'Activity-calories',
  floors: 'Activity-floors',
  elevation: 'Activity-elevation',
  minutesSedentary: 'Activity-minutesSedentary',
  minutesLightlyActive: 'Activity-minutesLightlyActive',
  minutesFairlyActive: 'Activity-minutesFairlyActive',
  minutesVeryActive: 'Activity-minutesVeryActive',
  azm: 'ActiveZoneMinutes',
  hrZones: 'HR_Zones',
  hrZonesCalories: 'HR_Zones_Calories',
  heartRate: 'HeartRate_Intraday',
  restingHr: 'RestingHR',
  hrv: 'HRV',
  hrvIntraday: 'HRV_Intraday',
  breathingRate: 'BreathingRate',
  spo2Daily: 'SPO2_Daily',
  spo2Intraday: 'SPO2_Intraday',
  skinTemperature: 'SkinTemperature',
  vo2Max: 'VO2Max',
  weight: 'Weight',
  bodyFat: 'BodyFat',
  sleepSummary: 'SleepSummary',
  sleepLevels: 'SleepLevels',
  activityRecords: 'ActivityRecords',
  gps: 'GPS',
  deviceBattery: 'DeviceBatteryLevel',
  deviceLastSync: 'DeviceLastSync',
} as const;

export const DATA_TYPES: Readonly<Record<DataTypeId, DataTypeInfo>> = {
  steps: {
    id: 'steps',
    label: DATA_TYPE_LABELS.steps,
    kind: 'intraday',
    measurements: [M.stepsIntraday, M.steps],
  },
  distance: {
    id: 'distance',
    label: DATA_TYPE_LABELS.distance,
    kind: 'intraday',
    measurements: [M.distanceIntraday, M.distance],
  },
  calories: {
    id: 'calories',
    label: DATA_TYPE_LABELS.calories,
    kind: 'intraday',
    measurements: [M.caloriesIntraday, M.calories],
  },
  floors: { id: 'floors', label: DATA_TYPE_LABELS.floors, kind: 'daily', measurements: [M.floors] },
  elevation: {
    id: 'elevation',
    label: DATA_TYPE_LABELS.elevation,
    kind: 'daily',
    measurements: [M.elevation],
  },
  'active-minutes': {
    id: 'active-minutes',
    label: DATA_TYPE_LABELS['active-minutes'],
    kind: 'daily',
    measurements: [M.minutesSedentary, M.minutesLightlyActive, M.minutesFairlyActive, M.minutesVeryActive],
  },
  'active-zone-minutes': {
    id: 'active-zone-minutes',
    label: DATA_TYPE_LABELS['active-zone-minutes'],
    kind: 'daily',
    measurements: [M.azm],
    sparse: true,
  },
  'heart-rate-zones': {
    id: 'heart-rate-zones',
    label: DATA_TYPE_LABELS['heart-rate-zones'],
    kind: 'daily',
    measurements: [M.hrZones, M.hrZonesCalories],
  },
  'heart-rate': {
    id: 'heart-rate',
    label: DATA_TYPE_LABELS['heart-rate'],
    kind: 'intraday',
    measurements: [M.heartRate],
  },
  'resting-heart-rate': {
    id: 'resting-heart-rate',
    label: DATA_TYPE_LABELS['resting-heart-rate'],
    kind: 'daily',
    measurements: [M.restingHr],
  },
  hrv: { id: 'hrv', label: DATA_TYPE_LABELS.hrv, kind: 'daily', measurements: [M.hrv, M.hrvIntraday] },
  'breathing-rate': {
    id: 'breathing-rate',
    label: DATA_TYPE_LABELS['breathing-rate'],
    kind: 'daily',
    measurements: [M.breathingRate],
  },
  spo2: {
    id: 'spo2',
    label: DATA_TYPE_LABELS.spo2,
    kind: 'daily',
    measurements: [M.spo2Daily, M.spo2Intraday],
  },
  'skin-temperature': {
    id: 'skin-temperature',
    label: DATA_TYPE_LABELS['skin-temperature'],
    kind: 'daily',
    measurements: [M.skinTemperature],
  },
  'vo2-max': { id: 'vo2-max', label: DATA_TYPE_LABELS['vo2-max'], kind: 'daily', measurements: [M.vo2Max] },
  weight: {
    id: 'weight',
    label: DATA_TYPE_LABELS.weight,
    kind: 'sample',
    measurements: [M.weight],
    sparse: true,
  },
  'body-fat': {
    id: 'body-fat',
    label: DATA_TYPE_LABELS['body-fat'],
    kind: 'sample',
    measurements: [M.bodyFat],
    sparse: true,
  },
  sleep: {
    id: 'sleep',
    label: DATA_TYPE_LABELS.sleep,
    kind: 'session',
    measurements: [M.sleepSummary, M.sleepLevels],
  },
  exercise: {
    id: 'exercise',
    label: DATA_TYPE_LABELS.exercise,
    kind: 'session',
    measurements: [M.activityRecords, M.gps],
    sparse: true,
  },
  devices: {
    id: 'devices',
    label: DATA_TYPE_LABELS.devices,
    kind: 'sample',
    measurements: [M.deviceBattery, M.deviceLastSync],
    sparse: true,
  },
};

const MEASUREMENT_TO_TYPE = new Map<string, DataTypeId>(
  DATA_TYPE_IDS.flatMap((id) => DATA_TYPES[id].measurements.map((m) => [m, id] as const)),
);

/** The data type that owns a measurement, or undefined for a name SyncBit does not know. */
export function typeOfMeasurement(measurement: string): DataTypeId | undefined {
  return MEASUREMENT_TO_TYPE.get(measurement);
}

/** Sleep stage codes as CromWell wrote them in `SleepLevels.level`. */
export const SLEEP_LEVEL_CODE = {
  deep: 0,
  light: 1,
  rem: 2,
  wake: 3,
  asleep: 1,
  restless: 2,
  awake: 3,
} as const;
