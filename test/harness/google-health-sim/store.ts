/**
 * The simulator's data store: generated days (cached), test mutations (hidden days, late uploads,
 * points, rollups, devices and TCX documents a test puts in), newest-first queries with cursor
 * paging, list duplicates per source, and daily rollups.
 */
import type { SimTypeInfo } from './catalog.js';
import { SIM_TYPES } from './catalog.js';
import type { SimData, SimPoint } from './data.js';
import type { ParsedFilter } from './filter.js';
import { matches, physicalBounds } from './filter.js';
import { addDays, civilJson, civilString, dateJson, durationString, rfc3339 } from './timeline.js';

const DAY_MS = 86_400_000;
/** Types that `list` returns twice: once from the tracker and once from the phone (Health Connect). */
export const DUPLICATED_IN_LIST: ReadonlySet<string> = new Set([
  'steps',
  'distance',
  'sleep',
  'active-energy-burned',
]);

export interface QueryCursor {
  readonly start: number;
  readonly id: string;
}

export interface StoredPoint extends SimPoint {
  readonly source: 'tracker' | 'phone';
}

const TRACKER_SOURCE = {
  platform: 'FITBIT',
  recordingMethod: 'PASSIVELY_MEASURED',
  device: { displayName: 'Charge 6', formFactor: 'FITNESS_BAND', manufacturer: 'Google' },
  application: { packageName: 'com.fitbit.FitbitMobile', webClientId: '228TSL' },
};
const PHONE_SOURCE = {
  platform: 'HEALTH_CONNECT',
  recordingMethod: 'PASSIVELY_MEASURED',
  device: { displayName: 'Pixel 9', formFactor: 'PHONE', manufacturer: 'Google' },
  application: { packageName: 'com.google.android.apps.fitness' },
};
const MANUAL_SOURCE = {
  platform: 'FITBIT',
  recordingMethod: 'MANUAL',
  application: { packageName: 'com.fitbit.FitbitMobile' },
};

export class SimStore {
  private readonly cache = new Map<string, SimPoint[]>();
  /** `${type}|${day}` or `*|${day}` → hidden (not uploaded yet). */
  readonly hidden = new Set<string>();
  /** `${type}|${day}` → extra points uploaded late. */
  readonly extras = new Map<string, SimPoint[]>();
  private extraSeq = 0;
  /** `${type}|${id}` → a point a test added (for find()). */
  private readonly added = new Map<string, SimPoint>();
  private addedSeq = 0;
  /** `${type}|${day}` → the dailyRollUp window a test set for that day. */
  private readonly rollups = new Map<string, Record<string, unknown>>();
  /** exercise id → TCX document a test set. */
  readonly tcx = new Map<string, string>();
  /** The pairedDevices a test set (default: the generated tracker and scale). */
  pairedDevices: Record<string, unknown>[] | undefined;

  constructor(
    readonly data: SimData,
    private readonly history: () => { first: string; today: string; now: number },
    /** false: a blank account that serves only what a test added (no generated points or rollups). */
    private readonly generated = true,
  ) {}

  /** Reconciled points of one day, newest first, honouring hides, late uploads and "now". */
  day(type: string, day: string): SimPoint[] {
    const h = this.history();
    if (day < h.first || day > h.today) return [];
    if (this.hidden.has(`${type}|${day}`) || this.hidden.has(`*|${day}`)) return [];
    const key = `${type}|${day}`;
    let base = this.generated ? this.cache.get(key) : [];
    if (!base) {
      base = this.data.generate(type, day).sort(newestFirst);
      this.cache.set(key, base);
      if (this.cache.size > 64) {
        const first = this.cache.keys().next();
        if (first.done !== true) this.cache.delete(first.value);
      }
    }
    const extra = this.extras.get(key);
    const info = SIM_TYPES[type];
    if (info?.kind === 'daily') return extra && extra.length > 0 ? extra : base;
    const all = extra ? [...base, ...extra].sort(newestFirst) : base;
    return all.filter((p) => p.end <= h.now && p.start <= h.now);
  }

