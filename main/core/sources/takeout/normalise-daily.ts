/**
 * `Physical Activity_GoogleData` daily CSVs: resting heart rate, heart-rate zones, SpO2,
 * respiratory rate, and the weigh-in samples (weight in grams, body fat). A `…T00:00:00Z` stamp on
 * a daily row means the local calendar date; daily values are stamped 12:00 local.
 */
import { M, type DataTypeId } from '../../model/data-types.js';
import { formatUtc, makeRecord, type CivilDay, type DataRecord } from '../../model/record.js';
import type { CsvHeader } from './csv-rows.js';
import { need, num, readCsvEntry, type FamilyProcessor, type RowHandler } from './family-io.js';
import type { FamilyId } from './catalogue.js';
import type { ImportContext } from './import-context.js';
import { zoneKey } from './normalise-activity.js';
import type { FamilyStats } from './report.js';
import type { TakeoutEntry } from './entry.js';
import { isMirrorSource, MIRROR_SKIP } from './source-choice.js';
import { DayResolver, parseUtc, utcDateOf } from './time.js';

const DAY_MS = 86_400_000;

/** The civil day of a daily row: midnight-UTC stamps are the local date, anything else an instant. */
export function dailyRowDay(ts: string, resolver: DayResolver): CivilDay | undefined {
  const t = parseUtc(ts);
  if (Number.isNaN(t)) return undefined;
  return t % DAY_MS === 0 ? utcDateOf(t) : resolver.dayOf(t);
}

/** Emits a daily value at 12:00 local of `day`. */
export function addDaily(
  ctx: ImportContext,
  stats: FamilyStats,
  day: CivilDay,
  type: DataTypeId,
  measurement: string,
  tags: Record<string, string>,
  fields: Record<string, number | undefined>,
): Promise<void> | undefined {
  const rec = makeRecord(measurement, ctx.timeline.noonOf(day), tags, fields);
  if (!rec) {
    ctx.touch(stats, day, type);
    return undefined;
  }
  return ctx.add(stats, day, type, rec);
}

interface DailySpec {
  readonly type: DataTypeId;
  /** A family whose coverage wins over this one for the same day. */
  readonly preferred?: FamilyId;
  readonly rule?: string;
  /** Builds `(row) → emit` from the header; return a skip reason string to skip the row. */
  build(
    h: CsvHeader,
    ctx: ImportContext,
    stats: FamilyStats,
  ): (row: string[], day: CivilDay) => Promise<void> | undefined | string;
}

/**
 * A daily CSV: one value per civil day. A day a preferred twin family covers is superseded; a
 * second value for a day already read is skipped; mirror rows (Health Connect / HealthKit
 * round-trips) are held until the end and used only for days no other source gave.
 */
function dailyCsv(ctx: ImportContext, spec: DailySpec): FamilyProcessor {
  const mirrors = new Map<
    CivilDay,
    { source: string; file: string; run: () => Promise<void> | undefined | string }
  >();
  return {
    timeRule: () =>
      spec.rule ??
      `date of the row (…T00:00:00Z is the local date); stamped 12:00 local at the data's offset; one value per day, mirror sources only for days with nothing else`,
    readFile: (entry: TakeoutEntry, stats) => {
      const resolver = new DayResolver(ctx.timeline);
      return readCsvEntry(ctx, entry, stats, [spec.type], (h): RowHandler => {
        const ti = need(h, 'timestamp', 'date', 'date_time');
        const si = src(h);
        const emit = spec.build(h, ctx, stats);
        const run = (row: string[], day: CivilDay, line: number): Promise<void> | undefined => {
          const r = emit(row, day);
          if (typeof r === 'string') {
            stats.skip(r, entry.display, line);
            ctx.touch(stats, day, spec.type);
            return undefined;
          }
          return r;
        };
        return (row, line) => {
          const day = dailyRowDay(row[ti] ?? '', resolver);
          if (day === undefined) {
            stats.skip('unreadable timestamp', entry.display, line);
            return undefined;
          }
          if (spec.preferred !== undefined && ctx.covers(spec.preferred, day)) {
            stats.superseded++;
            return undefined;
          }
          const source = si >= 0 ? (row[si] ?? '').trim() : '';
          if (isMirrorSource(source)) {
            if (!mirrors.has(day))
              mirrors.set(day, { source, file: `${entry.display}:${line}`, run: () => run(row, day, line) });
            else stats.skip(MIRROR_SKIP, entry.display, line);
            return undefined;
          }
          if (stats.daySet().has(day)) {
            stats.skip('second value for the same day (one value per day)', entry.display, line);
            return undefined;
          }
          return run(row, day, line);
        };
      });
    },
    finish: async (stats) => {
      for (const day of [...mirrors.keys()].sort()) {
        const m = mirrors.get(day);
        if (!m) continue;
        if (stats.daySet().has(day) || (spec.preferred !== undefined && ctx.covers(spec.preferred, day))) {
          stats.skip(MIRROR_SKIP, m.file);
          continue;
        }
        stats.mirrorOnlyDay(day, m.source);
        const p = m.run();
        if (p instanceof Promise) await p;
      }
      mirrors.clear();
    },
  };
}

