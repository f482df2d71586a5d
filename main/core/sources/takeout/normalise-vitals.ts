/**
 * The per-metric folders: `Heart Rate Variability/`, `Oxygen Saturation (SpO2)/`, `Temperature/`
 * and the legacy `Active Zone Minutes (AZM)/`. Dates in their names and rows are local; zone-less
 * instants are placed with the offset timeline (else the zone rule). SpO2 50.0 is a sentinel.
 */
import { M } from '../../model/data-types.js';
import { formatUtc, makeRecord, type CivilDay } from '../../model/record.js';
import { need, num, readCsvEntry, type FamilyProcessor } from './family-io.js';
import type { ImportContext } from './import-context.js';
import { zoneKey } from './normalise-activity.js';
import { addDaily, dailyRowDay } from './normalise-daily.js';
import { DayResolver, parseUtc, parseWall, wallDay, WallResolver } from './time.js';

const SPO2_SENTINEL = 50;
const hasZone = (s: string): boolean => /(Z|[+-]\d{2}:?\d{2})$/.test(s.trim());

const localRule = (ctx: ImportContext): string =>
  `zone-less local time; UTC offset from nearby sleep/exercise logs, else ${ctx.zone} (${ctx.zoneSource})`;

/** Daily Heart Rate Variability Summary → HRV.dailyRmssd (day = the row's date). */
export function hrvDailyCsv(ctx: ImportContext): FamilyProcessor {
  return {
    timeRule: () => 'date of the row; stamped 12:00 local',
    readFile: (entry, stats) => {
      const resolver = new DayResolver(ctx.timeline);
      return readCsvEntry(ctx, entry, stats, ['hrv'], (h) => {
        const ti = need(h, 'timestamp', 'date');
        const ri = need(h, 'rmssd', 'daily_rmssd');
        const di = h.col('deep_rmssd', 'deeprmssd');
        return (row, line) => {
          const day = dailyRowDay(row[ti] ?? '', resolver);
          const v = num(row[ri]);
          if (day === undefined || !(v > 0)) {
            stats.skip(day === undefined ? 'unreadable timestamp' : 'missing rmssd', entry.display, line);
            return undefined;
          }
          return addDaily(ctx, stats, day, 'hrv', M.hrv, ctx.deviceTags(undefined), {
            dailyRmssd: v,
            deepRmssd: di >= 0 ? num(row[di]) : undefined,
          });
        };
      });
    },
  };
}

/** Reads a timestamp that may be zone-less local time (HRV details, minute SpO2). */
function instantOf(ts: string, wall: WallResolver): { t: number; day: CivilDay | undefined } {
  if (hasZone(ts)) return { t: parseUtc(ts), day: undefined };
  const w = parseWall(ts.trim());
  return { t: Number.isNaN(w) ? Number.NaN : wall.toUtc(w), day: wallDay(ts.trim()) };
}

/** Heart Rate Variability Details (5-minute) → HRV_Intraday. */
export function hrvDetailsCsv(ctx: ImportContext): FamilyProcessor {
  return {
    timeRule: () => localRule(ctx),
    readFile: (entry, stats) => {
      const wall = new WallResolver(ctx.timeline);
      const resolver = new DayResolver(ctx.timeline);
      return readCsvEntry(ctx, entry, stats, ['hrv'], (h) => {
        const ti = need(h, 'timestamp');
        const ri = need(h, 'rmssd');
        const ci = h.col('coverage');
        const li = h.col('low_frequency', 'lf');
        const hi = h.col('high_frequency', 'hf');
        return (row, line) => {
          const { t, day } = instantOf(row[ti] ?? '', wall);
          const v = num(row[ri]);
          if (Number.isNaN(t) || !(v > 0)) {
            stats.skip(Number.isNaN(t) ? 'unreadable timestamp' : 'missing rmssd', entry.display, line);
            return undefined;
          }
          const rec = makeRecord(
            M.hrvIntraday,
            t,
            { Device: ctx.defaultDevice },
            {
              rmssd: v,
              coverage: ci >= 0 ? num(row[ci]) : undefined,
              lf: li >= 0 ? num(row[li]) : undefined,
              hf: hi >= 0 ? num(row[hi]) : undefined,
            },
          );
          return rec ? ctx.add(stats, day ?? resolver.dayOf(t), 'hrv', rec) : undefined;
        };
      });
    },
  };
}