  /** Adds late-uploaded points to a past day (see README: `addLateData`). Returns how many. */
  addLate(type: string, day: string, count: number): number {
    const info = SIM_TYPES[type];
    if (!info) throw new Error(`simulator: unknown type ${type}`);
    const m = this.data.model(day);
    const key = `${type}|${day}`;
    const list = this.extras.get(key) ?? [];
    const existing = new Set(this.day(type, day).map((p) => p.start));
    if (info.kind === 'daily') {
      const fields = lateFields(type);
      if (!fields) return 0;
      const o = this.data.offsetAt(m.start);
      const id = `${day.replace(/-/g, '')}99${String(this.extraSeq++).padStart(6, '0')}`;
      this.extras.set(key, [
        { id, start: m.start, end: m.start, startOffset: o, endOffset: o, date: day, fields },
      ]);
      return 1;
    }
    let added = 0;
    for (let i = 0; added < count && i < m.minutes; i++) {
      // late points land in the early afternoon, on minutes that have no point yet
      const minute = (13 * 60 + i * 3) % m.minutes;
      const start = m.start + minute * 60_000;
      if (existing.has(start)) continue;
      const end = info.kind === 'interval' ? start + 60_000 : start;
      const o = this.data.offsetAt(start);
      const id = `${day.replace(/-/g, '')}99${String(this.extraSeq++).padStart(6, '0')}`;
      const fields = lateFields(type);
      if (!fields) break;
      list.push({ id, start, end, startOffset: o, endOffset: this.data.offsetAt(end), fields });
      added++;
    }
    this.extras.set(key, list);
    return added;
  }

  /**
   * Adds points shaped as the API returns them (envelope + camelCase payload with `interval`,
   * `sampleTime` or `date`); they are served like uploaded data, in the simulator's own rendering.
   * The id is the last segment of `name`/`dataPointName` when given.
   */
  addPoints(type: string, points: readonly Record<string, unknown>[]): void {
    for (const raw of points) {
      const p = this.fromApi(type, raw);
      const day = p.date ?? this.data.timeline.dayOf(p.start);
      const key = `${type}|${day}`;
      this.extras.set(key, [...(this.extras.get(key) ?? []), p]);
      this.added.set(`${type}|${p.id}`, p);
    }
  }

  /** Sets the dailyRollUp window of `type` on `day` (the value keys, e.g. `{steps:{countSum:'8'}}`). */
  setRollup(type: string, day: string, value: Record<string, unknown>): void {
    this.rollups.set(`${type}|${day}`, value);
  }

  private fromApi(type: string, raw: Record<string, unknown>): SimPoint {
    const info = SIM_TYPES[type];
    if (!info) throw new Error(`simulator: unknown type ${type}`);
    const body = raw[info.key] as Record<string, unknown> | undefined;
    if (body === undefined) throw new Error(`simulator: a ${type} point needs its ${info.key} payload`);
    const { interval, sampleTime, date, ...fields } = body as {
      interval?: { startTime: string; endTime: string; startUtcOffset?: string; endUtcOffset?: string };
      sampleTime?: { physicalTime: string; utcOffset?: string };
      date?: { year: number; month: number; day: number };
    } & Record<string, unknown>;
    const name = raw.name ?? raw.dataPointName;
    const named = typeof name === 'string' ? name.split('/dataPoints/')[1] : undefined;
    const id = named ?? `t${String(999_999_999 - this.addedSeq++)}`;
    const envelope = raw.dataSource !== undefined ? { dataSource: raw.dataSource } : {};
    if (date !== undefined) {
      const day = `${date.year}-${pad2(date.month)}-${pad2(date.day)}`;
      const start = this.data.timeline.dayStart(day);
      const o = this.data.offsetAt(start);
      return { id, start, end: start, startOffset: o, endOffset: o, date: day, fields, ...envelope };
    }
    if (sampleTime !== undefined) {
      const at = Date.parse(sampleTime.physicalTime);
      const o = seconds(sampleTime.utcOffset);
      return { id, start: at, end: at, startOffset: o, endOffset: o, fields, ...envelope };
    }
    if (interval === undefined)
      throw new Error(`simulator: a ${type} point needs interval, sampleTime or date`);
    const startOffset = seconds(interval.startUtcOffset);
    return {
      id,
      start: Date.parse(interval.startTime),
      end: Date.parse(interval.endTime),
      startOffset,
      endOffset: interval.endUtcOffset !== undefined ? seconds(interval.endUtcOffset) : startOffset,
      fields,
      ...envelope,
    };
  }

