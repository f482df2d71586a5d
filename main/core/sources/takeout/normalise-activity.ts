/**
 * `Physical Activity_GoogleData` per-sample CSVs (UTC `Z` timestamps): heart rate, steps,
 * distance (metres), calories, active minutes and Active Zone Minutes. Civil days come from the
 * offset timeline; steps/distance/calories use one source per day, never a sum across sources.
 */
import { addDays } from '../../model/civil-day.js';
import { M, type DataTypeId } from '../../model/data-types.js';
import { formatUtc, type CivilDay, type DataRecord } from '../../model/record.js';
import type { CsvHeader } from './csv-rows.js';
import type { TakeoutEntry } from './entry.js';
import { need, num, readCsvEntry, tidy, type FamilyProcessor } from './family-io.js';
import type { ImportContext } from './import-context.js';
import type { FamilyStats } from './report.js';
import { isMirrorSource, MIRROR_SKIP, pickSource } from './source-choice.js';
import { DayResolver, isCanonicalUtc, parseUtc } from './time.js';

const csvRule = (ctx: ImportContext): string =>
  `UTC timestamps; civil day from the data's own UTC offset (${ctx.timeline.size} observations from sleep/exercise logs), else ${ctx.zone}`;

/** Column positions of a per-sample CSV: timestamp, value, the optional data source, and the row width. */
interface SampleColumns {
  readonly ti: number;
  readonly vi: number;
  readonly si: number;
  readonly width: number;
}

function sampleColumns(h: CsvHeader, valueNames: readonly string[]): SampleColumns {
  return { ti: need(h, 'timestamp'), vi: need(h, ...valueNames), si: h.col('data source'), width: h.length };
}

/** Which values a family accepts, and the skip reason for the others. */
interface ValueCheck {
  readonly valid: (v: number) => boolean;
  readonly invalid: string;
}

/**
 * One per-sample row checked the same way for every per-sample family (row width, timestamp,
 * value); a bad row is counted as skipped (with its reason) and yields undefined.
 */
function readSample(
  row: string[],
  line: number,
  cols: SampleColumns,
  check: ValueCheck,
  stats: FamilyStats,
  file: string,
): { t: number; time: string; v: number } | undefined {
  if (row.length !== cols.width) {
    stats.skip('wrong number of columns', file, line);
    return undefined;
  }
  const ts = row[cols.ti] ?? '';
  const t = parseUtc(ts);
  const v = num(row[cols.vi]);
  if (Number.isNaN(t)) {
    stats.skip('unreadable timestamp', file, line);
    return undefined;
  }
  if (!check.valid(v)) {
    stats.skip(check.invalid, file, line);
    return undefined;
  }
  return { t, time: isCanonicalUtc(ts) ? ts : formatUtc(t), v };
}

/**
 * heart_rate CSV → HeartRate_Intraday: every real source kept, tagged by Device, nothing summed.
 * Mirror rows (Health Connect / HealthKit round-trips) are held for the few days in flight and
 * dropped when the day has samples from a real source; a day with only a mirror keeps it (reported).
 */