/** Daily Respiratory Rate Summary → BreathingRate, only for days daily_respiratory_rate.csv lacks. */
export function respiratorySummaryCsv(ctx: ImportContext): FamilyProcessor {
  return {
    timeRule: () =>
      'date of the row; stamped 12:00 local; used only where daily_respiratory_rate.csv has no value',
    readFile: (entry, stats) => {
      const resolver = new DayResolver(ctx.timeline);
      return readCsvEntry(ctx, entry, stats, ['breathing-rate'], (h) => {
        const ti = need(h, 'timestamp', 'date');
        const vi = need(h, 'daily_respiratory_rate', 'full_sleep_breathing_rate', 'breathing_rate');
        return (row, line) => {
          const day = dailyRowDay(row[ti] ?? '', resolver);
          const v = num(row[vi]);
          if (day === undefined || !(v > 0)) {
            stats.skip(day === undefined ? 'unreadable timestamp' : 'missing value', entry.display, line);
            return undefined;
          }
          if (ctx.covers('Physical Activity_GoogleData/daily_respiratory_rate', day)) {
            stats.superseded++;
            return undefined;
          }
          return addDaily(ctx, stats, day, 'breathing-rate', M.breathingRate, ctx.deviceTags(undefined), {
            value: v,
          });
        };
      });
    },
  };
}

/** Daily SpO2 → SPO2_Daily avg/min/max (sentinel 50.0 dropped). */
export function spo2DailyCsv(ctx: ImportContext): FamilyProcessor {
  return {
    timeRule: () => 'date of the row (…T00:00:00Z is the local date); stamped 12:00 local',
    readFile: (entry, stats) => {
      const resolver = new DayResolver(ctx.timeline);
      return readCsvEntry(ctx, entry, stats, ['spo2'], (h) => {
        const ti = need(h, 'timestamp', 'date');
        const ai = need(h, 'average_value', 'average', 'value');
        const lo = h.col('lower_bound', 'min');
        const hi = h.col('upper_bound', 'max');
        return (row, line) => {
          const day = dailyRowDay(row[ti] ?? '', resolver);
          if (day === undefined) {
            stats.skip('unreadable timestamp', entry.display, line);
            return undefined;
          }
          const avg = num(row[ai]);
          if (!(avg > 0) || avg === SPO2_SENTINEL) {
            stats.skip('SpO2 sentinel 50.0 or missing value', entry.display, line);
            ctx.touch(stats, day, 'spo2');
            return undefined;
          }
          const min = lo >= 0 ? num(row[lo]) : Number.NaN;
          const max = hi >= 0 ? num(row[hi]) : Number.NaN;
          return addDaily(ctx, stats, day, 'spo2', M.spo2Daily, ctx.deviceTags(undefined), {
            avg,
            min: min === SPO2_SENTINEL ? undefined : min,
            max: max === SPO2_SENTINEL ? undefined : max,
          });
        };
      });
    },
  };
}

/** Minute SpO2 → SPO2_Intraday (sentinel 50.0 dropped). */
export function spo2MinuteCsv(ctx: ImportContext): FamilyProcessor {
  return {
    timeRule: () => `UTC when the timestamp has a zone, else ${localRule(ctx)}`,
    readFile: (entry, stats) => {
      const wall = new WallResolver(ctx.timeline);
      const resolver = new DayResolver(ctx.timeline);
      return readCsvEntry(ctx, entry, stats, ['spo2'], (h) => {
        const ti = need(h, 'timestamp');
        const vi = need(h, 'value', 'spo2');
        return (row, line) => {
          const { t, day } = instantOf(row[ti] ?? '', wall);
          const v = num(row[vi]);
          if (Number.isNaN(t)) {
            stats.skip('unreadable timestamp', entry.display, line);
            return undefined;
          }
          if (!(v > 0) || v === SPO2_SENTINEL) {
            stats.skip('SpO2 sentinel 50.0 or missing value', entry.display, line);
            return undefined;
          }
          return ctx.add(stats, day ?? resolver.dayOf(t), 'spo2', {
            measurement: M.spo2Intraday,
            time: formatUtc(t),
            tags: ctx.deviceTags(undefined),
            fields: { value: v },
          });
        };
      });
    },
  };
}