const src = (h: CsvHeader): number => h.col('data source');

/** A daily CSV holding one positive value per row (resting heart rate, breathing rate) → `{ value }`. */
function positiveValueCsv(
  ctx: ImportContext,
  spec: {
    type: DataTypeId;
    measurement: string;
    columns: readonly string[];
    missing: string;
    preferred?: FamilyId;
  },
): FamilyProcessor {
  return dailyCsv(ctx, {
    type: spec.type,
    ...(spec.preferred === undefined ? {} : { preferred: spec.preferred }),
    build: (h, c, stats) => {
      const vi = valueColumn(h, spec.columns);
      const si = src(h);
      return (row, day) => {
        const v = num(row[vi]);
        if (!(v > 0)) return spec.missing;
        return addDaily(
          c,
          stats,
          day,
          spec.type,
          spec.measurement,
          c.deviceTags(si >= 0 ? row[si] : undefined),
          {
            value: v,
          },
        );
      };
    },
  });
}

/** The value column: the first of `names` present, else the only column besides timestamp and source. */
function valueColumn(h: CsvHeader, names: readonly string[]): number {
  const i = h.col(...names);
  if (i >= 0) return i;
  const others = h.names
    .map((n, j) => [n.trim().toLowerCase(), j] as const)
    .filter(([n]) => n !== 'timestamp' && n !== 'date' && n !== 'data source');
  const only = others.length === 1 ? others[0] : undefined;
  return only !== undefined ? only[1] : need(h, ...names);
}

/**
 * daily_resting_heart_rate.csv → RestingHR; `resting_heart_rate.csv` holds the same values (`51`
 * vs `51.0`), so it is read with `preferred` = the daily family: one value per day.
 */
export function restingHrCsv(ctx: ImportContext, preferred?: FamilyId): FamilyProcessor {
  return positiveValueCsv(ctx, {
    type: 'resting-heart-rate',
    measurement: M.restingHr,
    columns: ['beats per minute', 'resting heart rate', 'value'],
    missing: 'no resting heart rate (null or 0)',
    ...(preferred === undefined ? {} : { preferred }),
  });
}

/** daily_vo2_max.csv / vo2_max.csv (the same values) → VO2Max, one value per day. */
export function vo2MaxCsv(ctx: ImportContext, preferred?: FamilyId): FamilyProcessor {
  return positiveValueCsv(ctx, {
    type: 'vo2-max',
    measurement: M.vo2Max,
    columns: ['vo2 max', 'vo2max', 'vo2_max', 'filtered demographic vo2 max', 'demographic vo2 max', 'value'],
    missing: 'missing value',
    ...(preferred === undefined ? {} : { preferred }),
  });
}

/** Parses the zone JSON of daily_heart_rate_zones: an array of zone objects or a `name → minutes` map. */
export function parseZoneJson(
  text: string,
): { minutes: Record<string, number>; calories: Record<string, number> } | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  const minutes: Record<string, number> = {};
  const calories: Record<string, number> = {};
  const put = (name: unknown, mins: unknown, cals: unknown): void => {
    const k = typeof name === 'string' ? zoneKey(name) : undefined;
    if (!k) return;
    if (typeof mins === 'number') minutes[k] = (minutes[k] ?? 0) + mins;
    if (typeof cals === 'number') calories[k] = (calories[k] ?? 0) + cals;
  };
  if (Array.isArray(v)) {
    for (const z of v as unknown[]) {
      if (z && typeof z === 'object') {
        const o = z as Record<string, unknown>;
        put(o.name ?? o.zone ?? o.type, o.minutes ?? o.duration_minutes, o.calories ?? o.caloriesOut);
      }
    }
  } else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const inner = (o.valuesInZones ?? o) as Record<string, unknown>;
    for (const [k, val] of Object.entries(inner)) put(k, val, undefined);
  }
  return Object.keys(minutes).length > 0 || Object.keys(calories).length > 0
    ? { minutes, calories }
    : undefined;
}

/** daily_heart_rate_zones.csv → HR_Zones (+ HR_Zones_Calories). */
export function hrZonesCsv(ctx: ImportContext): FamilyProcessor {
  return dailyCsv(ctx, {
    type: 'heart-rate-zones',
    build: (h, c, stats) => {
      const zi = need(h, 'heart rate zones', 'zones', 'value');
      const si = src(h);
      return (row, day) => {
        const z = parseZoneJson(row[zi] ?? '');
        if (!z) return 'unreadable zone JSON';
        const tags = c.deviceTags(si >= 0 ? row[si] : undefined);
        const p1 = addDaily(c, stats, day, 'heart-rate-zones', M.hrZones, tags, z.minutes);
        if (Object.keys(z.calories).length === 0) return p1;
        const p2 = addDaily(c, stats, day, 'heart-rate-zones', M.hrZonesCalories, tags, z.calories);
        return p1 || p2 ? Promise.all([p1, p2]).then(() => undefined) : undefined;
      };
    },
  });
}