export function heartRateCsv(ctx: ImportContext): FamilyProcessor {
  const realDays = new Set<CivilDay>();
  const mirrors = new Map<CivilDay, { source: string; file: string; recs: DataRecord[] }>();
  let newest: CivilDay = '';
  const flushMirrors = async (stats: FamilyStats, before: CivilDay): Promise<void> => {
    for (const day of [...mirrors.keys()].sort()) {
      if (day >= before) continue;
      const m = mirrors.get(day);
      mirrors.delete(day);
      if (!m) continue;
      if (realDays.has(day)) {
        stats.skip(MIRROR_SKIP, `${m.file} (${day})`, undefined, m.recs.length);
        continue;
      }
      stats.mirrorOnlyDay(day, m.source);
      for (const rec of m.recs) {
        const p = ctx.add(stats, day, 'heart-rate', rec);
        if (p) await p;
      }
    }
  };
  return {
    timeRule: () => `${csvRule(ctx)}; mirror sources dropped unless a day has nothing else`,
    readFile: (entry, stats) => {
      const resolver = new DayResolver(ctx.timeline);
      let lastDay = '';
      return readCsvEntry(ctx, entry, stats, ['heart-rate'], (h) => {
        const cols = sampleColumns(h, ['beats per minute', 'bpm', 'heart rate', 'value']);
        const check = { valid: (v: number) => v > 0 && v < 300, invalid: 'not a heart rate' };
        return (row, line) => {
          const sample = readSample(row, line, cols, check, stats, entry.display);
          if (!sample) return undefined;
          const { t, time, v } = sample;
          const day = resolver.dayOf(t);
          const source = cols.si >= 0 ? (row[cols.si] ?? '') : '';
          const rec: DataRecord = {
            measurement: M.heartRate,
            time,
            tags: ctx.deviceTags(source),
            fields: { value: v },
          };
          let flush: Promise<void> | undefined;
          if (day !== lastDay) {
            lastDay = day;
            if (day > newest) {
              newest = day;
              if (mirrors.size > 0) flush = flushMirrors(stats, addDays(day, -1));
            }
          }
          if (isMirrorSource(source)) {
            let m = mirrors.get(day);
            if (!m) {
              m = { source: source.trim(), file: entry.display, recs: [] };
              mirrors.set(day, m);
            }
            m.recs.push(rec);
            return flush;
          }
          realDays.add(day);
          const p = ctx.add(stats, day, 'heart-rate', rec);
          return flush ? flush.then(() => p) : p;
        };
      });
    },
    finish: (stats) => flushMirrors(stats, '9999-12-31'),
  };
}

interface MinuteKind {
  readonly type: DataTypeId;
  readonly intraday: string;
  readonly daily: string;
  readonly columns: readonly string[];
  /** Converts the CSV unit to the record unit. */
  readonly scale: (v: number) => number;
  readonly decimals: number;
}

const MINUTE_KINDS = {
  steps: {
    type: 'steps',
    intraday: M.stepsIntraday,
    daily: M.steps,
    columns: ['steps', 'value'],
    scale: (v) => v,
    decimals: 0,
  },
  distance: {
    type: 'distance',
    intraday: M.distanceIntraday,
    daily: M.distance,
    columns: ['distance', 'distance meters', 'value'],
    scale: (v) => v / 1000,
    decimals: 6,
  },
  calories: {
    type: 'calories',
    intraday: M.caloriesIntraday,
    daily: M.calories,
    columns: ['calories', 'value'],
    scale: (v) => v,
    decimals: 3,
  },
} as const satisfies Record<string, MinuteKind>;

interface SourceDay {
  times: string[];
  values: number[];
}

/**
 * steps / distance / calories CSV → `<X>_Intraday` per minute plus the day total. Rows are held
 * per (day, source) for the few days in flight (files are read in time order), then one source is
 * chosen per day.
 */
