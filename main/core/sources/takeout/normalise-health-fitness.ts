/**
 * `Health Fitness Data_GoogleData`: UserSleeps, UserSleepStages and UserExercises. These rows
 * carry UTC instants plus an explicit UTC offset, so they give each session its civil day directly
 * and feed the offset timeline used to place every UTC-only sample on the right day.
 */
import { legacyActivityFields, pythonBool, sleepEndTime } from '../../model/legacy-records.js';
import { civilDayAt, parseOffsetMinutes } from '../../model/civil-day.js';
import { M, SLEEP_LEVEL_CODE } from '../../model/data-types.js';
import { makeRecord, type CivilDay } from '../../model/record.js';
import type { CsvHeader } from './csv-rows.js';
import { need, num, readCsvEntry, type FamilyProcessor } from './family-io.js';
import type { ImportContext } from './import-context.js';
import { parseUtc } from './time.js';

function offsetOf(s: string | undefined): number {
  if (s === undefined || s.trim() === '') return Number.NaN;
  try {
    return parseOffsetMinutes(s.trim());
  } catch {
    return Number.NaN;
  }
}

interface SleepInfo {
  readonly id: string;
  readonly start: number;
  readonly end: number;
  readonly classic: boolean;
  readonly endDay: CivilDay;
  readonly device: string;
  readonly asleep: number;
  readonly awake: number;
  readonly efficiency: number;
  readonly mainFlag: boolean | undefined;
  isMain: boolean;
  readonly stageSeconds: Record<string, number>;
}

/** Shared between the three processors of one import. */
export class SleepState {
  readonly sleeps = new Map<string, SleepInfo>();
}

const flag = (s: string | undefined): boolean | undefined => {
  const t = (s ?? '').trim().toLowerCase();
  if (t === 'true' || t === '1' || t === 'yes') return true;
  if (t === 'false' || t === '0' || t === 'no') return false;
  return undefined;
};

/** UserSleeps_*.csv: collects sessions and offsets; main sleep = flagged, else the longest ending that day. */
export function userSleepsCsv(ctx: ImportContext, state: SleepState): FamilyProcessor {
  return {
    timeRule: () => 'UTC instants with their own UTC offset; a sleep belongs to the civil day it ended',
    readFile: (entry, stats) =>
      readCsvEntry(ctx, entry, stats, ['sleep'], (h: CsvHeader) => {
        const idI = need(h, 'sleep_id', 'log_id', 'id');
        const typeI = h.col('sleep_type', 'type');
        const soI = need(h, 'start_utc_offset', 'utc_offset');
        const sI = need(h, 'sleep_start', 'start');
        const eoI = h.col('end_utc_offset');
        const eI = need(h, 'sleep_end', 'end');
        const asleepI = h.col('minutes_asleep');
        const awakeI = h.col('minutes_awake');
        const effI = h.col('efficiency', 'sleep_efficiency');
        const mainI = h.col('is_main_sleep', 'main_sleep', 'mainsleep');
        const srcI = h.col('data_source', 'device', 'device_name');
        return (row, line) => {
          const start = parseUtc(row[sI] ?? '');
          const end = parseUtc(row[eI] ?? '');
          const so = offsetOf(row[soI]);
          const eo = eoI >= 0 ? offsetOf(row[eoI]) : so;
          const id = (row[idI] ?? '').trim();
          if (
            Number.isNaN(start) ||
            Number.isNaN(end) ||
            Number.isNaN(so) ||
            Number.isNaN(eo) ||
            end < start ||
            id === ''
          ) {
            stats.skip('unreadable sleep row (times, offsets or id)', entry.display, line);
            return undefined;
          }
          ctx.timeline.observe(start, so);
          ctx.timeline.observe(end, eo);
          const asleep = num(row[asleepI]);
          const awake = num(row[awakeI]);
          const eff = effI >= 0 ? num(row[effI]) : Number.NaN;
          const src = srcI >= 0 ? (row[srcI] ?? '').trim() : '';
          state.sleeps.set(id, {
            id,
            start,
            end,
            classic: /classic/i.test(typeI >= 0 ? (row[typeI] ?? '') : ''),
            endDay: civilDayAt(end, eo),
            device: src === '' || /^(fitbit|google|api)$/i.test(src) ? ctx.defaultDevice : src,
            asleep,
            awake,
            efficiency:
              Number.isNaN(eff) && asleep + awake > 0 ? Math.round((100 * asleep) / (asleep + awake)) : eff,
            mainFlag: mainI >= 0 ? flag(row[mainI]) : undefined,
            isMain: false,
            stageSeconds: {},
          });
          return undefined;
        };
      }),
    finish: () => {
      const longest = new Map<CivilDay, SleepInfo>();
      for (const s of state.sleeps.values()) {
        const cur = longest.get(s.endDay);
        if (!cur || s.end - s.start > cur.end - cur.start) longest.set(s.endDay, s);
      }
      for (const s of state.sleeps.values()) s.isMain = s.mainFlag ?? longest.get(s.endDay) === s;
      return Promise.resolve();
    },
  };
}

