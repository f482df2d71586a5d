/**
 * The data types SyncBit knows, as both sides of the app name them: the ids (the unit of coverage
 * and of re-fetching) and the labels people read. What each type writes to the archive is the
 * core's business (main/core/model/data-types.ts builds on these ids).
 */

export const DATA_TYPE_IDS = [
  'steps',
  'distance',
  'calories',
  'floors',
  'elevation',
  'active-minutes',
  'active-zone-minutes',
  'heart-rate-zones',
  'heart-rate',
  'resting-heart-rate',
  'hrv',
  'breathing-rate',
  'spo2',
  'skin-temperature',
  'vo2-max',
  'weight',
  'body-fat',
  'sleep',
  'exercise',
  'devices',
] as const;

export type DataTypeId = (typeof DATA_TYPE_IDS)[number];

/** The name of each data type in the UI, the CLI and messages. */
export const DATA_TYPE_LABELS: Readonly<Record<DataTypeId, string>> = {
  steps: 'Steps',
  distance: 'Distance',
  calories: 'Calories',
  floors: 'Floors',
  elevation: 'Elevation gain',
  'active-minutes': 'Active minutes',
  'active-zone-minutes': 'Active Zone Minutes',
  'heart-rate-zones': 'Heart rate zones',
  'heart-rate': 'Heart rate',
  'resting-heart-rate': 'Resting heart rate',
  hrv: 'Heart rate variability',
  'breathing-rate': 'Breathing rate',
  spo2: 'SpO2',
  'skin-temperature': 'Skin temperature',
  'vo2-max': 'VO2 max',
  weight: 'Weight',
  'body-fat': 'Body fat',
  sleep: 'Sleep',
  exercise: 'Exercise',
  devices: 'Devices',
};

/** Narrows a string (CLI flag, IPC payload) to a known data type id. */
export function isDataTypeId(s: string): s is DataTypeId {
  return (DATA_TYPE_IDS as readonly string[]).includes(s);
}
