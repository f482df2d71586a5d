/**
 * The Victoria Metrics catalogue: every metric SyncBit writes. The first block keeps the old
 * Python SyncBit's names exactly (existing Grafana panels query them); the rest names the data the
 * old tool never had, in the same style. docs/metrics.md documents this list and a test keeps the
 * two in step.
 */

/** `daily`: one sample per civil day stamped at the day's 12:00 local; `instant`: at the data's real instant. */
export type MetricKind = 'daily' | 'instant';

export interface MetricInfo {
  readonly name: string;
  readonly kind: MetricKind;
  readonly unit: string;
  /** Labels besides `user` (always present). */
  readonly labels: readonly string[];
  /** Record measurement(s) and field(s) the value comes from (docs/records.md). */
  readonly source: string;
}

const d = (name: string, unit: string, labels: readonly string[], source: string): MetricInfo => ({
  name,
  kind: 'daily',
  unit,
  labels,
  source,
});
const i = (name: string, unit: string, labels: readonly string[], source: string): MetricInfo => ({
  name,
  kind: 'instant',
  unit,
  labels,
  source,
});
const DEV = ['device'] as const;
/** Exercise and GPS series: the day's tracker (records name no device) and the session. */
const EX = ['device', 'activity'] as const;
const GPS = ['device', 'activity_id'] as const;