export function minuteTotalsCsv(ctx: ImportContext, kindName: keyof typeof MINUTE_KINDS): FamilyProcessor {
  const kind: MinuteKind = MINUTE_KINDS[kindName];
  const open = new Map<CivilDay, Map<string, SourceDay>>();
  let newest: CivilDay = '';

  const flushDay = async (stats: FamilyStats, day: CivilDay, file: string): Promise<void> => {
    const bySource = open.get(day);
    open.delete(day);
    if (!bySource) return;
    const counts = new Map<string, number>();
    for (const [src, d] of bySource) counts.set(src, d.times.length);
    const chosen = pickSource(counts, ctx.trackerNames);
    if (chosen === undefined) return;
    if (isMirrorSource(chosen)) stats.mirrorOnlyDay(day, chosen);
    for (const [src, d] of bySource)
      if (src !== chosen)
        stats.skip(
          isMirrorSource(src)
            ? MIRROR_SKIP
            : `other data source for the day (never summed): ${src || 'unnamed'}`,
          `${file} (${day})`,
          undefined,
          d.times.length,
        );
    const d = bySource.get(chosen);
    if (!d) return;
    const tags = ctx.deviceTags(chosen);
    let total = 0;
    for (let i = 0; i < d.times.length; i++) {
      const v = kind.scale(d.values[i] ?? 0);
      total += v;
      const p = ctx.add(stats, day, kind.type, {
        measurement: kind.intraday,
        time: d.times[i] ?? '',
        tags,
        fields: { value: v },
      });
      if (p) await p;
    }
    const p = ctx.add(stats, day, kind.type, {
      measurement: kind.daily,
      time: formatUtc(ctx.timeline.noonOf(day)),
      tags,
      fields: { value: tidy(total, kind.decimals) },
    });
    if (p) await p;
  };

  const flushOlderThan = async (stats: FamilyStats, keepFrom: CivilDay, file: string): Promise<void> => {
    for (const day of [...open.keys()].sort()) if (day < keepFrom) await flushDay(stats, day, file);
  };

  let lastFile = '';
  return {
    timeRule: () => `${csvRule(ctx)}; one data source per day`,
    readFile: (entry: TakeoutEntry, stats) => {
      lastFile = entry.display;
      const resolver = new DayResolver(ctx.timeline);
      let lastDay = '';
      return readCsvEntry(ctx, entry, stats, [kind.type], (h) => {
        const cols = sampleColumns(h, kind.columns);
        const check = { valid: (v: number) => v >= 0, invalid: 'not a number' };
        return (row, line) => {
          const sample = readSample(row, line, cols, check, stats, entry.display);
          if (!sample) return undefined;
          const { t, time, v } = sample;
          const day = resolver.dayOf(t);
          const src = cols.si >= 0 ? (row[cols.si] ?? '').trim() : '';
          let bySource = open.get(day);
          if (!bySource) {
            bySource = new Map();
            open.set(day, bySource);
          }
          let d = bySource.get(src);
          if (!d) {
            d = { times: [], values: [] };
            bySource.set(src, d);
          }
          d.times.push(time);
          d.values.push(v);
          if (day !== lastDay) {
            lastDay = day;
            if (day > newest) {
              newest = day;
              if (open.size > 2) return flushOlderThan(stats, addDays(day, -1), entry.display);
            }
          }
          return undefined;
        };
      });
    },
    finish: (stats) => flushOlderThan(stats, '9999-12-31', lastFile),
  };
}

/** Per-day, per-source daily aggregation for families read as minute rows but stored as daily values. */
class DailyBySource<T> {
  private readonly days = new Map<CivilDay, Map<string, { rows: number; acc: T }>>();
  constructor(private readonly init: () => T) {}
  at(day: CivilDay, source: string): T {
    let m = this.days.get(day);
    if (!m) {
      m = new Map();
      this.days.set(day, m);
    }
    let e = m.get(source);
    if (!e) {
      e = { rows: 0, acc: this.init() };
      m.set(source, e);
    }
    e.rows++;
    return e.acc;
  }
  /** Each day with its chosen source's aggregate, oldest first. */
  *chosen(trackers: ReadonlySet<string>): Generator<{ day: CivilDay; source: string; acc: T }> {
    for (const day of [...this.days.keys()].sort()) {
      const m = this.days.get(day);
      if (!m) continue;
      const counts = new Map<string, number>();
      for (const [s, e] of m) counts.set(s, e.rows);
      const src = pickSource(counts, trackers);
      const e = src === undefined ? undefined : m.get(src);
      if (src !== undefined && e) yield { day, source: src, acc: e.acc };
    }
  }
}

