/**
 * Records → Prometheus samples. Daily values keep the 12:00-local stamp their records carry;
 * per-day aggregates derived here (sleep sums over all sessions) take the day's stamp (see
 * `dayStamp`). Each sample's series is a canonical `name{label="v",…}` string (label names
 * sorted), which is both the import line prefix and the key read-back compares against.
 */
import { M } from '../../model/data-types.js';
import { noonInZone } from '../../model/civil-day.js';
import type { CivilDay, DataRecord, FieldValue } from '../../model/record.js';
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
  return stampFromCounts(day, counts, zone);
}

function stampFromCounts(day: CivilDay, counts: ReadonlyMap<string, number>, zone: string): number {
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

/** Text fields (SleepSummary.endTime) are not samples: emit drops every non-number. */
type Emit = (name: string, labels: Record<string, string | undefined>, value: FieldValue) => void;
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

/**
 * The `device` label as the old SyncBit wrote it (formats.md §1): the device name lower-cased with
 * spaces and punctuation removed ("Charge 6" → `charge6`, "Pixel Watch 3" → `pixelwatch3`);
 * `unknown` only when the data names no device.
 */
export function deviceSlug(name: string | undefined): string {
  const slug = (name ?? '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return slug === '' ? 'unknown' : slug;
}

/** Sources of weight/body-fat that are not a device (an app or a manual entry). */
const NOT_A_DEVICE: ReadonlySet<string> = new Set(['api', 'manual', 'unknown', 'web', 'app']);

/** A scale's slug from a Weight/BodyFat record (`Device`, else a `Source` that names a device). */
function scaleSlug(r: DataRecord): string {
  const slug = deviceSlug(r.tags.Device ?? r.tags.Source);
  return NOT_A_DEVICE.has(slug) ? 'unknown' : slug;
}

const dev = (r: DataRecord): Record<string, string | undefined> => ({ device: deviceSlug(r.tags.Device) });
const value = (name: string): Handler => fieldMap({ value: name }, dev);
const sleepSession = (r: DataRecord): Record<string, string | undefined> => ({
  device: deviceSlug(r.tags.Device),
  // Files say Python's "True"/"False" (CromWell); the label keeps its lower-case values.
  is_main_sleep: r.tags.isMainSleep?.toLowerCase(),
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
    device: scaleSlug(r),
    source: r.tags.Source ?? 'unknown',
  })),
  [M.bodyFat]: fieldMap({ value: 'fitbit_body_fat_percent' }, (r) => ({
    device: scaleSlug(r),
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
    // endTime is text (the session's end, for CromWell's timelines): no sample, not a loss either.
    return (
      perSession(r, emit) -
      Object.keys(r.fields).filter((f) => f in SLEEP_STAGE_FIELDS || f === 'endTime').length
    );
  },
  [M.sleepLevels]: fieldMap(
    { level: 'fitbit_sleep_level', duration_seconds: 'fitbit_sleep_level_duration_seconds' },
    sleepSession,
  ),
  [M.activityRecords]: (r, emit) => {
    const labels = { device: deviceSlug(r.tags.Device), activity: r.tags.ActivityName ?? 'unknown' };
    let unmapped = 0;
    for (const [field, v] of Object.entries(r.fields)) {
      const target = EXERCISE_FIELDS[field];
      if (target === undefined) unmapped++;
      else if (target !== null && typeof v === 'number') emit(target[0], labels, v * target[1]);
    }
    return unmapped;
  },
  [M.gps]: fieldMap(
    {
      lat: 'fitbit_gps_latitude_degrees',
      lon: 'fitbit_gps_longitude_degrees',
      altitude: 'fitbit_gps_altitude_meters',
      distance: 'fitbit_gps_distance_meters',
      heart_rate: 'fitbit_gps_heart_rate_bpm',
    },
    (r) => ({ device: deviceSlug(r.tags.Device), activity_id: r.tags.ActivityID ?? 'unknown' }),
  ),
  [M.deviceBattery]: fieldMap({ value: 'fitbit_device_battery_percent' }, deviceInfo),
  [M.deviceLastSync]: fieldMap({ value: 'fitbit_device_last_sync_timestamp' }, deviceInfo),
};

/**
 * ActivityRecords fields (legacy names and units, formats.md §2) → metric and factor; null: known
 * but not exported (originalDuration repeats duration; speed and pace follow from distance/time).
 */
const EXERCISE_FIELDS: Readonly<Record<string, readonly [string, number] | null>> = {
  duration: ['fitbit_exercise_duration_seconds', 1 / 1000],
  activeDuration: ['fitbit_exercise_active_duration_seconds', 1 / 1000],
  originalDuration: null,
  calories: ['fitbit_exercise_calories', 1],
  steps: ['fitbit_exercise_steps', 1],
  distance: ['fitbit_exercise_distance_km', 1],
  speed: ['fitbit_exercise_speed_kmh', 1],
  pace: ['fitbit_exercise_pace_seconds_per_km', 1],
  averageHeartRate: ['fitbit_exercise_average_heart_rate_bpm', 1],
  elevationGain: ['fitbit_exercise_elevation_gain_meters', 1],
  activeZoneMinutes: ['fitbit_exercise_active_zone_minutes', 1],
};

function deviceInfo(r: DataRecord): Record<string, string | undefined> {
  return { device: deviceSlug(r.tags.Device), device_id: r.tags.DeviceId, device_type: r.tags.DeviceType };
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

/** Records of the day's tracker that carry no Device tag: labelled with the day's main device. */
const TRACKER_SESSION_MEASUREMENTS: ReadonlySet<string> = new Set([M.activityRecords, M.gps]);

/** Intraday measurements whose only field is `value` and whose only label is the device. */
const SIMPLE_VALUE: Readonly<Record<string, string>> = {
  [M.heartRate]: 'fitbit_heart_rate_intraday',
  [M.stepsIntraday]: 'fitbit_steps_intraday',
  [M.caloriesIntraday]: 'fitbit_calories_intraday',
  [M.distanceIntraday]: 'fitbit_distance_intraday',
  [M.spo2Intraday]: 'fitbit_spo2_intraday_percent',
};

/**
 * The high-volume measurements (one `value`, labelled by device only). The day scanner keeps
 * their samples as plain columns instead of record objects; everything else goes record by record.
 */
export const SIMPLE_VALUE_MEASUREMENTS: ReadonlySet<string> = new Set(Object.keys(SIMPLE_VALUE));

/** Numbers of a column: an array, or (from the day scan) a typed array moved between threads. */
export type NumberColumn = readonly number[] | Float64Array;

/** One series of a mapped day, as columns: sorted by time, one value per timestamp. */
export interface MappedSeries {
  /** Canonical series: `name{label="value",…}` with sorted label names. */
  readonly series: string;
  readonly ts: NumberColumn;
  readonly values: NumberColumn;
  /** Per-sample `daily` flags, or undefined when no sample of the series is daily. */
  readonly daily: readonly boolean[] | undefined;
}

/** A mapped day as columns (what the text encoder consumes). */
export interface MappedColumns {
  readonly series: MappedSeries[];
  readonly unmapped: number;
}

/**
 * Samples of one simple-value measurement and device, collected in day-file order by the day
 * scanner (time already parsed, value finite). `dropped` counts records whose time did not parse.
 */
export interface SimpleColumn {
  readonly measurement: string;
  readonly device: string;
  readonly ts: Float64Array;
  readonly values: Float64Array;
  /** Record fields other than `value` (unmapped), and records whose time did not parse. */
  readonly unmapped: number;
}

interface SeriesBuf {
  readonly series: string;
  ts: number[];
  values: number[];
  daily: boolean[] | undefined;
  /** A scanned column taken as it is (the series had no other sample): no copy into `ts`/`values`. */
  column: { readonly ts: Float64Array; readonly values: Float64Array } | undefined;
}

/** Appends a column's samples to `buf`'s own arrays. */
function append(buf: SeriesBuf, col: { readonly ts: Float64Array; readonly values: Float64Array }): void {
  for (let k = 0; k < col.ts.length; k++) {
    buf.ts.push(col.ts[k] ?? NaN);
    buf.values.push(col.values[k] ?? NaN);
  }
}

/** `buf` with its samples in its own arrays (copies a column taken as it is). */
function writable(buf: SeriesBuf): SeriesBuf {
  const col = buf.column;
  if (col !== undefined) {
    buf.column = undefined;
    append(buf, col);
  }
  return buf;
}

/**
 * Maps one day's records to series, record by record or (for the scanner's simple columns) a
 * whole column at a time. Both ways give exactly what mapping the records one by one gives:
 * series appear in the order of their first record, samples keep the day file's order.
 */
export class DayMapper {
  private readonly bySeries = new Map<string, SeriesBuf>();
  private readonly seriesCache = new Map<string, string>();
  private readonly simple = new Map<string, SeriesBuf>();
  private readonly sleepSums = new Map<string, Map<string, number>>();
  private readonly dailyTimes = new Map<string, number>();
  /** Samples per device slug, to label exercise and GPS records that name none (the day's tracker). */
  private readonly deviceSamples = new Map<string, number>();
  /** Exercise/GPS records without a Device tag, mapped in finish() once the day's device is known. */
  private readonly deferred: DataRecord[] = [];
  private unmapped = 0;
  private ts = 0;
  private daily = false;
  private readonly emit: Emit;

  constructor(private readonly user: string) {
    this.emit = (name, labels, v) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) return;
      let cacheKey = name;
      for (const k in labels) cacheKey += `\u0000${labels[k] ?? ''}`;
      let series = this.seriesCache.get(cacheKey);
      if (series === undefined) {
        series = seriesOf(name, { ...labels, user: this.user });
        this.seriesCache.set(cacheKey, series);
      }
      const buf = writable(this.bufOf(series));
      buf.ts.push(this.ts);
      buf.values.push(v);
      if (this.daily || buf.daily !== undefined) {
        buf.daily ??= buf.ts.slice(0, -1).map(() => false);
        buf.daily.push(this.daily);
      }
    };
  }

  /** Adds one record. */
  addRecord(r: DataRecord): void {
    const device = r.tags.Device;
    if (device !== undefined) this.countDevice(deviceSlug(device), 1);
    else if (TRACKER_SESSION_MEASUREMENTS.has(r.measurement)) {
      this.deferred.push(r);
      return;
    }
    if (DAILY_MEASUREMENTS.has(r.measurement))
      this.dailyTimes.set(r.time, (this.dailyTimes.get(r.time) ?? 0) + 1);
    // Fast path for the bulk of a day (intraday `value` records): no label objects.
    const v = r.fields.value;
    if (SIMPLE_VALUE[r.measurement] !== undefined && typeof v === 'number' && Number.isFinite(v)) {
      const buf = writable(this.simpleBuf(r.measurement, r.tags.Device ?? 'unknown'));
      const t = Date.parse(r.time);
      if (Number.isNaN(t)) {
        this.unmapped++;
        return;
      }
      buf.ts.push(t);
      buf.values.push(v);
      for (const f in r.fields) if (f !== 'value') this.unmapped++;
      return;
    }
    const handler = HANDLERS[r.measurement];
    if (handler === undefined) {
      this.unmapped += Object.keys(r.fields).length;
      return;
    }
    this.ts = Date.parse(r.time);
    if (Number.isNaN(this.ts)) {
      this.unmapped += Object.keys(r.fields).length;
      return;
    }
    this.daily = DAILY_MEASUREMENTS.has(r.measurement);
    this.unmapped += handler(r, this.emit);
    if (r.measurement === M.sleepSummary) {
      const device = deviceSlug(r.tags.Device);
      let sums = this.sleepSums.get(device);
      if (sums === undefined) this.sleepSums.set(device, (sums = new Map<string, number>()));
      const add = (k: string, v: FieldValue | undefined): void => {
        if (typeof v === 'number') sums.set(k, (sums.get(k) ?? 0) + v);
      };
      add('asleep', r.fields.minutesAsleep);
      add('inBed', r.fields.minutesInBed);
      add('sessions', 1);
      for (const [field, stage] of Object.entries(SLEEP_STAGE_FIELDS)) add(`stage:${stage}`, r.fields[field]);
    }
  }

  /**
   * Adds every sample of a simple column at the place of its first record. Equivalent to adding
   * its records one by one, because nothing else writes to a simple series.
   */
  addColumn(col: SimpleColumn): void {
    const buf = this.simpleBuf(col.measurement, col.device);
    this.countDevice(deviceSlug(col.device), col.ts.length);
    if (buf.ts.length === 0 && buf.column === undefined) buf.column = { ts: col.ts, values: col.values };
    else append(writable(buf), col);
    this.unmapped += col.unmapped;
  }

  /** The day stamp `dayStamp()` gives for the records added so far. */
  dayStamp(day: CivilDay, zone: string): number {
    return stampFromCounts(day, this.dailyTimes, zone);
  }

  private countDevice(slug: string, n: number): void {
    this.deviceSamples.set(slug, (this.deviceSamples.get(slug) ?? 0) + n);
  }

  /** The device with the most samples of the day (ties: the first seen), `unknown` without any. */
  private dayDevice(): string {
    let best = 'unknown';
    let bestN = 0;
    for (const [slug, n] of this.deviceSamples)
      if (n > bestN && slug !== 'unknown') [best, bestN] = [slug, n];
    return best;
  }

  /**
   * Maps the exercise/GPS records that named no device (labelled with the day's tracker), adds the
   * per-day sleep sums at `stamp`, then sorts and deduplicates every series.
   */
  finish(stamp: number): MappedColumns {
    if (this.deferred.length > 0) {
      const device = this.dayDevice();
      for (const r of this.deferred.splice(0)) this.addRecord({ ...r, tags: { ...r.tags, Device: device } });
    }
    this.ts = stamp;
    this.daily = true;
    for (const [device, sums] of this.sleepSums) {
      for (const [k, v] of sums) {
        if (k === 'asleep') this.emit('fitbit_sleep_minutes_total', { device }, v);
        else if (k === 'inBed') this.emit('fitbit_sleep_in_bed_minutes_total', { device }, v);
        else if (k === 'sessions') this.emit('fitbit_sleep_sessions', { device }, v);
        else this.emit('fitbit_sleep_stage_minutes', { device, stage: k.slice('stage:'.length) }, v);
      }
    }
    this.sleepSums.clear();
    const series: MappedSeries[] = [];
    for (const buf of this.bySeries.values()) series.push(sortedUnique(buf));
    return { series, unmapped: this.unmapped };
  }

  private bufOf(series: string): SeriesBuf {
    let buf = this.bySeries.get(series);
    if (buf === undefined)
      this.bySeries.set(series, (buf = { series, ts: [], values: [], daily: undefined, column: undefined }));
    return buf;
  }

  private simpleBuf(measurement: string, device: string): SeriesBuf {
    const key = `${measurement}\u0000${device}`;
    let buf = this.simple.get(key);
    if (buf === undefined) {
      buf = this.bufOf(
        seriesOf(SIMPLE_VALUE[measurement] ?? measurement, { device: deviceSlug(device), user: this.user }),
      );
      this.simple.set(key, buf);
    }
    return buf;
  }
}

/** Stable sort by time, then keep the last sample of each timestamp. */
function sortedUnique(buf: SeriesBuf): MappedSeries {
  const { ts, values } = buf.column ?? buf;
  const { daily } = buf;
  const n = ts.length;
  let sorted = true;
  let unique = true;
  for (let k = 1; k < n; k++) {
    const a = ts[k - 1] ?? 0;
    const b = ts[k] ?? 0;
    if (b < a) sorted = false;
    else if (b === a) unique = false;
  }
  if (sorted && unique) return { series: buf.series, ts, values, daily };
  let order: number[] | undefined;
  if (!sorted) {
    order = Array.from({ length: n }, (_, k) => k);
    // Stable: records later in the day file stay later.
    order.sort((a, b) => (ts[a] ?? 0) - (ts[b] ?? 0) || a - b);
  }
  const outTs: number[] = [];
  const outValues: number[] = [];
  const outDaily: boolean[] | undefined = daily === undefined ? undefined : [];
  for (let k = 0; k < n; k++) {
    const i = order === undefined ? k : (order[k] ?? 0);
    const next = order === undefined ? k + 1 : order[k + 1];
    if (next !== undefined && k + 1 < n && ts[next] === ts[i]) continue;
    outTs.push(ts[i] ?? NaN);
    outValues.push(values[i] ?? NaN);
    outDaily?.push(daily?.[i] ?? false);
  }
  return { series: buf.series, ts: outTs, values: outValues, daily: outDaily };
}

/** Column form → one sample object per value (for read-back comparisons and tests). */
export function columnsToSamples(columns: readonly MappedSeries[]): Sample[] {
  const samples: Sample[] = [];
  for (const c of columns)
    for (let k = 0; k < c.ts.length; k++)
      samples.push({
        series: c.series,
        ts: c.ts[k] ?? NaN,
        value: c.values[k] ?? NaN,
        daily: c.daily?.[k] ?? false,
      });
  return samples;
}

/** Maps one day's records to samples (see module doc). */
export function recordsToSamples(records: readonly DataRecord[], opts: MapOptions): MappedDay {
  const mapper = new DayMapper(opts.user);
  for (const r of records) mapper.addRecord(r);
  const { series, unmapped } = mapper.finish(opts.dayStamp);
  return { samples: columnsToSamples(series), unmapped };
}

/** True when `name` is in the catalogue (used by tests and read-back filters). */
export function isCatalogued(name: string): boolean {
  return metricInfo(name) !== undefined;
}
