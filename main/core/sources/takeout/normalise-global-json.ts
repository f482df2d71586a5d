/**
 * `Global Export Data` legacy JSON (zone-less `MM/DD/YY HH:MM:SS`). Used only for days the CSV
 * twins (UTC) do not cover, with an explicit, reported rule: the wall time is local time at the
 * offset learnt from nearby sleep/exercise logs, else in the zone rule's zone (profile zone,
 * `--timezone`, or UTC with a warning). Placeholder rows (future days, null resting HR) are dropped.
 */
import { legacyActivityFields, pythonBool, sleepEndTime } from '../../model/legacy-records.js';
import { M, SLEEP_LEVEL_CODE, type DataTypeId } from '../../model/data-types.js';
import { formatUtc, makeRecord, type CivilDay } from '../../model/record.js';
import type { FamilyId } from './catalogue.js';
import { readJsonEntry, tidy, type FamilyProcessor } from './family-io.js';
import type { ImportContext } from './import-context.js';
import { addDaily, parseZoneJson } from './normalise-daily.js';
import type { FamilyStats } from './report.js';
import { parseWall, wallDay, WallResolver } from './time.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const numOf = (v: unknown): number =>
  typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export const jsonRule = (ctx: ImportContext): string =>
  `zone-less JSON local time; UTC offset from nearby sleep/exercise logs, else ${ctx.zone} (${ctx.zoneSource}); used only for days without a CSV twin`;

interface IntradaySpec {
  readonly type: DataTypeId;
  readonly twin: FamilyId;
  readonly intraday: string;
  /** Daily total measurement, when the family has one. */
  readonly daily?: string;
  readonly value: (v: unknown) => number;
  readonly decimals: number;
}

const INTRADAY: Record<'heart_rate' | 'steps' | 'distance' | 'calories', IntradaySpec> = {
  heart_rate: {
    type: 'heart-rate',
    twin: 'Physical Activity_GoogleData/heart_rate',
    intraday: M.heartRate,
    value: (v) => (isObj(v) ? numOf(v.bpm) : Number.NaN),
    decimals: 0,
  },
  steps: {
    type: 'steps',
    twin: 'Physical Activity_GoogleData/steps',
    intraday: M.stepsIntraday,
    daily: M.steps,
    value: numOf,
    decimals: 0,
  },
  distance: {
    type: 'distance',
    twin: 'Physical Activity_GoogleData/distance',
    intraday: M.distanceIntraday,
    daily: M.distance,
    // centimetres → km
    value: (v) => numOf(v) / 100_000,
    decimals: 6,
  },
  calories: {
    type: 'calories',
    twin: 'Physical Activity_GoogleData/calories',
    intraday: M.caloriesIntraday,
    daily: M.calories,
    value: numOf,
    decimals: 3,
  },
};

/** heart_rate-/steps-/distance-/calories-*.json → intraday records (+ day totals). */
export function intradayJson(ctx: ImportContext, which: keyof typeof INTRADAY): FamilyProcessor {
  const spec = INTRADAY[which];
  const totals = new Map<CivilDay, number>();
  return {
    timeRule: () => jsonRule(ctx),
    readFile: (entry, stats) => {
      const wall = new WallResolver(ctx.timeline);
      const tags = ctx.deviceTags(undefined);
      let lastDay = '';
      let lastCovered = false;
      return readJsonEntry(ctx, entry, stats, [spec.type], (el, line) => {
        const dt = isObj(el) ? str(el.dateTime) : '';
        const day = wallDay(dt);
        const w = parseWall(dt);
        if (day === undefined || Number.isNaN(w)) {
          stats.skip('unreadable dateTime', entry.display, line);
          return undefined;
        }
        if (day !== lastDay) {
          lastDay = day;
          lastCovered = ctx.covers(spec.twin, day);
        }
        if (lastCovered) {
          stats.superseded++;
          return undefined;
        }
        const v = spec.value((el as Obj).value);
        if (!(v >= 0) || (which === 'heart_rate' && v === 0)) {
          stats.skip('not a number', entry.display, line);
          return undefined;
        }
        if (spec.daily !== undefined) totals.set(day, (totals.get(day) ?? 0) + v);
        return ctx.add(stats, day, spec.type, {
          measurement: spec.intraday,
          time: formatUtc(wall.toUtc(w)),
          tags,
          fields: { value: v },
        });
      });
    },
    finish: async (stats) => {
      if (spec.daily === undefined) return;
      for (const day of [...totals.keys()].sort()) {
        const p = addDaily(ctx, stats, day, spec.type, spec.daily, ctx.deviceTags(undefined), {
          value: tidy(totals.get(day) ?? 0, spec.decimals),
        });
        if (p) await p;
      }
    },
  };
}