  /**
   * Newest-first query: returns up to `pageSize` points after `cursor`, plus the cursor of the
   * next page when more exist.
   */
  query(
    type: string,
    info: SimTypeInfo,
    filter: ParsedFilter,
    pageSize: number,
    cursor: QueryCursor | undefined,
    duplicates: boolean,
  ): { points: StoredPoint[]; next?: QueryCursor } {
    const h = this.history();
    const bounds = physicalBounds(filter);
    const sessionSlack = info.kind === 'session' ? DAY_MS : 0;
    const lo = Math.max(bounds.lo - sessionSlack, Date.parse(`${h.first}T00:00:00Z`) - 2 * DAY_MS);
    const hi = Math.min(bounds.hi, h.now + DAY_MS, cursor ? cursor.start + 1 : Infinity);
    let day = this.data.timeline.dayOf(Math.min(hi, h.now + DAY_MS) - 1);
    if (day > h.today) day = h.today;
    const lastDay = this.data.timeline.dayOf(Math.max(lo, Date.parse(`${h.first}T00:00:00Z`) - 2 * DAY_MS));
    const out: StoredPoint[] = [];
    for (; day >= lastDay && day >= h.first; day = addDays(day, -1)) {
      const needsCivil = filter.some((g) =>
        g.some((c) => c.field === 'civil-start' || c.field === 'civil-end'),
      );
      for (const p of this.day(type, day)) {
        if (cursor && p.start > cursor.start) continue;
        if (!matches(filter, subject(p, needsCivil))) continue;
        // same start: ids sort descending, and the phone copy's id (`<id>1`) sorts before the tracker's
        const copies: StoredPoint[] = duplicates
          ? [phoneCopy(p), { ...p, source: 'tracker' }]
          : [{ ...p, source: 'tracker' }];
        for (const c of copies) {
          if (cursor && compare(c, cursor) <= 0) continue;
          if (out.length === pageSize)
            return {
              points: out,
              next: { start: out[out.length - 1]?.start ?? 0, id: out[out.length - 1]?.id ?? '' },
            };
          out.push(c);
        }
      }
    }
    return { points: out };
  }

  /** Points whose civil start day (or date) is in [from, to), for rollups. */
  civilRange(type: string, from: string, to: string): SimPoint[] {
    const out: SimPoint[] = [];
    for (let d = addDays(from, -1); d <= to; d = addDays(d, 1)) {
      for (const p of this.day(type, d)) {
        const civil = p.date ?? civilString(p.start, p.startOffset).slice(0, 10);
        if (civil >= from && civil < to) out.push(p);
      }
    }
    return out;
  }

  /** The point with this id among a type's recent history (for get / TCX export). */
  find(type: string, id: string): SimPoint | undefined {
    const added = this.added.get(`${type}|${id}`);
    if (added) return added;
    const day = `${id.slice(0, 4)}-${id.slice(4, 6)}-${id.slice(6, 8)}`;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
    return this.day(type, day).find((p) => p.id === id);
  }

  /** Renders a point as the API's JSON (envelope + camelCase payload key). */
  render(type: string, p: StoredPoint, mode: 'list' | 'reconcile'): Record<string, unknown> {
    const info = SIM_TYPES[type];
    if (!info) throw new Error(`simulator: unknown type ${type}`);
    const name = `users/${this.data.userId}/dataTypes/${type}/dataPoints/${p.id}`;
    let time: Record<string, unknown>;
    if (info.kind === 'daily') time = { date: dateJson(p.date ?? '') };
    else if (info.kind === 'sample')
      time = {
        sampleTime: {
          physicalTime: rfc3339(p.start),
          utcOffset: durationString(p.startOffset),
          civilTime: civilJson(p.start, p.startOffset),
        },
      };
    else {
      const interval = {
        startTime: rfc3339(p.start),
        endTime: rfc3339(p.end),
        startUtcOffset: durationString(p.startOffset),
        endUtcOffset: durationString(p.endOffset),
      };
      // Sessions carry no civil times; interval points do.
      time =
        info.kind === 'session'
          ? { interval }
          : {
              interval: {
                ...interval,
                civilStartTime: civilJson(p.start, p.startOffset),
                civilEndTime: civilJson(p.end, p.endOffset),
              },
            };
    }
    const source =
      p.dataSource ??
      (type === 'weight' || type === 'body-fat'
        ? MANUAL_SOURCE
        : p.source === 'phone'
          ? PHONE_SOURCE
          : TRACKER_SOURCE);
    const identifiable = info.kind === 'session' || type === 'weight' || type === 'body-fat';
    return {
      ...(mode === 'list' && identifiable ? { name } : {}),
      ...(mode === 'reconcile' ? { dataPointName: name } : {}),
      dataSource: source,
      [info.key]: { ...time, ...p.fields },
    };
  }