/** active_minutes CSV (per-minute 0/1 flags) → daily lightly/fairly/very active minutes. */
export function activeMinutesCsv(ctx: ImportContext): FamilyProcessor {
  const agg = new DailyBySource(() => ({ light: 0, moderate: 0, very: 0 }));
  return {
    timeRule: () => csvRule(ctx),
    readFile: (entry, stats) => {
      const resolver = new DayResolver(ctx.timeline);
      return readCsvEntry(ctx, entry, stats, ['active-minutes'], (h) => {
        const ti = need(h, 'timestamp');
        const li = need(h, 'light');
        const mi = need(h, 'moderate');
        const vi = need(h, 'very');
        const si = h.col('data source');
        return (row, line) => {
          const t = parseUtc(row[ti] ?? '');
          if (Number.isNaN(t)) {
            stats.skip('unreadable timestamp', entry.display, line);
            return undefined;
          }
          const a = agg.at(resolver.dayOf(t), si >= 0 ? (row[si] ?? '') : '');
          a.light += num(row[li]) || 0;
          a.moderate += num(row[mi]) || 0;
          a.very += num(row[vi]) || 0;
          return undefined;
        };
      });
    },
    finish: async (stats) => {
      for (const { day, source, acc } of agg.chosen(ctx.trackerNames)) {
        if (isMirrorSource(source)) stats.mirrorOnlyDay(day, source);
        const time = formatUtc(ctx.timeline.noonOf(day));
        const tags = ctx.deviceTags(source);
        const recs: [string, number][] = [
          [M.minutesLightlyActive, acc.light],
          [M.minutesFairlyActive, acc.moderate],
          [M.minutesVeryActive, acc.very],
        ];
        for (const [m, v] of recs) {
          const p = ctx.add(stats, day, 'active-minutes', {
            measurement: m,
            time,
            tags,
            fields: { value: v },
          });
          if (p) await p;
        }
      }
    },
  };
}

/** Maps a zone label (`FAT_BURN`, `Fat Burn`, `IN_DEFAULT_ZONE_1`, …) to the record's zone key. */
export function zoneKey(label: string): 'Out of Range' | 'Fat Burn' | 'Cardio' | 'Peak' | undefined {
  const k = label.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (k === 'outofrange' || k === 'belowdefaultzone1' || k === 'outofzone' || k === 'rest')
    return 'Out of Range';
  if (k === 'fatburn' || k === 'indefaultzone1' || k === 'moderate') return 'Fat Burn';
  if (k === 'cardio' || k === 'indefaultzone2' || k === 'vigorous') return 'Cardio';
  if (k === 'peak' || k === 'indefaultzone3') return 'Peak';
  return undefined;
}

/** active_zone_minutes CSV (per-minute zone and credited minutes) → daily ActiveZoneMinutes. */
export function azmCsv(ctx: ImportContext): FamilyProcessor {
  const agg = new DailyBySource(() => ({ fatBurn: 0, cardio: 0, peak: 0 }));
  return {
    timeRule: () => csvRule(ctx),
    readFile: (entry, stats) => {
      const resolver = new DayResolver(ctx.timeline);
      return readCsvEntry(ctx, entry, stats, ['active-zone-minutes'], (h) => {
        const ti = need(h, 'timestamp');
        const zi = need(h, 'heart rate zone', 'zone');
        const mi = need(h, 'total minutes', 'minutes');
        const si = h.col('data source');
        return (row, line) => {
          const t = parseUtc(row[ti] ?? '');
          const zone = zoneKey(row[zi] ?? '');
          const v = num(row[mi]);
          if (Number.isNaN(t) || zone === undefined || Number.isNaN(v)) {
            stats.skip(
              Number.isNaN(t) ? 'unreadable timestamp' : 'unknown zone or value',
              entry.display,
              line,
            );
            return undefined;
          }
          const a = agg.at(resolver.dayOf(t), si >= 0 ? (row[si] ?? '') : '');
          if (zone === 'Fat Burn') a.fatBurn += v;
          else if (zone === 'Cardio') a.cardio += v;
          else if (zone === 'Peak') a.peak += v;
          return undefined;
        };
      });
    },
    finish: async (stats) => {
      for (const { day, source, acc } of agg.chosen(ctx.trackerNames)) {
        if (isMirrorSource(source)) stats.mirrorOnlyDay(day, source);
        const p = ctx.add(stats, day, 'active-zone-minutes', {
          measurement: M.azm,
          time: formatUtc(ctx.timeline.noonOf(day)),
          tags: ctx.deviceTags(source),
          fields: {
            cardio: acc.cardio,
            fatBurn: acc.fatBurn,
            peak: acc.peak,
            total: acc.fatBurn + acc.cardio + acc.peak,
          },
        });
        if (p) await p;
      }
    },
  };
}