interface DailySpec {
  readonly type: DataTypeId;
  readonly twin?: FamilyId;
  readonly measurement: string;
  /** The placeholder value padded onto future days, if the family has one. */
  readonly placeholder?: number;
}

const ACTIVE: Record<
  'sedentary_minutes' | 'lightly_active_minutes' | 'moderately_active_minutes' | 'very_active_minutes',
  DailySpec
> = {
  sedentary_minutes: { type: 'active-minutes', measurement: M.minutesSedentary, placeholder: 1440 },
  lightly_active_minutes: {
    type: 'active-minutes',
    measurement: M.minutesLightlyActive,
    placeholder: 0,
    twin: 'Physical Activity_GoogleData/active_minutes',
  },
  moderately_active_minutes: {
    type: 'active-minutes',
    measurement: M.minutesFairlyActive,
    placeholder: 0,
    twin: 'Physical Activity_GoogleData/active_minutes',
  },
  very_active_minutes: {
    type: 'active-minutes',
    measurement: M.minutesVeryActive,
    placeholder: 0,
    twin: 'Physical Activity_GoogleData/active_minutes',
  },
};

/** sedentary_/lightly_/moderately_/very_active_minutes-*.json → daily minutes (placeholder future days dropped). */
export function activeMinutesJson(ctx: ImportContext, which: keyof typeof ACTIVE): FamilyProcessor {
  const spec = ACTIVE[which];
  return {
    timeRule: () =>
      `date of dateTime; stamped 12:00 local; rows with the placeholder ${spec.placeholder ?? ''} after the last day of real data are dropped`,
    readFile: (entry, stats) =>
      readJsonEntry(ctx, entry, stats, [spec.type], (el, line) => {
        const day = isObj(el) ? wallDay(str(el.dateTime)) : undefined;
        const v = isObj(el) ? numOf(el.value) : Number.NaN;
        if (day === undefined || Number.isNaN(v)) {
          stats.skip('unreadable row', entry.display, line);
          return undefined;
        }
        if (
          spec.placeholder !== undefined &&
          v === spec.placeholder &&
          (ctx.lastRealDay === '' || day > ctx.lastRealDay)
        ) {
          stats.skip('placeholder future day', entry.display, line);
          return undefined;
        }
        if (spec.twin !== undefined && ctx.covers(spec.twin, day)) {
          stats.superseded++;
          return undefined;
        }
        const rec = makeRecord(spec.measurement, ctx.timeline.noonOf(day), ctx.deviceTags(undefined), {
          value: v,
        });
        return rec ? ctx.add(stats, day, spec.type, rec, false) : undefined;
      }),
  };
}

/** resting_heart_rate-*.json → RestingHR (placeholder rows `{date:null,value:0}` dropped). */
export function restingHrJson(ctx: ImportContext): FamilyProcessor {
  return {
    timeRule: () =>
      'value.date; stamped 12:00 local; used only for days without daily_resting_heart_rate.csv',
    readFile: (entry, stats) =>
      readJsonEntry(ctx, entry, stats, ['resting-heart-rate'], (el, line) => {
        const value = isObj(el) && isObj(el.value) ? el.value : undefined;
        if (!value || value.date === null || !(numOf(value.value) > 0)) {
          stats.skip('null resting heart rate placeholder', entry.display, line);
          return undefined;
        }
        const day = wallDay(str(value.date)) ?? wallDay(str((el as Obj).dateTime));
        if (day === undefined) {
          stats.skip('unreadable date', entry.display, line);
          return undefined;
        }
        if (
          ctx.covers('Physical Activity_GoogleData/daily_resting_heart_rate', day) ||
          ctx.covers('Physical Activity_GoogleData/resting_heart_rate', day)
        ) {
          stats.superseded++;
          return undefined;
        }
        return addDaily(ctx, stats, day, 'resting-heart-rate', M.restingHr, ctx.deviceTags(undefined), {
          value: numOf(value.value),
        });
      }),
  };
}