  /** Aggregates one window for dailyRollUp; undefined when there is no data in it. */
  rollupValue(type: string, from: string, to: string): Record<string, unknown> | undefined {
    const set = addDays(from, 1) === to ? this.rollups.get(`${type}|${from}`) : undefined;
    if (set !== undefined || !this.generated) return set;
    const pts =
      type === 'total-calories'
        ? this.civilRange('active-energy-burned', from, to)
        : this.civilRange(type, from, to);
    const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
    const sum = (f: (p: SimPoint) => number): number => pts.reduce((a, p) => a + f(p), 0);
    switch (type) {
      case 'total-calories': {
        const h = this.history();
        let bmr = 0;
        for (let d = from; d < to; d = addDays(d, 1)) {
          // A day the tracker was not worn has no window at all (not 0 kcal): reference §6.7.
          if (d > h.today || d < h.first || !this.data.wornOn(d)) continue;
          const start = this.data.timeline.dayStart(d);
          const end = this.data.timeline.dayStart(addDays(d, 1));
          bmr += (1700 * Math.max(0, Math.min(end, h.now) - start)) / (end - start);
        }
        if (bmr === 0) return undefined;
        return { totalCalories: { kcalSum: round2(bmr + sum((p) => num(p.fields.kcal))) } };
      }
      default:
        break;
    }
    if (pts.length === 0) return undefined;
    switch (type) {
      case 'steps':
        return { steps: { countSum: String(sum((p) => num(p.fields.count))) } };
      case 'distance':
        return { distance: { millimetersSum: String(sum((p) => num(p.fields.millimeters))) } };
      case 'floors':
        return { floors: { countSum: String(sum((p) => num(p.fields.count))) } };
      case 'altitude':
        return { altitude: { gainMillimetersSum: String(sum((p) => num(p.fields.gainMillimeters))) } };
      case 'active-energy-burned':
        return { activeEnergyBurned: { kcalSum: round2(sum((p) => num(p.fields.kcal))) } };
      case 'active-minutes': {
        const byLevel = totalsByKey(
          pts.flatMap((p) =>
            (p.fields.activeMinutesByActivityLevel as { activityLevel: string; activeMinutes: string }[]).map(
              (e): [string, number] => [e.activityLevel, num(e.activeMinutes)],
            ),
          ),
        );
        const rollup = byLevel.map(([activityLevel, n]) => ({ activityLevel, activeMinutesSum: String(n) }));
        return { activeMinutes: { activeMinutesRollupByActivityLevel: rollup } };
      }
      case 'active-zone-minutes': {
        const z = (zone: string): string =>
          String(sum((p) => (p.fields.heartRateZone === zone ? num(p.fields.activeZoneMinutes) : 0)));
        return {
          activeZoneMinutes: {
            sumInFatBurnHeartZone: z('FAT_BURN'),
            sumInCardioHeartZone: z('CARDIO'),
            sumInPeakHeartZone: z('PEAK'),
          },
        };
      }
      case 'time-in-heart-rate-zone': {
        const byZone = totalsByKey(
          pts.map((p): [string, number] => [String(p.fields.heartRateZoneType), (p.end - p.start) / 1000]),
        );
        const zones = byZone.map(([heartRateZone, s]) => ({ heartRateZone, duration: durationString(s) }));
        return { timeInHeartRateZone: { timeInHeartRateZones: zones } };
      }
      case 'heart-rate': {
        const v = pts.map((p) => num(p.fields.beatsPerMinute));
        return {
          heartRate: {
            beatsPerMinuteAvg: round2(v.reduce((a, b) => a + b, 0) / v.length),
            beatsPerMinuteMin: Math.min(...v),
            beatsPerMinuteMax: Math.max(...v),
          },
        };
      }
      case 'weight':
        return { weight: { weightGramsAvg: round2(sum((p) => num(p.fields.weightGrams)) / pts.length) } };
      case 'body-fat':
        return {
          bodyFat: { bodyFatPercentageAvg: round2(sum((p) => num(p.fields.percentage)) / pts.length) },
        };
      default:
        return undefined;
    }
  }
}