const STAGE_LEVEL: Record<string, { key: string; code: number; classic?: { key: string; code: number } }> = {
  deep: { key: 'deep', code: SLEEP_LEVEL_CODE.deep },
  light: { key: 'light', code: SLEEP_LEVEL_CODE.light },
  rem: { key: 'rem', code: SLEEP_LEVEL_CODE.rem },
  wake: { key: 'wake', code: SLEEP_LEVEL_CODE.wake, classic: { key: 'awake', code: SLEEP_LEVEL_CODE.awake } },
  awake: {
    key: 'wake',
    code: SLEEP_LEVEL_CODE.wake,
    classic: { key: 'awake', code: SLEEP_LEVEL_CODE.awake },
  },
  asleep: { key: 'asleep', code: SLEEP_LEVEL_CODE.asleep },
  restless: { key: 'restless', code: SLEEP_LEVEL_CODE.restless },
};

/** Maps a stage name to its key and CromWell level code. */
export function stageLevel(name: string, classic: boolean): { key: string; code: number } | undefined {
  const s = STAGE_LEVEL[name.trim().toLowerCase()];
  if (!s) return undefined;
  return classic && s.classic ? s.classic : s;
}

/** UserSleepStages_*.csv → SleepLevels; at the end, SleepSummary for every session (UserSleeps). */
export function userSleepStagesCsv(ctx: ImportContext, state: SleepState): FamilyProcessor {
  return {
    timeRule: () => 'UTC instants with their own UTC offset; stages belong to the day their sleep ended',
    readFile: (entry, stats) =>
      readCsvEntry(ctx, entry, stats, ['sleep'], (h) => {
        const idI = need(h, 'sleep_id');
        const tI = need(h, 'sleep_stage_type', 'stage', 'level');
        const soI = h.col('start_utc_offset');
        const sI = need(h, 'sleep_stage_start', 'start');
        const eI = need(h, 'sleep_stage_end', 'end');
        return (row, line) => {
          const sleep = state.sleeps.get((row[idI] ?? '').trim());
          if (!sleep) {
            stats.skip('stage of a sleep not in UserSleeps', entry.display, line);
            return undefined;
          }
          const start = parseUtc(row[sI] ?? '');
          const end = parseUtc(row[eI] ?? '');
          const level = stageLevel(row[tI] ?? '', sleep.classic);
          if (Number.isNaN(start) || Number.isNaN(end) || end < start || !level) {
            stats.skip('unreadable stage row', entry.display, line);
            return undefined;
          }
          const so = soI >= 0 ? offsetOf(row[soI]) : Number.NaN;
          if (!Number.isNaN(so)) ctx.timeline.observe(start, so);
          const seconds = Math.round((end - start) / 1000);
          sleep.stageSeconds[level.key] = (sleep.stageSeconds[level.key] ?? 0) + seconds;
          const rec = makeRecord(
            M.sleepLevels,
            start,
            { Device: sleep.device, isMainSleep: pythonBool(sleep.isMain) },
            { level: level.code, duration_seconds: seconds },
          );
          return rec ? ctx.add(stats, sleep.endDay, 'sleep', rec) : undefined;
        };
      }),
    finish: async () => {
      const stats = ctx.family('Health Fitness Data_GoogleData/UserSleeps');
      for (const s of [...state.sleeps.values()].sort((a, b) => a.start - b.start)) {
        const mins = (k: string): number | undefined => {
          const v = s.stageSeconds[k];
          return v === undefined ? undefined : Math.round(v / 60);
        };
        const rec = makeRecord(
          M.sleepSummary,
          s.start,
          { Device: s.device, isMainSleep: pythonBool(s.isMain) },
          {
            efficiency: s.efficiency,
            minutesAsleep: s.asleep,
            minutesAwake: s.awake,
            minutesInBed: Math.round((s.end - s.start) / 60_000),
            minutesLight: s.classic ? undefined : (mins('light') ?? 0),
            minutesREM: s.classic ? undefined : (mins('rem') ?? 0),
            minutesDeep: s.classic ? undefined : (mins('deep') ?? 0),
            minutesRestless: s.classic ? (mins('restless') ?? 0) : undefined,
            endTime: sleepEndTime(s.end),
          },
        );
        if (rec) {
          const p = ctx.add(stats, s.endDay, 'sleep', rec);
          if (p) await p;
        }
      }
    },
  };
}