/** All metrics, old names first. */
export const METRICS: readonly MetricInfo[] = [
  // ── the old tool's names (formats.md §1), unchanged ──
  d('fitbit_steps_total', 'steps', DEV, 'Activity-steps.value'),
  d('fitbit_distance_km', 'km', DEV, 'Activity-distance.value'),
  d('fitbit_calories_total', 'kcal (BMR included)', DEV, 'Activity-calories.value'),
  d(
    'fitbit_active_minutes',
    'minutes',
    ['device', 'type'],
    'Activity-minutesSedentary|LightlyActive|FairlyActive|VeryActive.value',
  ),
  d('fitbit_floors_total', 'floors', DEV, 'Activity-floors.value'),
  d('fitbit_elevation_meters', 'm', DEV, 'Activity-elevation.value'),
  d('fitbit_resting_heart_rate_bpm', 'bpm', DEV, 'RestingHR.value'),
  d('fitbit_heart_rate_zone_minutes', 'minutes', ['device', 'zone'], 'HR_Zones.<zone>'),
  d('fitbit_heart_rate_zone_calories', 'kcal', ['device', 'zone'], 'HR_Zones_Calories.<zone>'),
  d(
    'fitbit_sleep_minutes_total',
    'minutes',
    DEV,
    'sum of SleepSummary.minutesAsleep over the day’s sessions',
  ),
  d(
    'fitbit_sleep_stage_minutes',
    'minutes',
    ['device', 'stage'],
    'sum of SleepSummary.minutesDeep|Light|REM|Awake|Restless',
  ),
  d('fitbit_spo2_avg_percent', '%', DEV, 'SPO2_Daily.avg'),
  d('fitbit_spo2_min_percent', '%', DEV, 'SPO2_Daily.min'),
  d('fitbit_spo2_max_percent', '%', DEV, 'SPO2_Daily.max'),
  d('fitbit_breathing_rate_bpm', 'breaths/min', DEV, 'BreathingRate.value'),
  d('fitbit_hrv_rmssd_ms', 'ms', DEV, 'HRV.dailyRmssd'),
  d('fitbit_vo2_max', 'ml/kg/min', DEV, 'VO2Max.value'),
  d('fitbit_temp_skin_relative_celsius', '°C vs baseline', DEV, 'SkinTemperature.nightlyRelative'),
  i('fitbit_device_battery_percent', '%', ['device', 'device_id', 'device_type'], 'DeviceBatteryLevel.value'),
  i(
    'fitbit_device_last_sync_timestamp',
    'epoch seconds',
    ['device', 'device_id', 'device_type'],
    'DeviceLastSync.value',
  ),
  i('fitbit_steps_intraday', 'steps/min', DEV, 'Steps_Intraday.value'),
  i('fitbit_calories_intraday', 'kcal/min', DEV, 'Calories_Intraday.value'),
  i('fitbit_distance_intraday', 'km/min', DEV, 'Distance_Intraday.value'),
  i('fitbit_heart_rate_intraday', 'bpm', DEV, 'HeartRate_Intraday.value'),
  // ── new in SyncBit, same style ──
  d('fitbit_active_zone_minutes', 'AZM', ['device', 'zone'], 'ActiveZoneMinutes.fatBurn|cardio|peak'),
  d('fitbit_active_zone_minutes_total', 'AZM', DEV, 'ActiveZoneMinutes.total'),
  d('fitbit_hrv_deep_rmssd_ms', 'ms', DEV, 'HRV.deepRmssd'),
  d('fitbit_vo2_max_low', 'ml/kg/min', DEV, 'VO2Max.low'),
  d('fitbit_vo2_max_high', 'ml/kg/min', DEV, 'VO2Max.high'),
  d('fitbit_temp_skin_nightly_celsius', '°C', DEV, 'SkinTemperature.nightly'),
  d('fitbit_temp_skin_baseline_celsius', '°C', DEV, 'SkinTemperature.baseline'),
  d('fitbit_sleep_in_bed_minutes_total', 'minutes', DEV, 'sum of SleepSummary.minutesInBed'),
  d('fitbit_sleep_sessions', 'sessions', DEV, 'count of SleepSummary records of the day'),
  i(
    'fitbit_sleep_session_asleep_minutes',
    'minutes',
    ['device', 'is_main_sleep'],
    'SleepSummary.minutesAsleep',
  ),
  i(
    'fitbit_sleep_session_in_bed_minutes',
    'minutes',
    ['device', 'is_main_sleep'],
    'SleepSummary.minutesInBed',
  ),
  i('fitbit_sleep_session_efficiency_percent', '%', ['device', 'is_main_sleep'], 'SleepSummary.efficiency'),
  i(
    'fitbit_sleep_level',
    'code (deep 0, light 1, rem 2, wake 3; classic asleep 1, restless 2, awake 3)',
    ['device', 'is_main_sleep'],
    'SleepLevels.level',
  ),
  i('fitbit_sleep_level_duration_seconds', 's', ['device', 'is_main_sleep'], 'SleepLevels.duration_seconds'),
  i('fitbit_hrv_intraday_rmssd_ms', 'ms', DEV, 'HRV_Intraday.rmssd'),
  i('fitbit_hrv_intraday_coverage', 'ratio 0..1', DEV, 'HRV_Intraday.coverage'),
  i('fitbit_hrv_intraday_lf', 'ms²', DEV, 'HRV_Intraday.lf'),
  i('fitbit_hrv_intraday_hf', 'ms²', DEV, 'HRV_Intraday.hf'),
  i('fitbit_spo2_intraday_percent', '%', DEV, 'SPO2_Intraday.value'),
  i('fitbit_weight_kg', 'kg', ['device', 'source'], 'Weight.weight_kg'),
  i('fitbit_bmi', 'kg/m²', ['device', 'source'], 'Weight.bmi'),
  i('fitbit_body_fat_percent', '%', ['device', 'source'], 'BodyFat.value'),
  i('fitbit_exercise_duration_seconds', 's', EX, 'ActivityRecords.duration (ms) / 1000'),
  i('fitbit_exercise_active_duration_seconds', 's', EX, 'ActivityRecords.activeDuration (ms) / 1000'),
  i('fitbit_exercise_calories', 'kcal', EX, 'ActivityRecords.calories'),
  i('fitbit_exercise_steps', 'steps', EX, 'ActivityRecords.steps'),
  i('fitbit_exercise_distance_km', 'km', EX, 'ActivityRecords.distance'),
  i('fitbit_exercise_speed_kmh', 'km/h', EX, 'ActivityRecords.speed'),
  i('fitbit_exercise_pace_seconds_per_km', 's/km', EX, 'ActivityRecords.pace'),
  i('fitbit_exercise_average_heart_rate_bpm', 'bpm', EX, 'ActivityRecords.averageHeartRate'),
  i('fitbit_exercise_elevation_gain_meters', 'm', EX, 'ActivityRecords.elevationGain'),
  i('fitbit_exercise_active_zone_minutes', 'AZM', EX, 'ActivityRecords.activeZoneMinutes'),
  i('fitbit_gps_latitude_degrees', '°', GPS, 'GPS.lat'),
  i('fitbit_gps_longitude_degrees', '°', GPS, 'GPS.lon'),
  i('fitbit_gps_altitude_meters', 'm', GPS, 'GPS.altitude'),
  i('fitbit_gps_distance_meters', 'm (cumulative)', GPS, 'GPS.distance'),
  i('fitbit_gps_heart_rate_bpm', 'bpm', GPS, 'GPS.heart_rate'),
];

const BY_NAME = new Map(METRICS.map((m) => [m.name, m]));

/** Metric info by name (undefined for a name outside the catalogue). */
export function metricInfo(name: string): MetricInfo | undefined {
  return BY_NAME.get(name);
}
