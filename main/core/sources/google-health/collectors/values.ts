/**
 * Small, strict readers for Google Health payload values: int64s arrive as JSON strings, durations
 * as `"1410s"`, offsets as `"3600s"`, civil dates as `{year,month,day}`. Every reader returns
 * undefined for anything it does not recognise so that one odd point never aborts a sync.
 */
import { civilDayAt, offsetInZone, parseOffsetMinutes } from '../../../model/civil-day.js';
import type { CivilDay } from '../../../model/record.js';
import type { CivilDate, CivilDateTime, DataSource, HealthDataPoint } from '../api-types.js';

/** A number from a JSON number or a numeric string (int64 values are strings). */
export function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Seconds from a Google duration string (`"1410s"`, `"1.5s"`) or a plain number. */
export function durationSeconds(v: unknown): number | undefined {
  if (typeof v === 'string') {
    const m = /^(-?\d+(?:\.\d+)?)s$/.exec(v);
    return m ? Number(m[1]) : num(v);
  }
  return num(v);
}

/** Plain-object view of an unknown value. */
export function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

/** Array view of an unknown value ([] otherwise). */
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? (v as unknown[]) : [];
}

/** Epoch ms of an RFC 3339 string. */
export function instant(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Offset minutes from a google-duration offset string. */
export function offsetMinutes(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  try {
    return parseOffsetMinutes(v);
  } catch {
    return undefined;
  }
}

/** `YYYY-MM-DD` of a CivilDate. */
export function civilDateString(d: CivilDate | undefined): CivilDay | undefined {
  if (!d) return undefined;
  const y = num(d.year);
  const m = num(d.month);
  const day = num(d.day);
  if (y === undefined || m === undefined || day === undefined) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Epoch ms that a CivilDateTime would be if it were UTC (for deriving an offset from civil − physical). */
function civilAsUtcMs(c: CivilDateTime | undefined): number | undefined {
  if (!c) return undefined;
  const y = num(c.date.year);
  const m = num(c.date.month);
  const d = num(c.date.day);
  if (y === undefined || m === undefined || d === undefined) return undefined;
  const t = c.time ?? {};
  return Date.UTC(y, m - 1, d, t.hours ?? 0, t.minutes ?? 0, t.seconds ?? 0);
}

/**
 * The UTC offset (minutes) of an instant: the data's own offset string, else civil − physical when
 * the civil time is given, else the fallback zone's offset at that instant.
 */
export function resolveOffset(
  ms: number,
  offset: unknown,
  civil: CivilDateTime | undefined,
  zone: string,
): number {
  const own = offsetMinutes(offset);
  if (own !== undefined) return own;
  const c = civilAsUtcMs(civil);
  if (c !== undefined) return Math.round((c - ms) / 60_000);
  return offsetInZone(ms, zone);
}

/** A point in time with the civil day it belongs to. */
export interface Stamp {
  readonly ms: number;
  readonly offset: number;
  readonly day: CivilDay;
}

/** Start stamp of an interval payload (`interval.startTime` + `startUtcOffset`). */
export function intervalStart(interval: unknown, zone: string): Stamp | undefined {
  const i = obj(interval);
  const ms = instant(i?.startTime);
  if (!i || ms === undefined) return undefined;
  const offset = resolveOffset(ms, i.startUtcOffset, i.civilStartTime as CivilDateTime | undefined, zone);
  return { ms, offset, day: civilDayAt(ms, offset) };
}

/** End stamp of an interval payload (`interval.endTime` + `endUtcOffset`). */
export function intervalEnd(interval: unknown, zone: string): Stamp | undefined {
  const i = obj(interval);
  const ms = instant(i?.endTime);
  if (!i || ms === undefined) return undefined;
  const offset = resolveOffset(
    ms,
    i.endUtcOffset ?? i.startUtcOffset,
    i.civilEndTime as CivilDateTime | undefined,
    zone,
  );
  return { ms, offset, day: civilDayAt(ms, offset) };
}

/** Stamp of a sample payload (`sampleTime.physicalTime` + `utcOffset`). */
export function sampleStamp(sampleTime: unknown, zone: string): Stamp | undefined {
  const s = obj(sampleTime);
  const ms = instant(s?.physicalTime);
  if (!s || ms === undefined) return undefined;
  const offset = resolveOffset(ms, s.utcOffset, s.civilTime as CivilDateTime | undefined, zone);
  return { ms, offset, day: civilDayAt(ms, offset) };
}

/** The payload object of a data point under its camelCase key. */
export function payload(point: HealthDataPoint, key: string): Record<string, unknown> | undefined {
  return obj(point[key]);
}

/** `Device` tag: the tracker's display name, `unknown` when the source gives none. */
export function deviceTag(ds: DataSource | undefined): string {
  const name = ds?.device?.displayName?.trim();
  return name !== undefined && name !== '' ? name : 'unknown';
}

/** `Source` tag for weigh-ins and body fat: the scale's name, `manual`, or `API`. */
export function sourceTag(ds: DataSource | undefined): string {
  const name = ds?.device?.displayName?.trim();
  if (name !== undefined && name !== '') return name;
  if (ds?.recordingMethod === 'MANUAL') return 'manual';
  return 'API';
}

/** The most frequent value (ties: the first seen), or `fallback`. Deterministic for the same input order. */
export function mostCommon(values: readonly string[], fallback: string): string {
  const counts = new Map<string, number>();
  let best = fallback;
  let bestCount = 0;
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (c > bestCount) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

/** Rounds to `digits` decimals (unit conversions must not write 0.30000000000000004). */
export function round(v: number | undefined, digits = 6): number | undefined {
  if (v === undefined) return undefined;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