/** UserExercises_*.csv → ActivityRecords (civil day from the row's own offset). */
export function userExercisesCsv(ctx: ImportContext): FamilyProcessor {
  return {
    timeRule: () => 'UTC instants with their own UTC offset',
    readFile: (entry, stats) =>
      readCsvEntry(ctx, entry, stats, ['exercise'], (h) => {
        const sI = need(h, 'exercise_start', 'start');
        const eI = h.col('exercise_end', 'end');
        const oI = need(h, 'utc_offset', 'start_utc_offset');
        const nI = h.col('activity_name', 'exercise_type', 'name');
        const calI = h.col('tracker_total_calories', 'calories');
        const stepsI = h.col('tracker_total_steps', 'steps');
        const distI = h.col('tracker_total_distance_mm');
        const hrI = h.col('tracker_avg_heart_rate', 'average_heart_rate');
        const altI = h.col('tracker_total_altitude_mm', 'elevation_gain_mm');
        const activeI = h.col('active_duration_ms', 'tracker_active_duration_ms');
        const azmI = h.col('tracker_active_zone_minutes', 'active_zone_minutes');
        return (row, line) => {
          const start = parseUtc(row[sI] ?? '');
          const end = eI >= 0 ? parseUtc(row[eI] ?? '') : Number.NaN;
          const off = offsetOf(row[oI]);
          if (Number.isNaN(start) || Number.isNaN(off)) {
            stats.skip('unreadable exercise row (start or offset)', entry.display, line);
            return undefined;
          }
          ctx.timeline.observe(start, off);
          if (!Number.isNaN(end)) ctx.timeline.observe(end, off);
          const name = (nI >= 0 ? (row[nI] ?? '').trim() : '') || 'Exercise';
          const cell = (i: number, scale = 1): number | undefined =>
            i >= 0 ? num(row[i]) * scale : undefined;
          const rec = makeRecord(
            M.activityRecords,
            start,
            { ActivityName: name },
            legacyActivityFields({
              startMs: start,
              endMs: Number.isNaN(end) ? undefined : end,
              activeSeconds: cell(activeI, 1 / 1000),
              calories: cell(calI),
              steps: cell(stepsI),
              distanceKm: cell(distI, 1e-6),
              averageHeartRate: cell(hrI),
              elevationGainM: cell(altI, 1 / 1000),
              activeZoneMinutes: cell(azmI),
            }),
          );
          const day = civilDayAt(start, off);
          if (!rec) {
            ctx.touch(stats, day, 'exercise');
            return undefined;
          }
          ctx.noteExercise(rec, start, Number.isNaN(end) ? undefined : end - start, day);
          return ctx.add(stats, day, 'exercise', rec);
        };
      }),
  };
}
