/**
 * The simulated person's time zones: a home zone (with real DST rules from the IANA database) and
 * trips across zones. Civil day D spans the physical range [B(D), B(D+1)) where B(D) is local
 * midnight of D in the zone in effect on D, so every instant belongs to exactly one day and its
 * UTC offset is that zone's offset at that instant.
 */
import { DateTime, IANAZone } from 'luxon';

export interface Trip {
  /** First civil day spent in `zone` (YYYY-MM-DD). */
  from: string;
  /** First civil day back home (exclusive). */
  to: string;
  zone: string;
}

const DAY_MS = 86_400_000;

export class Timeline {
  private readonly boundaryCache = new Map<string, number>();

  constructor(
    readonly homeZone: string,
    readonly trips: readonly Trip[],
  ) {
    for (const z of [homeZone, ...trips.map((t) => t.zone)]) {
      if (!IANAZone.isValidZone(z)) throw new Error(`simulator: unknown time zone ${z}`);
    }
  }

  /** The IANA zone in effect on civil day `day`. */
  zoneOfDay(day: string): string {
    for (const t of this.trips) if (day >= t.from && day < t.to) return t.zone;
    return this.homeZone;
  }

  /** B(D): physical ms of local midnight starting civil day `day`. */
  dayStart(day: string): number {
    const cached = this.boundaryCache.get(day);
    if (cached !== undefined) return cached;
    const ms = DateTime.fromISO(day, { zone: this.zoneOfDay(day) }).toMillis();
    this.boundaryCache.set(day, ms);
    return ms;
  }

  /** The civil day an instant belongs to (per the module rule). */
  dayOf(ms: number): string {
    let day = addDays(new Date(ms).toISOString().slice(0, 10), 1);
    for (let i = 0; i < 4; i++) {
      if (this.dayStart(day) <= ms) return day;
      day = addDays(day, -1);
    }
    return day;
  }

  /** UTC offset in seconds east of UTC at an instant. */
  offsetSecondsAt(ms: number): number {
    return IANAZone.create(this.zoneOfDay(this.dayOf(ms))).offset(ms) * 60;
  }

  /** The zone in effect at an instant. */
  zoneAt(ms: number): string {
    return this.zoneOfDay(this.dayOf(ms));
  }
}

/** `YYYY-MM-DD` plus n days. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** RFC 3339 UTC without milliseconds when they are zero, as Google prints it. */
export function rfc3339(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}

/** `YYYY-MM-DDTHH:mm:ss` civil wall time of an instant at an offset (comparable as a string). */
export function civilString(ms: number, offsetSeconds: number): string {
  return new Date(ms + offsetSeconds * 1000).toISOString().slice(0, 19);
}

export interface CivilDateJson {
  year: number;
  month: number;
  day: number;
}

/** The JSON CivilDateTime of an instant at an offset; zero time fields omitted (midnight → `{}`). */
export function civilJson(
  ms: number,
  offsetSeconds: number,
): { date: CivilDateJson; time: Record<string, number> } {
  const d = new Date(ms + offsetSeconds * 1000);
  const time: Record<string, number> = {};
  if (d.getUTCHours() !== 0) time.hours = d.getUTCHours();
  if (d.getUTCMinutes() !== 0) time.minutes = d.getUTCMinutes();
  if (d.getUTCSeconds() !== 0) time.seconds = d.getUTCSeconds();
  return { date: dateJson(d.toISOString().slice(0, 10)), time };
}

/** `{year, month, day}` of a `YYYY-MM-DD` string. */
export function dateJson(day: string): CivilDateJson {
  return { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)), day: Number(day.slice(8, 10)) };
}

/** Google duration string (`"3600s"`). */
export function durationString(seconds: number): string {
  return `${seconds}s`;
}
