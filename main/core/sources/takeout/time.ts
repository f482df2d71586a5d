/**
 * Fast time parsing for Takeout rows. Heart rate alone is ~17k rows a day, so the hot paths avoid
 * `Date.parse`/luxon per row: date parts are cached, zone offsets are cached per hour.
 */
import { civilDayAt, offsetInZone } from '../../model/civil-day.js';
import type { CivilDay } from '../../model/record.js';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

let cachedUtcDatePart = '';
let cachedUtcDateMs = Number.NaN;

function digits2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return Number.NaN;
  return a * 10 + b;
}

function dateMs(datePart: string): number {
  if (datePart === cachedUtcDatePart) return cachedUtcDateMs;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(datePart);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  cachedUtcDatePart = datePart;
  cachedUtcDateMs = ms;
  return ms;
}

/** True when `s` is exactly the canonical record time form `YYYY-MM-DDTHH:MM:SSZ` (so it can be reused as is). */
export function isCanonicalUtc(s: string): boolean {
  return s.length === 20 && s.charCodeAt(10) === 84 /* T */ && s.charCodeAt(19) === 90; /* Z */
}

/**
 * Parses an absolute timestamp (`…Z`, `…+01:00`) to epoch ms; a timestamp without any zone is read
 * as UTC (the UserSleeps/UserExercises columns are UTC with the offset in a separate column).
 * Returns NaN when unparseable.
 */
export function parseUtc(s: string): number {
  if (s.length === 20 && s.charCodeAt(19) === 90 && s.charCodeAt(10) === 84) {
    const d = dateMs(s.slice(0, 10));
    const h = digits2(s, 11);
    const mi = digits2(s, 14);
    const se = digits2(s, 17);
    return d + h * HOUR_MS + mi * MINUTE_MS + se * 1000;
  }
  const t = s.trim();
  if (t === '') return Number.NaN;
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(t)) return Date.parse(t.replace(' ', 'T'));
  return parseWall(t);
}

let cachedWallDatePart = '';
let cachedWallDateMs = Number.NaN;
let cachedWallDay = '';

function wallDate(datePart: string): number {
  if (datePart === cachedWallDatePart) return cachedWallDateMs;
  let y = 0;
  let mo = 0;
  let d = 0;
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(datePart);
  if (m) {
    y = Number(m[1]);
    mo = Number(m[2]);
    d = Number(m[3]);
  } else {
    m = /^(\d{2})\/(\d{2})\/(\d{2}|\d{4})$/.exec(datePart);
    if (m) {
      mo = Number(m[1]);
      d = Number(m[2]);
      const yy = m[3] ?? '';
      y = yy.length === 2 ? 2000 + Number(yy) : Number(yy);
    }
  }
  let ms = Number.NaN;
  if (y > 0) {
    ms = Date.UTC(y, mo - 1, d);
    const check = new Date(ms);
    if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) ms = Number.NaN;
  }
  cachedWallDatePart = datePart;
  cachedWallDateMs = ms;
  cachedWallDay = Number.isNaN(ms) ? '' : new Date(ms).toISOString().slice(0, 10);
  return ms;
}

/**
 * Parses a zone-less wall-clock time (`MM/DD/YY HH:MM:SS`, `YYYY-MM-DDTHH:MM[:SS[.sss]]`,
 * `YYYY-MM-DD HH:MM:SS`, or a bare date) into "wall ms": the epoch ms the same digits would have in
 * UTC. Convert with {@link ZoneClock.wallToUtc} or an offset. NaN when unparseable.
 */
export function parseWall(s: string): number {
  const sep = s.search(/[ T]/);
  const datePart = sep < 0 ? s : s.slice(0, sep);
  const base = wallDate(datePart);
  if (Number.isNaN(base) || sep < 0) return base;
  const tm = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(s.slice(sep + 1).trim());
  if (!tm) return Number.NaN;
  return (
    base +
    Number(tm[1]) * HOUR_MS +
    Number(tm[2]) * MINUTE_MS +
    Number(tm[3] ?? 0) * 1000 +
    Number((tm[4] ?? '0').padEnd(3, '0'))
  );
}

