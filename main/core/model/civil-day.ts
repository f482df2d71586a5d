/**
 * Day rules. Every record belongs to one civil day computed from the data's own UTC offset (never
 * the machine's zone, never "now"); daily values are stamped at 12:00 local time of their day so
 * that no viewer in any zone sees them on a neighbouring date.
 */
import { DateTime, IANAZone } from 'luxon';
import type { CivilDay } from './record.js';

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** True when `s` is a real calendar date written `YYYY-MM-DD`. */
export function isCivilDay(s: string): s is CivilDay {
  const m = DAY_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** Parses `YYYY-MM-DD` into its parts; throws on anything else. */
export function parseCivilDay(day: CivilDay): { year: number; month: number; day: number } {
  const m = DAY_RE.exec(day);
  if (!m || !isCivilDay(day)) throw new RangeError(`not a calendar day (YYYY-MM-DD): ${day}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** The civil day of an instant for data recorded at `offsetMinutes` east of UTC. */
export function civilDayAt(epochMs: number, offsetMinutes: number): CivilDay {
  return new Date(epochMs + offsetMinutes * MINUTE_MS).toISOString().slice(0, 10);
}

/** The civil day of an instant in an IANA zone (DST aware). */
export function civilDayInZone(epochMs: number, zone: string): CivilDay {
  return civilDayAt(epochMs, offsetInZone(epochMs, zone));
}

/** The UTC offset in minutes of `zone` at an instant. */
export function offsetInZone(epochMs: number, zone: string): number {
  return IANAZone.create(zone).offset(epochMs);
}

/** True when `zone` is an IANA zone name this runtime knows. */
export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** 12:00 local time of `day` for data recorded at a fixed offset, as epoch ms. */
export function noonAtOffset(day: CivilDay, offsetMinutes: number): number {
  const p = parseCivilDay(day);
  return Date.UTC(p.year, p.month - 1, p.day, 12) - offsetMinutes * MINUTE_MS;
}

/** 12:00 local time of `day` in an IANA zone, as epoch ms (noon exists on every DST day). */
export function noonInZone(day: CivilDay, zone: string): number {
  const p = parseCivilDay(day);
  return DateTime.fromObject({ year: p.year, month: p.month, day: p.day, hour: 12 }, { zone }).toMillis();
}

/** Local midnight at the start of `day` in `zone` (epoch ms); a DST day is 23 or 25 hours long. */
export function startOfDayInZone(day: CivilDay, zone: string): number {
  const p = parseCivilDay(day);
  return DateTime.fromObject({ year: p.year, month: p.month, day: p.day }, { zone }).toMillis();
}

/** `day` shifted by `n` days. */
export function addDays(day: CivilDay, n: number): CivilDay {
  const p = parseCivilDay(day);
  return new Date(Date.UTC(p.year, p.month - 1, p.day) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to` inclusive, oldest first. */
export function daysBetween(from: CivilDay, to: CivilDay): CivilDay[] {
  const out: CivilDay[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Parses a Google duration (`"3600s"`, `"-18000s"`, `"1.5s"`) or `+05:30`-style offset into minutes. */
export function parseOffsetMinutes(value: string): number {
  const dur = /^(-?\d+(?:\.\d+)?)s$/.exec(value);
  if (dur) return Math.round(Number(dur[1]) / 60);
  const hm = /^([+-])(\d{2}):?(\d{2})$/.exec(value);
  if (hm) return (hm[1] === '-' ? -1 : 1) * (Number(hm[2]) * 60 + Number(hm[3]));
  if (value === 'Z') return 0;
  throw new RangeError(`not a UTC offset: ${value}`);
}