/** Sums the values of `entries` per key, keys in order of first appearance. */
function totalsByKey(entries: readonly (readonly [string, number])[]): [string, number][] {
  const by = new Map<string, number>();
  for (const [key, value] of entries) by.set(key, (by.get(key) ?? 0) + value);
  return [...by];
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Seconds of a Google duration (`"3600s"`, `"-18000s"`; absent = 0). */
function seconds(duration: string | undefined): number {
  return duration === undefined ? 0 : Number.parseFloat(duration);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function newestFirst(a: SimPoint, b: SimPoint): number {
  return b.start - a.start || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** <0 when `p` comes before the cursor in newest-first order, 0 when equal, >0 after. */
function compare(p: { start: number; id: string }, c: QueryCursor): number {
  if (p.start !== c.start) return c.start - p.start;
  return p.id === c.id ? 0 : p.id < c.id ? 1 : -1;
}

function subject(
  p: SimPoint,
  civil: boolean,
): { start: number; end: number; civilStart: string; civilEnd: string; date?: string } {
  return {
    start: p.start,
    end: p.end,
    civilStart: civil ? civilString(p.start, p.startOffset) : '',
    civilEnd: civil ? civilString(p.end, p.endOffset) : '',
    ...(p.date !== undefined ? { date: p.date } : {}),
  };
}

function phoneCopy(p: SimPoint): StoredPoint {
  const fields = { ...p.fields };
  if (typeof fields.count === 'string') fields.count = String(Math.round(Number(fields.count) * 0.93));
  if (typeof fields.millimeters === 'string')
    fields.millimeters = String(Math.round(Number(fields.millimeters) * 0.95));
  if (typeof fields.kcal === 'number') fields.kcal = Math.round(fields.kcal * 90) / 100;
  // a phone copy has a distinct id that sorts right after the tracker's (same start)
  return { ...p, id: `${p.id}1`, fields, source: 'phone' };
}

function lateFields(type: string): Record<string, unknown> | undefined {
  switch (type) {
    case 'steps':
      return { count: '37' };
    case 'distance':
      return { millimeters: '26640' };
    case 'floors':
      return { count: '1' };
    case 'altitude':
      return { gainMillimeters: '3000' };
    case 'active-energy-burned':
      return { kcal: 2.5 };
    case 'active-minutes':
      return { activeMinutesByActivityLevel: [{ activityLevel: 'LIGHT', activeMinutes: '1' }] };
    case 'active-zone-minutes':
      return { heartRateZone: 'FAT_BURN', activeZoneMinutes: '1' };
    case 'time-in-heart-rate-zone':
      return { heartRateZoneType: 'LIGHT' };
    case 'heart-rate':
      return { beatsPerMinute: '77', metadata: { motionContext: 'SEDENTARY' } };
    case 'heart-rate-variability':
      return { rootMeanSquareOfSuccessiveDifferencesMilliseconds: 41.5, standardDeviationMilliseconds: 50.2 };
    case 'oxygen-saturation':
      return { percentage: 96.5 };
    case 'weight':
      return { weightGrams: 80500 };
    case 'body-fat':
      return { percentage: 21.9 };
    case 'daily-resting-heart-rate':
      return {
        beatsPerMinute: '57',
        dailyRestingHeartRateMetadata: { calculationMethod: 'ONLY_WITH_AWAKE_DATA' },
      };
    case 'daily-heart-rate-variability':
      return {
        averageHeartRateVariabilityMilliseconds: 44.4,
        deepSleepRootMeanSquareOfSuccessiveDifferencesMilliseconds: 50.1,
        nonRemHeartRateBeatsPerMinute: '54',
        entropy: 2.9,
      };
    case 'daily-oxygen-saturation':
      return {
        averagePercentage: 96.1,
        lowerBoundPercentage: 93.6,
        upperBoundPercentage: 98.1,
        standardDeviationPercentage: 0.8,
      };
    case 'daily-respiratory-rate':
      return { breathsPerMinute: 14.8 };
    case 'daily-sleep-temperature-derivations':
      return {
        nightlyTemperatureCelsius: 34.3,
        baselineTemperatureCelsius: 34.1,
        relativeNightlyStddev30dCelsius: 0.3,
      };
    case 'daily-vo2-max':
      return { vo2Max: 45.2, cardioFitnessLevel: 'GOOD', estimated: true, vo2MaxCovariance: 1.9 };
    case 'daily-heart-rate-zones':
      return {
        heartRateZones: [
          { heartRateZoneType: 'LIGHT', minBeatsPerMinute: '95', maxBeatsPerMinute: '109' },
          { heartRateZoneType: 'MODERATE', minBeatsPerMinute: '110', maxBeatsPerMinute: '134' },
          { heartRateZoneType: 'VIGOROUS', minBeatsPerMinute: '135', maxBeatsPerMinute: '159' },
          { heartRateZoneType: 'PEAK', minBeatsPerMinute: '160', maxBeatsPerMinute: '220' },
        ],
      };
    default:
      return undefined;
  }
}