const SPO2_SENTINEL = 50;

/** daily_oxygen_saturation.csv → SPO2_Daily, only for days the SpO2 folder does not cover. */
export function dailySpo2Csv(ctx: ImportContext): FamilyProcessor {
  return dailyCsv(ctx, {
    type: 'spo2',
    preferred: 'Oxygen Saturation (SpO2)/Daily SpO2',
    build: (h, c, stats) => {
      const ai = need(h, 'average percentage', 'average', 'value');
      const lo = h.col('lower bound', 'lower bound percentage', 'min');
      const hi = h.col('upper bound', 'upper bound percentage', 'max');
      const si = src(h);
      return (row, day) => {
        const avg = num(row[ai]);
        if (!(avg > 0) || avg === SPO2_SENTINEL) return 'SpO2 sentinel or missing value';
        return addDaily(c, stats, day, 'spo2', M.spo2Daily, c.deviceTags(si >= 0 ? row[si] : undefined), {
          avg,
          min: lo >= 0 ? num(row[lo]) : undefined,
          max: hi >= 0 ? num(row[hi]) : undefined,
        });
      };
    },
  });
}

/** daily_respiratory_rate.csv → BreathingRate. */
export function respiratoryCsv(ctx: ImportContext): FamilyProcessor {
  return positiveValueCsv(ctx, {
    type: 'breathing-rate',
    measurement: M.breathingRate,
    columns: ['breaths per minute', 'breathing rate', 'value'],
    missing: 'missing value',
  });
}

/**
 * weight.csv (grams) / body_fat.csv (`timestamp,body fat percentage,data source`) → Weight / BodyFat
 * at the weigh-in instant. Mirror weigh-ins are kept only for days no other source weighed in.
 */
export function weighInCsv(ctx: ImportContext, which: 'weight' | 'body-fat'): FamilyProcessor {
  const mirrors = new Map<CivilDay, { source: string; file: string; recs: DataRecord[] }>();
  return {
    finish: async (stats) => {
      for (const day of [...mirrors.keys()].sort()) {
        const m = mirrors.get(day);
        if (!m) continue;
        if (stats.daySet().has(day)) {
          stats.skip(MIRROR_SKIP, m.file, undefined, m.recs.length);
          continue;
        }
        stats.mirrorOnlyDay(day, m.source);
        for (const rec of m.recs) {
          const p = ctx.add(stats, day, which, rec);
          if (p) await p;
        }
      }
      mirrors.clear();
    },
    timeRule: () => `UTC timestamps; civil day from the data's own UTC offset, else ${ctx.zone}`,
    readFile: (entry, stats) => {
      const resolver = new DayResolver(ctx.timeline);
      return readCsvEntry(ctx, entry, stats, [which], (h) => {
        const ti = need(h, 'timestamp');
        const si = src(h);
        let vi: number;
        if (which === 'weight') vi = need(h, 'weight grams', 'weight');
        else {
          vi = h.col('body fat percentage', 'fat percentage', 'body fat', 'percentage', 'fat', 'value');
          if (vi < 0) vi = h.names.findIndex((_n, i) => i !== ti && i !== si);
          if (vi < 0) vi = need(h, 'body fat percentage');
        }
        return (row, line) => {
          const t = parseUtc(row[ti] ?? '');
          const v = num(row[vi]);
          if (Number.isNaN(t) || !(v > 0)) {
            stats.skip(Number.isNaN(t) ? 'unreadable timestamp' : 'missing value', entry.display, line);
            return undefined;
          }
          const source = (si >= 0 ? (row[si] ?? '').trim() : '') || 'unknown';
          const day = resolver.dayOf(t);
          const rec =
            which === 'weight'
              ? makeRecord(M.weight, t, { Source: source }, { weight_kg: v / 1000 })
              : makeRecord(M.bodyFat, t, { Source: source }, { value: v });
          if (rec && isMirrorSource(source)) {
            const m = mirrors.get(day);
            if (m) m.recs.push(rec);
            else mirrors.set(day, { source, file: entry.display, recs: [rec] });
            return undefined;
          }
          return rec ? ctx.add(stats, day, which, rec) : undefined;
        };
      });
    },
  };
}

/** Formats a noon stamp (exported for the vitals normalisers). */
export function noonTime(ctx: ImportContext, day: CivilDay): string {
  return formatUtc(ctx.timeline.noonOf(day));
}
