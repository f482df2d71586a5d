/** Formatting for the UI: numbers, durations, days and times in the user's locale. */
import { DATA_TYPE_LABELS } from '../common/data-types.js';

const nf0 = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const nf1 = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export function int(n: number): string {
  return nf0.format(n);
}
export function dec1(n: number): string {
  return nf1.format(n);
}

/** 431 → "7 h 11 min". */
export function minutes(total: number): string {
  const h = Math.floor(total / 60);
  const m = Math.round(total % 60);
  return h > 0 ? `${h} h ${m} min` : `${m} min`;
}

/** 431 → "7h 11m" (compact, for tiles). */
export function minutesShort(total: number): string {
  const h = Math.floor(total / 60);
  const m = Math.round(total % 60);
  return h > 0 ? `${h}h ${m}m` : `${m}m`;
}

/** Seconds → "about 3 min" style ETA. */
export function eta(seconds: number): string {
  if (seconds < 60) return 'under a minute';
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min`;
  return `about ${dec1(seconds / 3600)} h`;
}

/** Epoch ms → "14:05". */
export function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** Epoch ms → "Mon 3 Mar, 14:05" (or "14:05" today). */
export function when(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  if (d.toDateString() === new Date(now).toDateString()) return `today ${clock(ms)}`;
  return d.toLocaleString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** Civil day (YYYY-MM-DD) → epoch ms of its UTC midnight (for linear chart axes; zone-free). */
export function dayToMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** Epoch ms (UTC midnight) → civil day. */
export function msToDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Adds `n` days to a civil day. */
export function addDays(day: string, n: number): string {
  return msToDay(dayToMs(day) + n * 86_400_000);
}

/** Civil day → "Mon 3 Mar 2025". */
export function longDay(day: string): string {
  return new Date(dayToMs(day)).toLocaleDateString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** Civil day → "3 Mar". */
export function shortDay(day: string): string {
  return new Date(dayToMs(day)).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}

/** Labels of the data types (common/data-types.ts), looked up by any id the window received. */
export const TYPE_LABELS: Readonly<Record<string, string>> = DATA_TYPE_LABELS;

const MINUTE = 60_000;

/**
 * Epoch ms → "14:05" as the clock read where the data was recorded: `offsetMinutes` east of UTC
 * (the day's own civil offset). Without an offset, the viewing computer's zone.
 */
export function clockAt(ms: number, offsetMinutes: number | undefined): string {
  if (offsetMinutes === undefined) return clock(ms);
  return new Date(ms + offsetMinutes * MINUTE).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  });
}

/** −300 → "UTC−05:00", 330 → "UTC+05:30". */
export function offsetLabel(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '−' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `UTC${sign}${hh}:${mm}`;
}

/**
 * The civil offset a day's records were assigned with (minutes east of UTC), read from its daily
 * records: they are stamped 12:00 local of their day (main/core/model/civil-day.ts noonAtOffset),
 * so `day 12:00 UTC − stamp` is the offset. The most common plausible value wins; undefined when
 * the day has no daily record.
 */
export function dayOffsetFromStamps(day: string, stamps: readonly string[]): number | undefined {
  const noonUtc = Date.parse(`${day}T12:00:00Z`);
  const counts = new Map<number, number>();
  for (const t of stamps) {
    const at = Date.parse(t);
    if (Number.isNaN(at)) continue;
    const offset = (noonUtc - at) / MINUTE;
    if (!Number.isInteger(offset) || offset % 15 !== 0 || Math.abs(offset) > 14 * 60) continue;
    counts.set(offset, (counts.get(offset) ?? 0) + 1);
  }
  let best: number | undefined;
  let bestN = 0;
  for (const [o, n] of counts) if (n > bestN) [best, bestN] = [o, n];
  return best;
}

/** 00:00 of `day` at `offsetMinutes`, as epoch ms. */
export function startOfDayAt(day: string, offsetMinutes: number): number {
  return Date.parse(`${day}T00:00:00Z`) - offsetMinutes * MINUTE;
}
