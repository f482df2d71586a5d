/**
 * Sleep sessions (`sleep`, reconcile, 25 per page, filtered on civil end time): SleepSummary at the
 * session start and one SleepLevels record per stage, all on the civil day the session ended. Naps
 * are kept (`isMainSleep: "False"`, Python's str(bool) as CromWell wrote it; `endTime` is the session's end). Efficiency is not returned by the API: it is derived as
 * minutesAsleep / minutesInSleepPeriod, written as a percentage like Fitbit's.
 */
import { M, SLEEP_LEVEL_CODE } from '../../../model/data-types.js';
import { pythonBool, sleepEndTime } from '../../../model/legacy-records.js';
import { makeRecord, type DataRecord } from '../../../model/record.js';
import type { HealthDataPoint } from '../api-types.js';
import { defined } from './factories.js';
import { asBatches } from './factories.js';
import { reconcileByDay, reconcilePlan, type DayItem } from './streams.js';
import type { Collector } from './types.js';
import { arr, deviceTag, instant, intervalEnd, intervalStart, num, obj, payload } from './values.js';

/** Google stage type → SleepLevels.level code. */
export const STAGE_LEVEL: Readonly<Record<string, number>> = {
  DEEP: SLEEP_LEVEL_CODE.deep,
  LIGHT: SLEEP_LEVEL_CODE.light,
  REM: SLEEP_LEVEL_CODE.rem,
  AWAKE: SLEEP_LEVEL_CODE.awake,
  ASLEEP: SLEEP_LEVEL_CODE.asleep,
  RESTLESS: SLEEP_LEVEL_CODE.restless,
};

const STAGE_FIELD: Readonly<Record<string, string>> = {
  LIGHT: 'minutesLight',
  REM: 'minutesREM',
  DEEP: 'minutesDeep',
  RESTLESS: 'minutesRestless',
};

function isMainSleep(meta: Record<string, unknown> | undefined): boolean {
  if (meta?.mainSleep === true || meta?.mainSleep === 'true') return true;
  if (meta?.mainSleep === false || meta?.mainSleep === 'false') return false;
  return !(meta?.nap === true || meta?.nap === 'true');
}

/** All records of one sleep session, with the civil day it ended on. */
export function normaliseSleep(point: HealthDataPoint, zone: string): DayItem<DataRecord>[] {
  const s = payload(point, 'sleep');
  const start = s && intervalStart(s.interval, zone);
  const end = s && intervalEnd(s.interval, zone);
  if (!s || !start || !end) return [];
  const tags = { Device: deviceTag(point.dataSource), isMainSleep: pythonBool(isMainSleep(obj(s.metadata))) };
  const summary = obj(s.summary);
  const stages = arr(s.stages).map(obj).filter(defined);

  const stageMinutes: Record<string, number> = {};
  const fromSummary = arr(summary?.stagesSummary).map(obj).filter(defined);
  if (fromSummary.length > 0) {
    for (const e of fromSummary) {
      const field = typeof e.type === 'string' ? STAGE_FIELD[e.type] : undefined;
      const minutes = num(e.minutes);
      if (field !== undefined && minutes !== undefined)
        stageMinutes[field] = (stageMinutes[field] ?? 0) + minutes;
    }
  } else {
    for (const st of stages) {
      const field = typeof st.type === 'string' ? STAGE_FIELD[st.type] : undefined;
      const a = instant(st.startTime);
      const b = instant(st.endTime);
      if (field !== undefined && a !== undefined && b !== undefined)
        stageMinutes[field] = (stageMinutes[field] ?? 0) + Math.round((b - a) / 60_000);
    }
  }
  const asleep = num(summary?.minutesAsleep);
  const period = num(summary?.minutesInSleepPeriod) ?? Math.round((end.ms - start.ms) / 60_000);
  const efficiency = asleep !== undefined && period > 0 ? Math.round((100 * asleep) / period) : undefined;
  const out: DataRecord[] = [];
  const summaryRecord = makeRecord(M.sleepSummary, start.ms, tags, {
    efficiency,
    minutesAsleep: asleep,
    minutesInBed: period,
    minutesAwake: num(summary?.minutesAwake),
    ...stageMinutes,
    endTime: sleepEndTime(end.ms),
  });
  if (summaryRecord) out.push(summaryRecord);
  for (const st of stages) {
    const level = typeof st.type === 'string' ? STAGE_LEVEL[st.type] : undefined;
    const a = instant(st.startTime);
    const b = instant(st.endTime);
    if (level === undefined || a === undefined || b === undefined) continue;
    const r = makeRecord(M.sleepLevels, a, tags, { level, duration_seconds: Math.round((b - a) / 1000) });
    if (r) out.push(r);
  }
  return out.map((item) => ({ day: end.day, item }));
}

export const sleepCollector: Collector = {
  type: 'sleep',
  scope: 'sleep',
  sources: ['sleep'],
  mode: 'range',
  plan: (from, to) => [reconcilePlan('sleep', 'sleep', from, to)],
  collect: (ctx, from, to) =>
    asBatches(reconcileByDay(ctx, 'sleep', 'sleep', from, to, (p) => normaliseSleep(p, ctx.zone))),
};
