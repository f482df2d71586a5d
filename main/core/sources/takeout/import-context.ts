/**
 * Shared state of one import: the sink (with touch de-duplication), per-family counters, the
 * offset timeline, the zone rule for zone-less data, device names, and which days each preferred
 * family already covered (so a JSON twin is used only where no CSV exists).
 */
import { SyncBitError } from '../../errors.js';
import type { DataTypeId } from '../../model/data-types.js';
import type { CivilDay, DataRecord } from '../../model/record.js';
import type { Logger } from '../../ports.js';
import type { RecordSink } from '../../model/record-sink.js';
import type { FamilyId } from './catalogue.js';
import { FamilyStats } from './report.js';
import { OffsetTimeline, ZoneClock } from './time.js';

/** One exercise as stored in ActivityRecords: its span, its civil day, and the GPS `ActivityID`. */
export interface ExerciseSpan {
  readonly start: number;
  readonly end: number;
  readonly day: CivilDay;
  /** `"<start as the ActivityRecords record's time>-<activityName>"`. */
  readonly activityId: string;
}

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
  /** Exercises stored so far (UTC ms), for matching GPS tracks to them. A few thousand at most. */
  readonly exercises: ExerciseSpan[] = [];
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

  /**
   * Remembers an exercise stored as an ActivityRecords record at `record.time`, so GPS points in its
   * span get `ActivityID` = `"<that time>-<activityName>"`.
   */
  noteExercise(record: DataRecord, start: number, durationMs: number | undefined, day: CivilDay): void {
    const name = record.tags.ActivityName ?? 'Exercise';
    const end =
      durationMs !== undefined && Number.isFinite(durationMs) && durationMs > 0 ? start + durationMs : start;
    this.exercises.push({ start, end, day, activityId: `${record.time}-${name}` });
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
