/**
 * Coverage: what SyncBit knows about each data type on each civil day, persisted in
 * `state/coverage.json` (so it lives in the store with the data folder's other files; the sync
 * engine and the import read and update it). Kept per type per day (never as one watermark) so
 * that gaps are visible and re-fetched, and so that recent days are re-fetched until their content
 * stops changing (phones upload late).
 */
import { z } from 'zod';
import type { CoverageStatus } from '../../../common/app-types.js';
import { addDays } from '../model/civil-day.js';
import { DATA_TYPE_IDS, type DataTypeId } from '../model/data-types.js';
import type { CivilDay } from '../model/record.js';
import { readJsonFile, writeFileAtomic } from './atomic-file.js';
import { dataPaths } from './paths.js';

/** fetched: has data; empty: read, nothing there; failed: last attempt failed; final: stopped changing. */
export type { CoverageStatus };
export type CoverageSource = 'takeout' | 'api';

export interface CoverageEntry {
  readonly status: CoverageStatus;
  readonly source: CoverageSource;
  /** When this entry was last written (epoch ms). */
  readonly updatedAt: number;
  /** Hash of the type's records for the day when last fetched (finalisation compares it). */
  readonly hash?: string;
  /** How many consecutive fetches returned the same content. */
  readonly stableCount?: number;
  /** Consecutive failures (for backoff) and the last error's code and message. */
  readonly failures?: number;
  readonly error?: { code: string; message: string };
  /**
   * The collector's cheap change-check fingerprint of the day, taken just before its last fetch
   * (recent days are re-read only when it changes).
   */
  readonly check?: string;
}

const entrySchema = z.object({
  status: z.enum(['fetched', 'empty', 'failed', 'final']),
  source: z.enum(['takeout', 'api']),
  updatedAt: z.number(),
  hash: z.string().optional(),
  stableCount: z.number().optional(),
  failures: z.number().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  check: z.string().optional(),
});
const fileSchema = z.object({
  version: z.literal(1),
  types: z.record(z.string(), z.record(z.string(), entrySchema)),
});

/**
 * Types Google reports only while the tracker is worn (reference §6.7, data presence): a day with
 * nothing is "not worn", never "0 steps", and SyncBit writes nothing for it.
 */
export const WORN_ONLY_TYPES: ReadonlySet<DataTypeId> = new Set<DataTypeId>([
  'steps',
  'distance',
  'floors',
  'elevation',
  'calories',
]);

/** What an empty (read, nothing there) day of `type` means, for status lines and the coverage view. */
export function emptyDayMeaning(type: DataTypeId): 'not worn' | 'no data' {
  return WORN_ONLY_TYPES.has(type) ? 'not worn' : 'no data';
}

export interface TypeCoverageSummary {
  readonly type: DataTypeId;
  readonly firstDay?: CivilDay;
  readonly lastDay?: CivilDay;
  readonly daysPresent: number;
  readonly daysEmpty: number;
  /** Empty days of a worn-only type: the tracker was not worn (nothing written, not zeros). */
  readonly daysNotWorn: number;
  readonly daysFailed: number;
  /** Gaps: runs of days between firstDay and lastDay with no entry or a failed one. */
  readonly gaps: readonly { from: CivilDay; to: CivilDay }[];
}

/** The coverage map, persisted atomically to `state/coverage.json`. */
export class CoverageStore {
  private readonly byType = new Map<DataTypeId, Map<CivilDay, CoverageEntry>>();
  private dirty = false;

  private constructor(private readonly path: string) {}

  static async open(dataDir: string): Promise<CoverageStore> {
    const store = new CoverageStore(dataPaths(dataDir).coverage);
    const raw = await readJsonFile(store.path);
    if (raw !== undefined) {
      const parsed = fileSchema.safeParse(raw);
      if (parsed.success) {
        for (const [type, days] of Object.entries(parsed.data.types)) {
          if (!(DATA_TYPE_IDS as readonly string[]).includes(type)) continue;
          store.byType.set(type as DataTypeId, new Map(Object.entries(days)));
        }
      }
      // A corrupt coverage file is not fatal: coverage is re-derived by re-fetching; the archive is the truth.
    }
    return store;
  }