/** time_in_heart_rate_zones-*.json → HR_Zones (minutes), only for days without the CSV twin. */
export function hrZonesJson(ctx: ImportContext): FamilyProcessor {
  return {
    timeRule: () =>
      'date of dateTime; stamped 12:00 local; used only for days without daily_heart_rate_zones.csv',
    readFile: (entry, stats) =>
      readJsonEntry(ctx, entry, stats, ['heart-rate-zones'], (el, line) => {
        const day = isObj(el) ? wallDay(str(el.dateTime)) : undefined;
        const z = isObj(el) ? parseZoneJson(JSON.stringify(el.value)) : undefined;
        if (day === undefined || !z) {
          stats.skip('unreadable row', entry.display, line);
          return undefined;
        }
        if (ctx.covers('Physical Activity_GoogleData/daily_heart_rate_zones', day)) {
          stats.superseded++;
          return undefined;
        }
        return addDaily(ctx, stats, day, 'heart-rate-zones', M.hrZones, ctx.deviceTags(undefined), z.minutes);
      }),
  };
}

/** demographic_vo2_max-*.json → VO2Max. */
export function vo2MaxJson(ctx: ImportContext): FamilyProcessor {
  return {
    timeRule: () => 'date of dateTime; stamped 12:00 local; used only for days without the vo2_max CSVs',
    readFile: (entry, stats) =>
      readJsonEntry(ctx, entry, stats, ['vo2-max'], (el, line) => {
        const day = isObj(el) ? wallDay(str(el.dateTime)) : undefined;
        const value = isObj(el) && isObj(el.value) ? el.value : undefined;
        const v = value ? numOf(value.filteredDemographicVO2Max ?? value.demographicVO2Max) : Number.NaN;
        if (day === undefined || !(v > 0)) {
          stats.skip('unreadable row', entry.display, line);
          return undefined;
        }
        if (
          ctx.covers('Physical Activity_GoogleData/daily_vo2_max', day) ||
          ctx.covers('Physical Activity_GoogleData/vo2_max', day)
        ) {
          stats.superseded++;
          return undefined;
        }
        return addDaily(ctx, stats, day, 'vo2-max', M.vo2Max, ctx.deviceTags(undefined), { value: v });
      }),
  };
}

function levelCode(level: string): number | undefined {
  const k = level.toLowerCase();
  return k in SLEEP_LEVEL_CODE ? SLEEP_LEVEL_CODE[k as keyof typeof SLEEP_LEVEL_CODE] : undefined;
}

/** sleep-*.json (v1.2 logs) → SleepSummary + SleepLevels, only for nights UserSleeps does not have. */
export function sleepJson(ctx: ImportContext): FamilyProcessor {
  return {
    timeRule: () => `dateOfSleep is the day; ${jsonRule(ctx)}`,
    readFile: (entry, stats) => {
      const wall = new WallResolver(ctx.timeline);
      return readJsonEntry(ctx, entry, stats, ['sleep'], async (el, line) => {
        if (!isObj(el)) {
          stats.skip('not a sleep log', entry.display, line);
          return;
        }
        const day = wallDay(str(el.dateOfSleep)) ?? wallDay(str(el.endTime));
        const start = parseWall(str(el.startTime));
        if (day === undefined || Number.isNaN(start)) {
          stats.skip('unreadable dateOfSleep/startTime', entry.display, line);
          return;
        }
        if (ctx.covers('Health Fitness Data_GoogleData/UserSleeps', day)) {
          stats.superseded++;
          return;
        }
        const main = el.mainSleep ?? el.isMainSleep;
        const tags = { Device: ctx.defaultDevice, isMainSleep: pythonBool(main === true || main === 'true') };
        const end = parseWall(str(el.endTime));
        const levels = isObj(el.levels) ? el.levels : {};
        const summary = isObj(levels.summary) ? levels.summary : {};
        const mins = (k: string): number | undefined => {
          const s = summary[k];
          return isObj(s) ? numOf(s.minutes) : undefined;
        };
        const classic = str(el.type) === 'classic';
        const sum = makeRecord(M.sleepSummary, wall.toUtc(start), tags, {
          efficiency: numOf(el.efficiency),
          minutesAsleep: numOf(el.minutesAsleep),
          minutesAwake: numOf(el.minutesAwake),
          minutesInBed: numOf(el.timeInBed),
          minutesLight: classic ? undefined : mins('light'),
          minutesREM: classic ? undefined : mins('rem'),
          minutesDeep: classic ? undefined : mins('deep'),
          minutesRestless: classic ? mins('restless') : undefined,
          endTime: Number.isNaN(end) ? undefined : sleepEndTime(wall.toUtc(end)),
        });
        if (sum) await ctx.add(stats, day, 'sleep', sum);
        const data = Array.isArray(levels.data) ? (levels.data as unknown[]) : [];
        for (const d of data) {
          if (!isObj(d)) continue;
          const t = parseWall(str(d.dateTime));
          const code = levelCode(str(d.level));
          const secs = numOf(d.seconds);
          if (Number.isNaN(t) || code === undefined) {
            stats.skip('unreadable sleep stage', entry.display, line);
            continue;
          }
          const rec = makeRecord(M.sleepLevels, wall.toUtc(t), tags, { level: code, duration_seconds: secs });
          if (rec) await ctx.add(stats, day, 'sleep', rec);
        }
      });
    },
  };
}

