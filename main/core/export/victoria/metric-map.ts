/**
 * Records → Prometheus samples. Daily values keep the 12:00-local stamp their records carry;
 * per-day aggregates derived here (sleep sums over all sessions) take the day's stamp (see
 * `dayStamp`). Each sample's series is a canonical `name{label="v",…}` string (label names
 * sorted), which is both the import line prefix and the key read-back compares against.
 */
import { M } from '../../model/data-types.js';
import { noonInZone } from '../../model/civil-day.js';
import type { CivilDay, DataRecord } from '../../model/record.js';
import { metricInfo } from './metric-catalogue.js';

export interface Sample {
  /** Canonical series: `name{label="value",…}` with sorted label names. */
  readonly series: string;
  /** Epoch milliseconds. */
  readonly ts: number;
  readonly value: number;
  /** One sample per day stamped at noon (so a different stamp in the same day window is stale). */
  readonly daily: boolean;
}

export interface MapOptions {
  /** The `user` label (FITBIT_USER_ID, default `default`). */
  readonly user: string;
  /** Stamp of per-day aggregates (sleep sums), epoch ms: the day's 12:00 local. */
  readonly dayStamp: number;
}

export interface MappedDay {
  /** Deduplicated (one value per series and timestamp, the last record wins), grouped by series, time-ordered. */
  readonly samples: Sample[];
  /** Record fields that have no metric (unknown measurement or field). */
  readonly unmapped: number;
}

/** Measurements stamped at 12:00 local of their day. */
const DAILY_MEASUREMENTS: ReadonlySet<string> = new Set([
  M.steps,
  M.distance,
  M.calories,
  M.floors,
  M.elevation,
  M.minutesSedentary,
  M.minutesLightlyActive,
  M.minutesFairlyActive,
  M.minutesVeryActive,
  M.azm,
  M.hrZones,
  M.hrZonesCalories,
  M.restingHr,
  M.hrv,
  M.breathingRate,
  M.spo2Daily,
  M.skinTemperature,
  M.vo2Max,
]);

/**
 * The stamp for per-day aggregates of `day`: the stamp most of the day's daily records carry (they
 * are 12:00 in the data's own offset), else 12:00 of `day` in `zone`.
 */
export function dayStamp(day: CivilDay, records: readonly DataRecord[], zone: string): number {
  const counts = new Map<string, number>();
  for (const r of records)
    if (DAILY_MEASUREMENTS.has(r.measurement)) counts.set(r.time, (counts.get(r.time) ?? 0) + 1);
  let best: string | undefined;
  let bestN = 0;
  for (const [t, n] of counts)
    if (n > bestN || (n === bestN && best !== undefined && t < best)) [best, bestN] = [t, n];
  return best === undefined ? noonInZone(day, zone) : Date.parse(best);
}

/** Prometheus label value escaping (backslash, double quote, newline). */
export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Canonical series string from a name and labels (empty values dropped, names sorted). */
export function seriesOf(name: string, labels: Readonly<Record<string, string | undefined>>): string {
  const parts: string[] = [];
  for (const k of Object.keys(labels).sort()) {
    const v = labels[k];
    if (v !== undefined && v !== '') parts.push(`${k}="${escapeLabelValue(v)}"`);
  }
  return `${name}{${parts.join(',')}}`;
}

