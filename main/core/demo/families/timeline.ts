/**
 * The synthetic export's time frame and the generation context every family writes with: the
 * days, the zone timeline (offsets to the minute around a switch), the legacy-only period, the
 * day the tracker was not worn, and the days a phone or a mirror also reported.
 */
import { addDays, daysBetween, offsetInZone, startOfDayInZone } from '../../model/civil-day.js';
import type { CivilDay } from '../../model/record.js';
import type { Prng } from '../prng.js';
import type { SyntheticTakeoutOptions } from '../synthetic-takeout.js';
import type { FileSet } from './file-set.js';
import { HOUR, MINUTE } from './format.js';

export interface Timeline {
  readonly firstZone: string;
  /** Zone switch instants (the first at -∞). */
  readonly switches: readonly { readonly at: number; readonly zone: string }[];
  readonly days: readonly CivilDay[];
  readonly lastDay: CivilDay;
  /** First and end instant of the export. */
  readonly T0: number;
  readonly T1: number;
  readonly legacyDays: number;
  /** Instant before which only legacy JSON exists. */
  readonly legacyEnd: number;
  readonly zoneAt: (t: number) => string;
  /** UTC offset in minutes at instant `t`. */
  readonly offsetAt: (t: number) => number;
  /** The instant of a wall-clock time (ms as if UTC). */
  readonly localToUtc: (wall: number) => number;
}

/** What every family writes with. */
export interface Generation {
  readonly o: SyntheticTakeoutOptions;
  readonly rng: Prng;
  readonly tl: Timeline;
  readonly fs: FileSet;
  /** Heart-rate cadence in seconds. */
  readonly hrSec: number;
  /** UTC date whose heart_rate CSV is `no data` (tracker not worn), if any. */
  readonly notWornUtcDay: CivilDay | undefined;
  readonly phoneDaySet: ReadonlySet<CivilDay>;
  readonly mirrorDaySet: ReadonlySet<CivilDay>;
  readonly legacyDaySet: ReadonlySet<CivilDay>;
}

export function buildTimeline(o: SyntheticTakeoutOptions): Timeline {
  const first = o.zones[0];
  if (!first) throw new RangeError('zones must name at least one zone');
  const firstZone = first.zone;
  const switches = o.zones.map((z, i) => ({
    at: i === 0 ? Number.NEGATIVE_INFINITY : Date.parse(z.from),
    zone: z.zone,
  }));
  const zoneAt = (t: number): string => {
    let z = firstZone;
    for (const s of switches) if (t >= s.at) z = s.zone;
    return z;
  };
  const days = daysBetween(o.startDay, addDays(o.startDay, o.days - 1));
  const lastDay = addDays(o.startDay, o.days - 1);
  const T0 = startOfDayInZone(o.startDay, firstZone);
  const T1 = startOfDayInZone(addDays(lastDay, 1), zoneAt(startOfDayInZone(lastDay, firstZone)));
  // Hourly offset table (switch instants are respected to the minute below).
  const H0 = Math.floor(T0 / HOUR) - 48;
  const hours = Math.ceil((T1 - T0) / HOUR) + 96;
  const offTable = new Int16Array(hours);
  for (let i = 0; i < hours; i++) {
    const t = (H0 + i) * HOUR;
    offTable[i] = offsetInZone(t, zoneAt(t));
  }
  const offsetAt = (t: number): number => {
    for (const s of switches) if (s.at > t - HOUR && s.at <= t + HOUR) return offsetInZone(t, zoneAt(t));
    return offTable[Math.floor(t / HOUR) - H0] ?? offsetInZone(t, zoneAt(t));
  };
  const localToUtc = (wall: number): number => {
    const o1 = offsetAt(wall);
    const o2 = offsetAt(wall - o1 * MINUTE);
    return wall - o2 * MINUTE;
  };
  const legacyDays = Math.min(o.legacyJsonDays ?? 0, o.days);
  const legacyEnd =
    legacyDays > 0
      ? startOfDayInZone(addDays(o.startDay, legacyDays), zoneAt(T0 + legacyDays * 24 * HOUR))
      : T0;
  return { firstZone, switches, days, lastDay, T0, T1, legacyDays, legacyEnd, zoneAt, offsetAt, localToUtc };
}