/** exercise-*.json → ActivityRecords, only for days UserExercises does not have. */
export function exerciseJson(ctx: ImportContext): FamilyProcessor {
  return {
    timeRule: () => jsonRule(ctx),
    readFile: (entry, stats) => {
      const wall = new WallResolver(ctx.timeline);
      return readJsonEntry(ctx, entry, stats, ['exercise'], (el, line) => {
        const startS = isObj(el) ? str(el.startTime) : '';
        const day = wallDay(startS);
        const start = parseWall(startS);
        if (!isObj(el) || day === undefined || Number.isNaN(start)) {
          stats.skip('unreadable startTime', entry.display, line);
          return undefined;
        }
        if (ctx.covers('Health Fitness Data_GoogleData/UserExercises', day)) {
          stats.superseded++;
          return undefined;
        }
        const unit = str(el.distanceUnit).toLowerCase();
        const dist = numOf(el.distance) * (unit.startsWith('mile') ? 1.609344 : 1);
        const azm = isObj(el.activeZoneMinutes) ? numOf(el.activeZoneMinutes.totalMinutes) : undefined;
        const rec = makeRecord(
          M.activityRecords,
          wall.toUtc(start),
          { ActivityName: str(el.activityName) || 'Exercise' },
          legacyActivityFields({
            startMs: wall.toUtc(start),
            endMs: wall.toUtc(start) + numOf(el.duration),
            activeSeconds: numOf(el.activeDuration) / 1000,
            originalSeconds: numOf(el.originalDuration) / 1000,
            calories: numOf(el.calories),
            steps: numOf(el.steps),
            distanceKm: dist,
            averageHeartRate: numOf(el.averageHeartRate),
            elevationGainM: numOf(el.elevationGain),
            activeZoneMinutes: azm,
          }),
        );
        if (!rec) return undefined;
        ctx.noteExercise(rec, wall.toUtc(start), numOf(el.duration), day);
        return ctx.add(stats, day, 'exercise', rec);
      });
    },
  };
}

/** weight-*.json → Weight (+BodyFat), only for days weight.csv / body_fat.csv do not have. */
export function weightJson(ctx: ImportContext): FamilyProcessor {
  return {
    timeRule: () => `${jsonRule(ctx)}; weight unit from the profile (kg unless it says pounds)`,
    readFile: (entry, stats: FamilyStats) => {
      const wall = new WallResolver(ctx.timeline);
      return readJsonEntry(ctx, entry, stats, ['weight'], async (el, line) => {
        const date = isObj(el) ? str(el.date) : '';
        const day = wallDay(date);
        const w = parseWall(`${date} ${isObj(el) && str(el.time) !== '' ? str(el.time) : '00:00:00'}`);
        if (!isObj(el) || day === undefined || Number.isNaN(w)) {
          stats.skip('unreadable date/time', entry.display, line);
          return;
        }
        const t = wall.toUtc(w);
        const tags = { Source: str(el.source) || 'unknown' };
        if (ctx.covers('Physical Activity_GoogleData/weight', day)) stats.superseded++;
        else {
          const pounds = /pound|lb/i.test(ctx.weightUnit ?? '');
          const rec = makeRecord(M.weight, t, tags, {
            weight_kg: numOf(el.weight) * (pounds ? 0.45359237 : 1),
            bmi: numOf(el.bmi),
          });
          if (rec) await ctx.add(stats, day, 'weight', rec);
        }
        const fat = numOf(el.fat);
        if (fat > 0 && !ctx.covers('Physical Activity_GoogleData/body_fat', day)) {
          const rec = makeRecord(M.bodyFat, t, tags, { value: fat });
          if (rec) await ctx.add(stats, day, 'body-fat', rec);
        }
      });
    },
  };
}
