/**
 * Shared state of one import: the sink (with touch de-duplication), per-family counters, the
 * offset timeline, the zone rule for zone-less data, device names, and which days each preferred
 * family already covered (so a JSON twin is used only where no CSV exists).
 */
import { SyncBitError } from '../../errors.js';
import type { DataTypeId } from '../../model/data-types.js';
import type { CivilDay, DataRecord } from '../../model/record.js';
import type { Logger } from '../../ports.js';
import type { RecordSink } from '../../store/record-sink.js';
import type { FamilyId } from './catalogue.js';
import { FamilyStats } from './report.js';
import { OffsetTimeline, ZoneClock } from './time.js';

export type ZoneSource = 'timezone-option' | 'profile' | 'default-utc';

export class ImportContext {
  readonly stats = new Map<FamilyId, FamilyStats>();
  readonly trackerNames = new Set<string>();
  /** The tracker's name, used as `Device` when a row names none. */
  defaultDevice = 'unknown';
  /** The account's weight unit from the profile (`POUND`, `KILOGRAM`, …), when known. */
  weightUnit: string | undefined;
  zone: string;
  zoneSource: ZoneSource;
  zoneClock: ZoneClock;
  timeline: OffsetTimeline;
  /** Latest civil day of real (non-placeholder) data, to recognise placeholder future days. */
  lastRealDay: CivilDay = '';
  records = 0;
  private readonly allDays = new Set<CivilDay>();
  private readonly touched = new Set<string>();
  private lastTouchDay = '';
  private lastTouchType = '';
  private readonly tagCache = new Map<string, Readonly<Record<string, string>>>();
  private rowsSinceCheck = 0;

  constructor(
    private readonly sink: RecordSink,
    readonly log: Logger,
    zone: { zone: string; source: ZoneSource },
    private readonly signal?: AbortSignal,
  ) {
    this.zone = zone.zone;
    this.zoneSource = zone.source;
    this.zoneClock = new ZoneClock(zone.zone);
    this.timeline = new OffsetTimeline(zone.zone);
  }

  /** Switches the zone rule (the profile is read before any data). */
  setZone(zone: string, source: ZoneSource): void {
    this.zone = zone;
    this.zoneSource = source;
    this.zoneClock = new ZoneClock(zone);
    this.timeline = new OffsetTimeline(zone);
  }

  family(id: FamilyId): FamilyStats {
    let s = this.stats.get(id);
    if (!s) {
      s = new FamilyStats(id);
      this.stats.set(id, s);
    }
    return s;
  }

  /** Days a family produced records for (its coverage, for twin preference). */
  covers(id: FamilyId, day: CivilDay): boolean {
    return this.stats.get(id)?.daySet().has(day) ?? false;
  }

  /** `{Device: name}` tags, shared per name (records are immutable). */
  deviceTags(name: string | undefined): Readonly<Record<string, string>> {
    const n = name === undefined || name.trim() === '' ? this.defaultDevice : name.trim();
    let t = this.tagCache.get(n);
    if (!t) {
      t = Object.freeze({ Device: n });
      this.tagCache.set(n, t);
    }
    return t;
  }

  /** Adds a record; counts it for the family and marks the day/type as covered. */
  add(
    stats: FamilyStats,
    day: CivilDay,
    type: DataTypeId,
    record: DataRecord,
    real = true,
  ): Promise<void> | undefined {
    stats.records++;
    stats.noteDay(day);
    this.records++;
    if (day !== this.lastTouchDay || type !== this.lastTouchType) {
      this.touch(stats, day, type);
      if (real && day > this.lastRealDay) this.lastRealDay = day;
    }
    return this.sink.add(day, type, record);
  }

  /** Marks `type` as read for `day` (even when it produced no record). */
  touch(stats: FamilyStats | undefined, day: CivilDay, type: DataTypeId): void {
    this.lastTouchDay = day;
    this.lastTouchType = type;
    stats?.dataTypes.add(type);
    const key = `${type}|${day}`;
    if (this.touched.has(key)) return;
    this.touched.add(key);
    this.allDays.add(day);
    this.sink.touch(day, type);
  }

  get dayCount(): number {
    return this.allDays.size;
  }

  /** Throws `cancelled` when the caller aborted; cheap enough to call per row. */
  checkAbort(): void {
    if (++this.rowsSinceCheck < 4096) return;
    this.rowsSinceCheck = 0;
    this.throwIfAborted();
  }

  throwIfAborted(): void {
    if (this.signal?.aborted)
      throw new SyncBitError('cancelled', 'Import cancelled; nothing was written for unfinished days.');
  }
}