/** `Fat Burn` → `fat_burn`, `fatBurn` → `fat_burn`. */
export function snakeLabel(s: string): string {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const ACTIVE_TYPE: Readonly<Record<string, string>> = {
  [M.minutesSedentary]: 'sedentary',
  [M.minutesLightlyActive]: 'lightly_active',
  [M.minutesFairlyActive]: 'fairly_active',
  [M.minutesVeryActive]: 'very_active',
};

type Emit = (name: string, labels: Record<string, string | undefined>, value: number) => void;
type Handler = (r: DataRecord, emit: Emit) => number;

/** field → metric name, for measurements whose fields map one to one (returns the unmapped count). */
function fieldMap(
  map: Readonly<Record<string, string>>,
  labelsOf: (r: DataRecord) => Record<string, string | undefined>,
): Handler {
  return (r, emit) => {
    let unmapped = 0;
    const labels = labelsOf(r);
    for (const [field, value] of Object.entries(r.fields)) {
      const name = map[field];
      if (name === undefined) unmapped++;
      else emit(name, labels, value);
    }
    return unmapped;
  };
}

const dev = (r: DataRecord): Record<string, string | undefined> => ({ device: r.tags.Device ?? 'unknown' });
const value = (name: string): Handler => fieldMap({ value: name }, dev);
const sleepSession = (r: DataRecord): Record<string, string | undefined> => ({
  device: r.tags.Device ?? 'unknown',
  is_main_sleep: r.tags.isMainSleep,
});

/** Sleep stage fields of SleepSummary → `stage` label of fitbit_sleep_stage_minutes. */
const SLEEP_STAGE_FIELDS: Readonly<Record<string, string>> = {
  minutesDeep: 'deep',
  minutesLight: 'light',
  minutesREM: 'rem',
  minutesAwake: 'wake',
  minutesRestless: 'restless',
};

const HANDLERS: Readonly<Record<string, Handler>> = {
  [M.steps]: value('fitbit_steps_total'),
  [M.distance]: value('fitbit_distance_km'),
  [M.calories]: value('fitbit_calories_total'),
  [M.floors]: value('fitbit_floors_total'),
  [M.elevation]: value('fitbit_elevation_meters'),
  [M.restingHr]: value('fitbit_resting_heart_rate_bpm'),
  [M.breathingRate]: value('fitbit_breathing_rate_bpm'),
  [M.stepsIntraday]: value('fitbit_steps_intraday'),
  [M.caloriesIntraday]: value('fitbit_calories_intraday'),
  [M.distanceIntraday]: value('fitbit_distance_intraday'),
  [M.heartRate]: value('fitbit_heart_rate_intraday'),
  [M.spo2Intraday]: value('fitbit_spo2_intraday_percent'),
  [M.minutesSedentary]: activeMinutes,
  [M.minutesLightlyActive]: activeMinutes,
  [M.minutesFairlyActive]: activeMinutes,
  [M.minutesVeryActive]: activeMinutes,
  [M.hrZones]: zones('fitbit_heart_rate_zone_minutes'),
  [M.hrZonesCalories]: zones('fitbit_heart_rate_zone_calories'),
  [M.azm]: (r, emit) => {
    let unmapped = 0;
    for (const [field, v] of Object.entries(r.fields)) {
      if (field === 'total') emit('fitbit_active_zone_minutes_total', dev(r), v);
      else if (field === 'fatBurn' || field === 'cardio' || field === 'peak')
        emit('fitbit_active_zone_minutes', { ...dev(r), zone: snakeLabel(field) }, v);
      else unmapped++;
    }
    return unmapped;
  },
  [M.spo2Daily]: fieldMap(
    { avg: 'fitbit_spo2_avg_percent', min: 'fitbit_spo2_min_percent', max: 'fitbit_spo2_max_percent' },
    dev,
  ),
  [M.hrv]: fieldMap({ dailyRmssd: 'fitbit_hrv_rmssd_ms', deepRmssd: 'fitbit_hrv_deep_rmssd_ms' }, dev),
  [M.hrvIntraday]: fieldMap(
    {
      rmssd: 'fitbit_hrv_intraday_rmssd_ms',
      coverage: 'fitbit_hrv_intraday_coverage',
      lf: 'fitbit_hrv_intraday_lf',
      hf: 'fitbit_hrv_intraday_hf',
    },
    dev,
  ),
  [M.vo2Max]: fieldMap(
    { value: 'fitbit_vo2_max', low: 'fitbit_vo2_max_low', high: 'fitbit_vo2_max_high' },
    dev,
  ),
  [M.skinTemperature]: fieldMap(
    {
      nightlyRelative: 'fitbit_temp_skin_relative_celsius',
      nightly: 'fitbit_temp_skin_nightly_celsius',
      baseline: 'fitbit_temp_skin_baseline_celsius',
    },
    dev,
  ),
  [M.weight]: fieldMap({ weight_kg: 'fitbit_weight_kg', bmi: 'fitbit_bmi' }, (r) => ({
    source: r.tags.Source ?? 'unknown',
  })),
  [M.bodyFat]: fieldMap({ value: 'fitbit_body_fat_percent' }, (r) => ({
    source: r.tags.Source ?? 'unknown',
  })),
  [M.sleepSummary]: (r, emit) => {
    // Stage minutes feed the per-day sums (see recordsToSamples), so they count as mapped.
    const perSession = fieldMap(
      {
        minutesAsleep: 'fitbit_sleep_session_asleep_minutes',
        minutesInBed: 'fitbit_sleep_session_in_bed_minutes',
        efficiency: 'fitbit_sleep_session_efficiency_percent',
      },
      sleepSession,
    );
    return perSession(r, emit) - Object.keys(r.fields).filter((f) => f in SLEEP_STAGE_FIELDS).length;
  },
  [M.sleepLevels]: fieldMap(
    { level: 'fitbit_sleep_level', duration_seconds: 'fitbit_sleep_level_duration_seconds' },
    sleepSession,
  ),
  [M.activityRecords]: fieldMap(
    {
      duration_seconds: 'fitbit_exercise_duration_seconds',
      activeDuration_seconds: 'fitbit_exercise_active_duration_seconds',
      calories: 'fitbit_exercise_calories',
      steps: 'fitbit_exercise_steps',
      distance_km: 'fitbit_exercise_distance_km',
      averageHeartRate: 'fitbit_exercise_average_heart_rate_bpm',
      elevationGain_m: 'fitbit_exercise_elevation_gain_meters',
      activeZoneMinutes: 'fitbit_exercise_active_zone_minutes',
    },
    (r) => ({ activity: r.tags.ActivityName ?? 'unknown' }),
  ),
  [M.gps]: fieldMap(
    {
      lat: 'fitbit_gps_latitude_degrees',
      lon: 'fitbit_gps_longitude_degrees',
      altitude: 'fitbit_gps_altitude_meters',
      distance: 'fitbit_gps_distance_meters',
      heart_rate: 'fitbit_gps_heart_rate_bpm',
    },
    (r) => ({ activity_id: r.tags.ActivityID ?? 'unknown' }),
  ),
  [M.deviceBattery]: fieldMap({ value: 'fitbit_device_battery_percent' }, deviceInfo),
  [M.deviceLastSync]: fieldMap({ value: 'fitbit_device_last_sync_timestamp' }, deviceInfo),
};

function deviceInfo(r: DataRecord): Record<string, string | undefined> {
  return { device: r.tags.Device ?? 'unknown', device_id: r.tags.DeviceId, device_type: r.tags.DeviceType };
}

function activeMinutes(r: DataRecord, emit: Emit): number {
  const v = r.fields.value;
  if (v === undefined) return Object.keys(r.fields).length;
  emit('fitbit_active_minutes', { ...dev(r), type: ACTIVE_TYPE[r.measurement] }, v);
  return Object.keys(r.fields).length - 1;
}

function zones(name: string): Handler {
  return (r, emit) => {
    for (const [field, v] of Object.entries(r.fields)) emit(name, { ...dev(r), zone: snakeLabel(field) }, v);
    return 0;
  };
}

/** Intraday measurements whose only field is `value` and whose only label is the device. */
const SIMPLE_VALUE: Readonly<Record<string, string>> = {
  [M.heartRate]: 'fitbit_heart_rate_intraday',
  [M.stepsIntraday]: 'fitbit_steps_intraday',
  [M.caloriesIntraday]: 'fitbit_calories_intraday',
  [M.distanceIntraday]: 'fitbit_distance_intraday',
  [M.spo2Intraday]: 'fitbit_spo2_intraday_percent',
};

/** Maps one day's records to samples (see module doc). */
export function recordsToSamples(records: readonly DataRecord[], opts: MapOptions): MappedDay {
  const bySeries = new Map<string, Sample[]>();
  const seriesCache = new Map<string, string>();
  let unmapped = 0;
  let ts = 0;
  let daily = false;
  const emit: Emit = (name, labels, v) => {
    if (!Number.isFinite(v)) return;
    let cacheKey = name;
    for (const k in labels) cacheKey += `\u0000${labels[k] ?? ''}`;
    let series = seriesCache.get(cacheKey);
    if (series === undefined) {
      series = seriesOf(name, { ...labels, user: opts.user });
      seriesCache.set(cacheKey, series);
    }
    let list = bySeries.get(series);
    if (list === undefined) bySeries.set(series, (list = []));
    list.push({ series, ts, value: v, daily });
  };

  const fastSeries = new Map<string, string>();
  const fastLists = new Map<string, Sample[]>();
  // Per-day sleep sums over every session of the day, per device.
  const sleepSums = new Map<string, Map<string, number>>();
  for (const r of records) {
    // Fast path for the bulk of a day (intraday `value` records with a Device tag): no label objects.
    const simple = SIMPLE_VALUE[r.measurement];
    const v = r.fields.value;
    if (simple !== undefined && v !== undefined && Number.isFinite(v)) {
      const device = r.tags.Device ?? 'unknown';
      const key = `${r.measurement}\u0000${device}`;
      let list = fastLists.get(key);
      let series = fastSeries.get(key);
      if (list === undefined || series === undefined) {
        series = seriesOf(simple, { device, user: opts.user });
        fastSeries.set(key, series);
        list = bySeries.get(series);
        if (list === undefined) bySeries.set(series, (list = []));
        fastLists.set(key, list);
      }
      const t = Date.parse(r.time);
      if (Number.isNaN(t)) {
        unmapped++;
        continue;
      }
      list.push({ series, ts: t, value: v, daily: false });
      for (const f in r.fields) if (f !== 'value') unmapped++;
      continue;
    }
    const handler = HANDLERS[r.measurement];
    if (handler === undefined) {
      unmapped += Object.keys(r.fields).length;
      continue;
    }
    ts = Date.parse(r.time);
    if (Number.isNaN(ts)) {
      unmapped += Object.keys(r.fields).length;
      continue;
    }
    daily = DAILY_MEASUREMENTS.has(r.measurement);
    unmapped += handler(r, emit);
    if (r.measurement === M.sleepSummary) {
      const device = r.tags.Device ?? 'unknown';
      let sums = sleepSums.get(device);
      if (sums === undefined) sleepSums.set(device, (sums = new Map<string, number>()));
      const add = (k: string, v: number | undefined): void => {
        if (v !== undefined) sums.set(k, (sums.get(k) ?? 0) + v);
      };
      add('asleep', r.fields.minutesAsleep);
      add('inBed', r.fields.minutesInBed);
      add('sessions', 1);
      for (const [field, stage] of Object.entries(SLEEP_STAGE_FIELDS)) add(`stage:${stage}`, r.fields[field]);
    }
  }
  ts = opts.dayStamp;
  daily = true;
  for (const [device, sums] of sleepSums) {
    for (const [k, v] of sums) {
      if (k === 'asleep') emit('fitbit_sleep_minutes_total', { device }, v);
      else if (k === 'inBed') emit('fitbit_sleep_in_bed_minutes_total', { device }, v);
      else if (k === 'sessions') emit('fitbit_sleep_sessions', { device }, v);
      else emit('fitbit_sleep_stage_minutes', { device, stage: k.slice('stage:'.length) }, v);
    }
  }

  const samples: Sample[] = [];
  for (const list of bySeries.values()) {
    let sorted = true;
    for (let k = 1; k < list.length; k++) if ((list[k]?.ts ?? 0) < (list[k - 1]?.ts ?? 0)) sorted = false;
    if (!sorted) list.sort((a, b) => a.ts - b.ts); // stable: records later in the day file stay later
    for (let k = 0; k < list.length; k++) {
      const s = list[k];
      const next = list[k + 1];
      if (s !== undefined && (next === undefined || next.ts !== s.ts)) samples.push(s);
    }
  }
  return { samples, unmapped };
}

/** True when `name` is in the catalogue (used by tests and read-back filters). */
export function isCatalogued(name: string): boolean {
  return metricInfo(name) !== undefined;
}