/** Computed Temperature → SkinTemperature (nightly relative to baseline), on the day the sleep ended. */
export function computedTemperatureCsv(ctx: ImportContext): FamilyProcessor {
  return {
    timeRule: () => 'local date of sleep_end; stamped 12:00 local',
    readFile: (entry, stats) =>
      readCsvEntry(ctx, entry, stats, ['skin-temperature'], (h) => {
        const ei = need(h, 'sleep_end');
        const ni = h.col('nightly_temperature');
        const si = h.col('baseline_relative_sample_sum');
        const ci = h.col('temperature_samples', 'baseline_relative_sample_count');
        return (row, line) => {
          const day = wallDay((row[ei] ?? '').trim());
          if (day === undefined) {
            stats.skip('unreadable sleep_end', entry.display, line);
            return undefined;
          }
          const nightly = ni >= 0 ? num(row[ni]) : Number.NaN;
          const sum = si >= 0 ? num(row[si]) : Number.NaN;
          const count = ci >= 0 ? num(row[ci]) : Number.NaN;
          const rel = count > 0 ? sum / count : Number.NaN;
          if (Number.isNaN(rel) && Number.isNaN(nightly)) {
            stats.skip('no temperature values', entry.display, line);
            return undefined;
          }
          const r3 = (x: number): number => Math.round(x * 1000) / 1000;
          return addDaily(ctx, stats, day, 'skin-temperature', M.skinTemperature, ctx.deviceTags(undefined), {
            nightlyRelative: Number.isNaN(rel) ? undefined : r3(rel),
            nightly: Number.isNaN(nightly) ? undefined : nightly,
            baseline: Number.isNaN(rel) || Number.isNaN(nightly) ? undefined : r3(nightly - rel),
          });
        };
      }),
  };
}

/** Active Zone Minutes (AZM)/*.csv (local stamps) → ActiveZoneMinutes, only where the CSV twin has no day. */
export function azmLegacyCsv(ctx: ImportContext): FamilyProcessor {
  const days = new Map<CivilDay, { fatBurn: number; cardio: number; peak: number }>();
  return {
    timeRule: () => 'local date of date_time; used only where active_zone_minutes CSV has no day',
    readFile: (entry, stats) =>
      readCsvEntry(ctx, entry, stats, ['active-zone-minutes'], (h) => {
        const ti = need(h, 'date_time', 'timestamp');
        const zi = need(h, 'heart_zone_id', 'zone');
        const mi = need(h, 'total_minutes', 'minutes');
        return (row, line) => {
          const day = wallDay((row[ti] ?? '').trim());
          const zone = zoneKey(row[zi] ?? '');
          const v = num(row[mi]);
          if (day === undefined || zone === undefined || Number.isNaN(v)) {
            stats.skip('unreadable AZM row', entry.display, line);
            return undefined;
          }
          if (ctx.covers('Physical Activity_GoogleData/active_zone_minutes', day)) {
            stats.superseded++;
            return undefined;
          }
          let a = days.get(day);
          if (!a) {
            a = { fatBurn: 0, cardio: 0, peak: 0 };
            days.set(day, a);
          }
          if (zone === 'Fat Burn') a.fatBurn += v;
          else if (zone === 'Cardio') a.cardio += v;
          else if (zone === 'Peak') a.peak += v;
          return undefined;
        };
      }),
    finish: async (stats) => {
      for (const day of [...days.keys()].sort()) {
        const a = days.get(day) ?? { fatBurn: 0, cardio: 0, peak: 0 };
        const p = addDaily(ctx, stats, day, 'active-zone-minutes', M.azm, ctx.deviceTags(undefined), {
          ...a,
          total: a.fatBurn + a.cardio + a.peak,
        });
        if (p) await p;
      }
    },
  };
}