  get(type: DataTypeId, day: CivilDay): CoverageEntry | undefined {
    return this.byType.get(type)?.get(day);
  }

  set(type: DataTypeId, day: CivilDay, entry: CoverageEntry): void {
    let days = this.byType.get(type);
    if (!days) {
      days = new Map();
      this.byType.set(type, days);
    }
    days.set(day, entry);
    this.dirty = true;
  }

  /** Records a successful read of `type` on `day` with content `hash` (undefined hash = no data). */
  recordFetch(
    type: DataTypeId,
    day: CivilDay,
    source: CoverageSource,
    hash: string | undefined,
    now: number,
  ): CoverageEntry {
    const prev = this.get(type, day);
    const same = prev !== undefined && prev.hash === hash && prev.status !== 'failed';
    const entry: CoverageEntry = {
      status: hash === undefined ? 'empty' : 'fetched',
      source,
      updatedAt: now,
      ...(hash === undefined ? {} : { hash }),
      stableCount: same ? (prev.stableCount ?? 0) + 1 : 0,
    };
    this.set(type, day, entry);
    return entry;
  }

  /** Records a failed read; the previous content hash is kept so nothing already archived is forgotten. */
  recordFailure(
    type: DataTypeId,
    day: CivilDay,
    source: CoverageSource,
    error: { code: string; message: string },
    now: number,
  ): void {
    const prev = this.get(type, day);
    this.set(type, day, {
      status: 'failed',
      source,
      updatedAt: now,
      ...(prev?.hash === undefined ? {} : { hash: prev.hash }),
      failures: (prev?.failures ?? 0) + 1,
      error,
    });
  }

  /** Marks a day final (it stopped changing, or it is older than the finalisation window). */
  markFinal(type: DataTypeId, day: CivilDay, now: number): void {
    const prev = this.get(type, day);
    if (!prev || prev.status === 'failed') return;
    this.set(type, day, { ...prev, status: prev.hash === undefined ? 'empty' : 'final', updatedAt: now });
  }

  /** All entries of a type, oldest day first. */
  entries(type: DataTypeId): [CivilDay, CoverageEntry][] {
    return [...(this.byType.get(type)?.entries() ?? [])].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }

  /** Per-type summary for `syncbit status` and the coverage view. */
  summary(type: DataTypeId): TypeCoverageSummary {
    const entries = this.entries(type);
    const withData = entries.filter(([, e]) => e.status === 'fetched' || e.status === 'final');
    const firstDay = entries[0]?.[0];
    const lastDay = entries.at(-1)?.[0];
    const gaps: { from: CivilDay; to: CivilDay }[] = [];
    if (firstDay !== undefined && lastDay !== undefined) {
      const known = new Map(entries);
      let gapStart: CivilDay | undefined;
      let prevDay: CivilDay | undefined;
      for (let d = firstDay; d <= lastDay; d = addDays(d, 1)) {
        const e = known.get(d);
        const missing = e === undefined || e.status === 'failed';
        if (missing && gapStart === undefined) gapStart = d;
        if (!missing && gapStart !== undefined && prevDay !== undefined) {
          gaps.push({ from: gapStart, to: prevDay });
          gapStart = undefined;
        }
        prevDay = d;
      }
      if (gapStart !== undefined) gaps.push({ from: gapStart, to: lastDay });
    }
    return {
      type,
      ...(firstDay === undefined ? {} : { firstDay }),
      ...(lastDay === undefined ? {} : { lastDay }),
      daysPresent: withData.length,
      daysEmpty: entries.filter(([, e]) => e.status === 'empty').length,
      daysNotWorn: WORN_ONLY_TYPES.has(type) ? entries.filter(([, e]) => e.status === 'empty').length : 0,
      daysFailed: entries.filter(([, e]) => e.status === 'failed').length,
      gaps,
    };
  }

  /** Writes the map if it changed since the last flush. */
  async flush(): Promise<void> {
    if (!this.dirty) return;
    const types: Record<string, Record<string, CoverageEntry>> = {};
    for (const [type, days] of [...this.byType.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      types[type] = Object.fromEntries([...days.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    }
    this.dirty = false;
    await writeFileAtomic(this.path, JSON.stringify({ version: 1, types }));
  }
}
