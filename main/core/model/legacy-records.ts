/**
 * Record shapes CromWell's readers depend on (formats.md §2), built in one place so the API
 * collectors and the Takeout normalisers cannot drift apart: the legacy activity-log fields of
 * `ActivityRecords` (names and units of the old Fitbit Web API), the `ActivityID` that ties a `GPS`
 * track to its exercise, and the text values CromWell's Python producer wrote (`"True"`/`"False"`,
 * the sleep session's `endTime`).
 */
import { formatUtc } from './record.js';

/** What SyncBit knows of one exercise session, in SI units (missing: undefined). */
export interface ExerciseFacts {
  readonly startMs: number;
  readonly endMs?: number | undefined;
  /** Moving time, seconds (the API's activeDuration; the legacy log's activeDuration in ms). */
  readonly activeSeconds?: number | undefined;
  /** Duration the tracker first recorded, seconds (legacy originalDuration); defaults to end − start. */
  readonly originalSeconds?: number | undefined;
  readonly calories?: number | undefined;
  readonly steps?: number | undefined;
  readonly distanceKm?: number | undefined;
  readonly elevationGainM?: number | undefined;
  readonly averageHeartRate?: number | undefined;
  readonly activeZoneMinutes?: number | undefined;
}

function round(v: number | undefined, digits: number): number | undefined {
  if (v === undefined || !Number.isFinite(v)) return undefined;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/**
 * The `ActivityRecords` fields under their legacy names and units: `duration`, `activeDuration`,
 * `originalDuration` in milliseconds, `distance` in km, `speed` in km/h and `pace` in seconds per
 * km (over the active time, as the legacy log computed them), `elevationGain` in m, `calories`
 * (kcal), `steps`, `averageHeartRate` (bpm); plus `activeZoneMinutes`, which the legacy list also
 * carried. CromWell's notebooks draw each exercise's window from `time` + `duration`.
 */
export function legacyActivityFields(facts: ExerciseFacts): Record<string, number | undefined> {
  const e = finiteOnly(facts);
  const durationMs = e.endMs !== undefined && e.endMs >= e.startMs ? e.endMs - e.startMs : undefined;
  const activeMs = e.activeSeconds !== undefined ? Math.round(e.activeSeconds * 1000) : durationMs;
  const originalMs = e.originalSeconds !== undefined ? Math.round(e.originalSeconds * 1000) : durationMs;
  const hours = activeMs !== undefined && activeMs > 0 ? activeMs / 3_600_000 : undefined;
  const km = e.distanceKm !== undefined && e.distanceKm > 0 ? e.distanceKm : undefined;
  return {
    duration: durationMs,
    activeDuration: activeMs,
    originalDuration: originalMs,
    calories: e.calories,
    steps: e.steps,
    distance: round(e.distanceKm, 6),
    speed: hours !== undefined && km !== undefined ? round(km / hours, 6) : undefined,
    pace: hours !== undefined && km !== undefined ? round((hours * 3600) / km, 3) : undefined,
    elevationGain: round(e.elevationGainM, 3),
    averageHeartRate: e.averageHeartRate,
    activeZoneMinutes: e.activeZoneMinutes,
  };
}

/** The facts with every non-finite number (an unreadable cell) turned into undefined. */
function finiteOnly(facts: ExerciseFacts): ExerciseFacts {
  const out: Record<string, number | undefined> = {};
  for (const [k, v] of Object.entries(facts) as [string, number | undefined][])
    out[k] = v !== undefined && Number.isFinite(v) ? v : undefined;
  return { ...(out as Partial<ExerciseFacts>), startMs: facts.startMs };
}

/** `GPS.ActivityID` of an exercise: `"<start, UTC ISO-8601 as its ActivityRecords time>-<activityName>"`. */
export function gpsActivityId(startMs: number, activityName: string): string {
  return `${formatUtc(startMs)}-${activityName}`;
}

/** `isMainSleep` as CromWell wrote it: Python's `str(bool)`, exactly `"True"` or `"False"`. */
export function pythonBool(v: boolean): 'True' | 'False' {
  return v ? 'True' : 'False';
}

/** `SleepSummary.endTime`: the session's end as UTC ISO-8601 with an explicit `+00:00` offset (CromWell's form). */
export function sleepEndTime(endMs: number): string {
  return `${new Date(endMs).toISOString().slice(0, 19)}+00:00`;
}

const OLD_SLEEP = /^\{"measurement":"Sleep(Summary|Levels)",.*"isMainSleep":"(true|false)"/;
const ACTIVITY = '{"measurement":"ActivityRecords",';
/** Fields of ActivityRecords as SyncBit wrote them before 2026-12 → legacy name and factor. */
const OLD_ACTIVITY_FIELDS: Readonly<Record<string, readonly [string, number]>> = {
  duration_seconds: ['duration', 1000],
  activeDuration_seconds: ['activeDuration', 1000],
  distance_km: ['distance', 1],
  elevationGain_m: ['elevationGain', 1],
};

/** Canonical JSON of a record-like object: keys in canonical order, tags and fields sorted. */
function canonicalLine(r: {
  measurement: string;
  time: string;
  tags: Record<string, string>;
  fields: Record<string, number | string>;
}): string {
  const tags: Record<string, string> = {};
  for (const k of Object.keys(r.tags).sort()) tags[k] = r.tags[k] as string;
  const fields: Record<string, number | string> = {};
  for (const k of Object.keys(r.fields).sort()) fields[k] = r.fields[k] as number | string;
  return JSON.stringify({ measurement: r.measurement, time: r.time, tags, fields });
}

/** One canonical line in today's shape, or the same string when it already is. */
function upgradeLine(line: string): string {
  if (OLD_SLEEP.test(line))
    return line.replace(
      /"isMainSleep":"(true|false)"/,
      (_, b: string) => `"isMainSleep":"${b === 'true' ? 'True' : 'False'}"`,
    );
  if (
    line.startsWith(ACTIVITY) &&
    /"(duration_seconds|activeDuration_seconds|distance_km|elevationGain_m)"/.test(line)
  ) {
    const r = JSON.parse(line) as {
      measurement: string;
      time: string;
      tags: Record<string, string>;
      fields: Record<string, number | string>;
    };
    const fields: Record<string, number | string> = {};
    for (const [k, v] of Object.entries(r.fields)) {
      const to = OLD_ACTIVITY_FIELDS[k];
      if (to === undefined) fields[k] ??= v;
      else if (typeof v === 'number') fields[to[0]] = Math.round(v * to[1] * 1e6) / 1e6;
    }
    if (typeof fields.duration === 'number' && !('originalDuration' in fields))
      fields.originalDuration = fields.duration;
    return canonicalLine({ ...r, fields });
  }
  return line;
}

/**
 * A day's canonical lines (sorted) with records of the shapes SyncBit wrote before this format
 * fix (isMainSleep `"true"`/`"false"`, ActivityRecords `duration_seconds`/`distance_km`/…) rewritten
 * to today's (formats.md §2), sorted again. The archive applies it to what a day holds before a
 * merge, so a re-import replaces those records instead of keeping both shapes side by side. Returns
 * the same array when nothing is old.
 */
export function upgradeOldShapes(sortedLines: readonly string[]): readonly string[] {
  let out: string[] | undefined;
  for (let k = 0; k < sortedLines.length; k++) {
    const line = sortedLines[k] as string;
    if (!line.startsWith('{"measurement":"Sleep') && !line.startsWith(ACTIVITY)) continue;
    const up = upgradeLine(line);
    if (up === line) continue;
    out ??= [...sortedLines];
    out[k] = up;
  }
  if (out === undefined) return sortedLines;
  return [...new Set(out)].sort();
}