/** The civil day written in a wall-clock timestamp (its own date digits), or undefined. */
export function wallDay(s: string): CivilDay | undefined {
  const sep = s.search(/[ T]/);
  const ms = wallDate(sep < 0 ? s : s.slice(0, sep));
  return Number.isNaN(ms) ? undefined : cachedWallDay;
}

/** The UTC calendar date of epoch ms (used for `…T00:00:00Z` daily rows, which mean the local date). */
export function utcDateOf(ms: number): CivilDay {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Offsets of one IANA zone with an hourly cache, for reading zone-less JSON in bulk. */
export class ZoneClock {
  private readonly cache = new Map<number, number>();
  constructor(readonly zone: string) {}

  /** UTC offset in minutes at an instant. */
  offsetAt(epochMs: number): number {
    const key = Math.floor(epochMs / HOUR_MS);
    let off = this.cache.get(key);
    if (off === undefined) {
      off = offsetInZone(epochMs, this.zone);
      this.cache.set(key, off);
    }
    return off;
  }

  /** Epoch ms of a wall-clock time in this zone (a skipped DST hour resolves forward, a repeated one to the first). */
  wallToUtc(wallMs: number): number {
    const o1 = this.offsetAt(wallMs - 0);
    const t1 = wallMs - o1 * MINUTE_MS;
    const o2 = this.offsetAt(t1);
    if (o1 === o2) return t1;
    const t2 = wallMs - o2 * MINUTE_MS;
    return this.offsetAt(t2) === o2 ? t2 : Math.max(t1, t2);
  }
}

/** The day-boundary rule, as the import report states it. */
export const DAY_BOUNDARY_RULE =
  "CSV timestamps carry no offset, so each instant takes the UTC offset the export's own sleep and exercise logs show around it. " +
  'Between two logs at the same offset that offset holds (across a gap longer than 36 h the profile zone applies when it has that offset at both ends). ' +
  "When the offset changes (a trip), the day boundary moves once, for every family alike: at the profile zone's own change if it makes exactly that change in between (DST at home), else at the first log showing the new offset. " +
  'Before the first and after the last log the nearest log counts for 36 h, then the profile zone.';

/**
 * The user's UTC offset over time, learnt from rows that carry one (UserSleeps, UserSleepStages,
 * UserExercises). A UTC-only sample takes the offset of the latest observation at or before it
 * (within `maxGapMs`), else of the next one, else the fallback zone's.
 */
export class OffsetTimeline {
  private times: number[] = [];
  private offsets: number[] = [];
  private pending: [number, number][] = [];
  private readonly fallback: ZoneClock;

  constructor(
    fallbackZone: string,
    private readonly maxGapMs = 36 * HOUR_MS,
  ) {
    this.fallback = new ZoneClock(fallbackZone);
  }

  get fallbackZone(): string {
    return this.fallback.zone;
  }

  /** Records that the data was at `offsetMinutes` at instant `epochMs`. */
  observe(epochMs: number, offsetMinutes: number): void {
    if (Number.isFinite(epochMs) && Number.isFinite(offsetMinutes))
      this.pending.push([epochMs, offsetMinutes]);
  }

  /** Number of distinct observations (after de-duplicating runs of the same offset). */
  get size(): number {
    this.settle();
    return this.times.length;
  }

  private settle(): void {
    if (this.pending.length === 0) return;
    this.switches.clear();
    const all: [number, number][] = this.times.map((t, i) => [t, this.offsets[i] ?? 0]);
    all.push(...this.pending);
    this.pending = [];
    all.sort((a, b) => a[0] - b[0]);
    const times: number[] = [];
    const offsets: number[] = [];
    for (let i = 0; i < all.length; i++) {
      const cur = all[i];
      if (!cur) continue;
      const [t, o] = cur;
      const next = all[i + 1];
      const prevO = offsets[offsets.length - 1];
      const prevT = times[times.length - 1];
      // Keep the first and last observation of each run of one offset (the last bounds the gap rule).
      if (prevO === o && next?.[1] === o && prevT !== undefined && t - prevT < this.maxGapMs / 2) continue;
      times.push(t);
      offsets.push(o);
    }
    this.times = times;
    this.offsets = offsets;
  }

  /**
   * The offset (minutes east of UTC) to use for an instant. One rule for every family, so a trip
   * moves the day boundary at one instant for heart rate, steps, sleep and the rest alike
   * ({@link DAY_BOUNDARY_RULE}).
   */
  offsetAt(epochMs: number): number {
    this.settle();
    const times = this.times;
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((times[mid] ?? Number.POSITIVE_INFINITY) <= epochMs) lo = mid + 1;
      else hi = mid;
    }
    const prev = lo - 1;
    const before = times[prev];
    const after = times[lo];
    const oBefore = this.offsets[prev] ?? 0;
    const oAfter = this.offsets[lo] ?? 0;
    if (before === undefined || after === undefined) {
      if (before !== undefined && epochMs - before <= this.maxGapMs) return oBefore;
      if (after !== undefined && after - epochMs <= this.maxGapMs) return oAfter;
      return this.fallback.offsetAt(epochMs);
    }
    if (oBefore === oAfter) {
      // A long gap at an offset the profile zone also has at both ends: the zone's own DST applies.
      if (
        after - before > this.maxGapMs &&
        this.fallback.offsetAt(before) === oBefore &&
        this.fallback.offsetAt(after) === oAfter
      )
        return this.fallback.offsetAt(epochMs);
      return oBefore;
    }
    return epochMs < this.switchAt(prev) ? oBefore : oAfter;
  }

  private readonly switches = new Map<number, number>();

  /**
   * The one instant the offset changes between observation `i` and `i + 1` (which differ): the
   * profile zone's own change when it makes exactly this change in between (a DST night at home),
   * else the first observation showing the new offset.
   */
  private switchAt(i: number): number {
    const cached = this.switches.get(i);
    if (cached !== undefined) return cached;
    const t0 = this.times[i] ?? 0;
    const t1 = this.times[i + 1] ?? 0;
    const o0 = this.offsets[i] ?? 0;
    const o1 = this.offsets[i + 1] ?? 0;
    let at = t1;
    if (this.fallback.offsetAt(t0) === o0 && this.fallback.offsetAt(t1) === o1) {
      let lo = t0;
      let hi = t1;
      while (hi - lo > 1) {
        const mid = lo + Math.floor((hi - lo) / 2);
        if (this.fallback.offsetAt(mid) === o0) lo = mid;
        else hi = mid;
      }
      at = hi;
    }
    this.switches.set(i, at);
    return at;
  }

  /** Epoch ms of local noon of `day` at the offset the data had around then. */
  noonOf(day: CivilDay): number {
    const approx = Date.parse(`${day}T12:00:00Z`);
    const off = this.offsetAt(approx);
    return approx - off * MINUTE_MS;
  }

  /** Epoch ms of a local wall-clock time, using the offset the data had around then. */
  wallToUtc(wallMs: number): number {
    const o1 = this.offsetAt(wallMs);
    const t1 = wallMs - o1 * MINUTE_MS;
    const o2 = this.offsetAt(t1);
    return o1 === o2 ? t1 : wallMs - o2 * MINUTE_MS;
  }
}

/** Civil day of UTC instants read in time order, cached per minute (offsets are whole minutes). */
export class DayResolver {
  private lastMinute = Number.NaN;
  private lastDay = '';
  constructor(private readonly timeline: OffsetTimeline) {}

  dayOf(epochMs: number): CivilDay {
    const minute = Math.floor(epochMs / MINUTE_MS);
    if (minute === this.lastMinute) return this.lastDay;
    this.lastMinute = minute;
    this.lastDay = civilDayAt(epochMs, this.timeline.offsetAt(epochMs));
    return this.lastDay;
  }
}

/** UTC instants of zone-less wall-clock times, using the timeline's offsets (cached per wall minute). */
export class WallResolver {
  private lastMinute = Number.NaN;
  private lastOffsetMs = 0;
  constructor(private readonly timeline: OffsetTimeline) {}

  toUtc(wallMs: number): number {
    const minute = Math.floor(wallMs / MINUTE_MS);
    if (minute !== this.lastMinute) {
      this.lastMinute = minute;
      const base = minute * MINUTE_MS;
      this.lastOffsetMs = base - this.timeline.wallToUtc(base);
    }
    return wallMs - this.lastOffsetMs;
  }
}
