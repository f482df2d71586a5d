/**
 * The local archive: one gzipped JSON file per civil day (CromWell's S3 format, so the folder can
 * be synced to any bucket by hand) plus an index that makes per-day and range queries (charts,
 * coverage, status) fast without opening day files. The index is derived data: it is repaired
 * from the day files on open (size/mtime check) and can be rebuilt from them entirely.
 */
import { createHash, type Hash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SyncBitError, toSyncBitError } from '../errors.js';
import { DATA_TYPES, typeOfMeasurement, type DataTypeId } from '../model/data-types.js';
import type { CivilDay, DataRecord } from '../model/record.js';
import { upgradeOldShapes } from '../model/legacy-records.js';
import { withZeroStepMinutes } from '../model/worn-minutes.js';
import type { Logger } from '../ports.js';
import { silentLogger } from '../log.js';
import { readJsonFile, writeFileAtomic } from './atomic-file.js';
import {
  assertRecords,
  canonicalJson,
  contentHash,
  gunzipDay,
  gzipDay,
  lineKey,
  lineMeasurement,
  splitCanonicalDay,
} from './day-file.js';
import { dataPaths, dayFileName, dayFromFileName } from './paths.js';

/** How an update treats what the day already holds for that type. */
export type UpdateMode = 'replace' | 'merge';

export interface TypeUpdate {
  readonly type: DataTypeId;
  readonly records: readonly DataRecord[];
  /** replace: the source is authoritative for this type-day (API fetch); merge: union by record key, new wins (Takeout). */
  readonly mode: UpdateMode;
}

/** An update whose records are already canonical JSON lines (see day-file.ts). */
export interface LineUpdate {
  readonly type: DataTypeId;
  readonly lines: readonly string[];
  readonly mode: UpdateMode;
}

export interface DayWriteResult {
  readonly day: CivilDay;
  readonly changed: boolean;
  readonly changedTypes: readonly DataTypeId[];
  /** Content hash of the whole day after the write (undefined when the day holds nothing). */
  readonly hash: string | undefined;
  readonly typeHashes: Readonly<Partial<Record<DataTypeId, string>>>;
}

export interface TypeStats {
  readonly count: number;
  readonly hash: string;
}

export interface DayIndexEntry {
  readonly size: number;
  readonly mtimeMs: number;
  readonly hash: string;
  readonly types: Readonly<Partial<Record<DataTypeId, TypeStats>>>;
  /** Daily values for charts, keyed `Measurement.field` (sleep: sums over the day's sessions). */
  readonly values: Readonly<Record<string, number>>;
}

const indexSchema = z.object({
  version: z.literal(1),
  days: z.record(
    z.string(),
    z.object({
      size: z.number(),
      mtimeMs: z.number(),
      hash: z.string(),
      types: z.record(z.string(), z.object({ count: z.number(), hash: z.string() })),
      values: z.record(z.string(), z.number()),
    }),
  ),
});

const SUMMED_MEASUREMENTS = new Set(['SleepSummary']);
const LAST_VALUE_MEASUREMENTS = new Set(['Weight', 'BodyFat']);

export class Archive {
  private readonly entries = new Map<CivilDay, DayIndexEntry>();
  private indexDirty = false;
  readonly dir: string;
  private readonly indexPath: string;

  private constructor(
    dataDir: string,
    private readonly log: Logger,
  ) {
    const p = dataPaths(dataDir);
    this.dir = p.archiveDir;
    this.indexPath = p.archiveIndex;
  }

  /** Opens the archive in `dataDir`, loading the index and repairing it from the day files if stale. */
  static async open(dataDir: string, options: { log?: Logger } = {}): Promise<Archive> {
    const archive = new Archive(dataDir, options.log ?? silentLogger);
    await archive.loadIndex();
    return archive;
  }

  /** Path of a day's file. */
  dayPath(day: CivilDay): string {
    return join(this.dir, dayFileName(day));
  }

  /** Days that hold data, oldest first. */
  days(): CivilDay[] {
    return [...this.entries.keys()].sort();
  }

  dayEntry(day: CivilDay): DayIndexEntry | undefined {
    return this.entries.get(day);
  }

  dayContentHash(day: CivilDay): string | undefined {
    return this.entries.get(day)?.hash;
  }

  typeHash(day: CivilDay, type: DataTypeId): string | undefined {
    return this.entries.get(day)?.types[type]?.hash;
  }

  /** Daily series for charts: `key` is `Measurement.field`; days without a value are omitted. */
  series(key: string, from?: CivilDay, to?: CivilDay): { day: CivilDay; value: number }[] {
    const out: { day: CivilDay; value: number }[] = [];
    for (const day of this.days()) {
      if ((from !== undefined && day < from) || (to !== undefined && day > to)) continue;
      const v = this.entries.get(day)?.values[key];
      if (v !== undefined) out.push({ day, value: v });
    }
    return out;
  }

  /** All records of a day ([] when the day has no file). Throws SyncBitError('io') for a corrupt file. */
  async readDay(day: CivilDay): Promise<DataRecord[]> {
    const text = await this.readDayText(day);
    if (text === undefined) return [];
    try {
      return assertRecords(JSON.parse(text) as unknown);
    } catch (err) {
      throw this.corrupt(day, err);
    }
  }

  private corrupt(day: CivilDay, err: unknown): SyncBitError {
    return new SyncBitError(
      'io',
      `The archive file for ${day} is corrupt (${(err as Error).message}): ${this.dayPath(day)}`,
      {
        cause: err,
      },
    );
  }

  /** The JSON text of a day file, or undefined when the day has none. */
  private async readDayText(day: CivilDay): Promise<string | undefined> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.dayPath(day));
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return undefined;
      throw toSyncBitError(err);
    }
    try {
      return await gunzipDay(bytes);
    } catch (err) {
      throw this.corrupt(day, err);
    }
  }

  /** The canonical lines of a day as it is on disk (fast split when the file is one SyncBit wrote). */
  private async readDayLines(day: CivilDay): Promise<string[]> {
    const text = await this.readDayText(day);
    if (text === undefined) return [];
    if (this.entries.get(day)?.hash === contentHash(text)) return splitCanonicalDay(text);
    try {
      return assertRecords(JSON.parse(text) as unknown).map(canonicalJson);
    } catch (err) {
      throw this.corrupt(day, err);
    }
  }

  /**
   * Applies updates to one day and writes the day file atomically if its content changed. Types
   * not named in `updates` and measurements SyncBit does not know are kept as they are.
   */
  async applyDay(day: CivilDay, updates: readonly TypeUpdate[]): Promise<DayWriteResult> {
    return this.applyDayLines(
      day,
      updates.map((u) => ({ type: u.type, lines: u.records.map(canonicalJson), mode: u.mode })),
    );
  }

  /** applyDay for records already in canonical JSON form (the import staging's fast path). */
  async applyDayLines(day: CivilDay, updates: readonly LineUpdate[]): Promise<DayWriteResult> {
    // Records of this day in the shapes written before formats.md §2 was followed are upgraded
    // first, so a re-import's merge replaces them (model/legacy-records.ts).
    const existing = upgradeOldShapes(await this.readDayLines(day));
    const merged = (existing.length === 0 && mergeFresh(updates)) || mergeLines(existing, updates);
    // Zero-step minutes while the tracker was worn (model/worn-minutes.ts), for every writer at once.
    const all = withZeroStepMinutes(merged);
    const { json, hash, types, values } = analyse(all);
    const typeHashes: Partial<Record<DataTypeId, string>> = {};
    for (const [t, st] of Object.entries(types) as [DataTypeId, TypeStats][]) typeHashes[t] = st.hash;
    const prev = this.entries.get(day);
    const changedTypes = (Object.keys(DATA_TYPES) as DataTypeId[]).filter(
      (t) => prev?.types[t]?.hash !== types[t]?.hash,
    );

    if (all.length === 0) {
      if (prev !== undefined || existing.length > 0) {
        await rm(this.dayPath(day), { force: true }).catch((err: unknown) => {
          throw toSyncBitError(err);
        });
        this.entries.delete(day);
        this.indexDirty = true;
      }
      return { day, changed: prev !== undefined, changedTypes, hash: undefined, typeHashes };
    }

    if (prev?.hash === hash && existing.length > 0) {
      return { day, changed: false, changedTypes: [], hash, typeHashes };
    }
    await writeFileAtomic(this.dayPath(day), await gzipDay(json));
    const st = await stat(this.dayPath(day));
    this.entries.set(day, { size: st.size, mtimeMs: st.mtimeMs, hash, types, values });
    this.indexDirty = true;
    this.log.debug('day written', { day, records: all.length, changedTypes });
    return { day, changed: true, changedTypes, hash, typeHashes };
  }

  /** Persists the index if it changed. */
  async flushIndex(): Promise<void> {
    if (!this.indexDirty) return;
    const days: Record<string, DayIndexEntry> = {};
    for (const day of this.days()) days[day] = this.entries.get(day) as DayIndexEntry;
    this.indexDirty = false;
    await writeFileAtomic(this.indexPath, JSON.stringify({ version: 1, days }));
  }

  /** Throws the index away and rebuilds it from the day files. */
  async rebuildIndex(): Promise<{ days: number; corrupt: CivilDay[] }> {
    this.entries.clear();
    this.indexDirty = true;
    const corrupt = await this.reconcile(new Map());
    await this.flushIndex();
    return { days: this.entries.size, corrupt };
  }

  private async loadIndex(): Promise<void> {
    const known = new Map<CivilDay, DayIndexEntry>();
    try {
      const raw = await readJsonFile(this.indexPath);
      const parsed = indexSchema.safeParse(raw);
      if (parsed.success) for (const [d, e] of Object.entries(parsed.data.days)) known.set(d, e);
      else if (raw !== undefined) this.log.warn('archive index unreadable; rebuilding it from the day files');
    } catch {
      this.log.warn('archive index unreadable; rebuilding it from the day files');
    }
    await this.reconcile(known);
    await this.flushIndex();
  }

  /** Brings the in-memory index in line with the day files on disk; returns days whose file is corrupt. */
  private async reconcile(known: Map<CivilDay, DayIndexEntry>): Promise<CivilDay[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') names = [];
      else throw toSyncBitError(err);
    }
    const corrupt: CivilDay[] = [];
    const onDisk = new Set<CivilDay>();
    for (const name of names) {
      const day = dayFromFileName(name);
      if (day === undefined) continue;
      onDisk.add(day);
      const st = await stat(join(this.dir, name));
      const k = known.get(day);
      if (k !== undefined && k.size === st.size && k.mtimeMs === st.mtimeMs) {
        this.entries.set(day, k);
        continue;
      }
      try {
        const text = (await this.readDayText(day)) ?? '[]';
        const lines = assertRecords(JSON.parse(text) as unknown)
          .map(canonicalJson)
          .sort();
        const { hash, types, values } = analyse(lines);
        this.entries.set(day, { size: st.size, mtimeMs: st.mtimeMs, hash, types, values });
        this.indexDirty = true;
      } catch (err) {
        corrupt.push(day);
        this.log.error('corrupt archive day file left untouched', { day, error: (err as Error).message });
      }
    }
    for (const day of known.keys()) if (!onDisk.has(day)) this.indexDirty = true;
    return corrupt;
  }
}

/**
 * The general merge: what the day holds, grouped by type, then each update applied (replace, or
 * union by record key with the update winning). Returns the lines sorted.
 */
function mergeLines(existing: readonly string[], updates: readonly LineUpdate[]): string[] {
  const byType = new Map<DataTypeId | undefined, string[]>();
  for (const line of existing) {
    const t = typeOfLine(line);
    const list = byType.get(t);
    if (list) list.push(line);
    else byType.set(t, [line]);
  }
  for (const u of updates) {
    if (u.mode === 'replace') {
      byType.set(u.type, [...u.lines]);
    } else {
      const merged = new Map<string, string>();
      for (const l of byType.get(u.type) ?? []) merged.set(lineKey(l), l);
      for (const l of u.lines) merged.set(lineKey(l), l);
      byType.set(u.type, [...merged.values()]);
    }
  }
  const all: string[] = [];
  for (const list of byType.values()) for (const l of list) all.push(l);
  all.sort();
  return all;
}

/**
 * The fast path of a day with nothing on disk (a first import): concatenate and sort, no key map.
 * Lines with the same record key sort next to each other (the key is a prefix ending in
 * `,"fields":{`), so one scan finds duplicates; if there is any, returns undefined and the caller
 * takes the general path, which decides which duplicate wins. Same result as mergeLines otherwise.
 */
function mergeFresh(updates: readonly LineUpdate[]): string[] | undefined {
  let n = 0;
  const seen = new Set<DataTypeId>();
  for (const u of updates) {
    if (seen.has(u.type)) return undefined;
    seen.add(u.type);
    n += u.lines.length;
  }
  const all = new Array<string>(n);
  let i = 0;
  for (const u of updates) for (const l of u.lines) all[i++] = l;
  all.sort();
  let prevEnd = -1;
  let prev = '';
  for (const line of all) {
    const end = line.indexOf(FIELDS_START);
    if (end >= 0 && end === prevEnd && samePrefix(line, prev, end)) return undefined;
    prevEnd = end;
    prev = line;
  }
  return all;
}

const FIELDS_START = ',"fields":{';
const RECORD_START = '{"measurement":';

/** True when `a` and `b` agree on their first `n` characters (compared from the end: times differ last). */
function samePrefix(a: string, b: string, n: number): boolean {
  for (let i = n - 1; i >= 0; i--) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

const typeCache = new Map<string, DataTypeId | undefined>();

/** The data type owning a canonical line's measurement (cached: there are few measurement names). */
function typeOfLine(line: string): DataTypeId | undefined {
  return typeOfMeasurementCached(lineMeasurement(line));
}

function typeOfMeasurementCached(m: string): DataTypeId | undefined {
  if (typeCache.has(m)) return typeCache.get(m);
  const t = typeOfMeasurement(m);
  typeCache.set(m, t);
  return t;
}

/**
 * One pass over a day's sorted canonical lines: the day JSON, its hash, per-type counts and hashes,
 * and the daily chart values (only daily measurements are parsed).
 */
function analyse(sorted: readonly string[]): {
  json: string;
  hash: string;
  types: Partial<Record<DataTypeId, TypeStats>>;
  values: Record<string, number>;
} {
  const json = `[${sorted.join(',')}]`;
  // Lines are sorted, so each measurement is one run of lines, i.e. one substring of `json`; a
  // type's hash is over its lines joined by ',' (its runs in order), fed to the hash run by run.
  const runs = new Map<DataTypeId, { count: number; hash: Hash; first: boolean }>();
  const values: Record<string, number> = {};
  let i = 0;
  let pos = 1;
  while (i < sorted.length) {
    const first = sorted[i] as string;
    const m = lineMeasurement(first);
    const prefix = `${RECORD_START}"${m}"`;
    const start = pos;
    let j = i;
    while (j < sorted.length && (sorted[j] as string).startsWith(prefix)) {
      pos += (sorted[j] as string).length + 1;
      j++;
    }
    if (j === i) {
      // Not a name the prefix finds (never written by SyncBit): a run of one line.
      pos += first.length + 1;
      j++;
    }
    const t = typeOfMeasurementCached(m);
    if (t !== undefined) {
      let run = runs.get(t);
      if (!run) {
        run = { count: 0, hash: createHash('sha256'), first: true };
        runs.set(t, run);
      }
      if (!run.first) run.hash.update(',');
      run.first = false;
      run.hash.update(json.slice(start, pos - 1));
      run.count += j - i;
      if (wantsDailyValues(m, t)) for (let k = i; k < j; k++) addDailyValues(values, sorted[k] as string, m);
    }
    i = j;
  }
  const types: Partial<Record<DataTypeId, TypeStats>> = {};
  for (const [t, run] of runs) types[t] = { count: run.count, hash: run.hash.digest('hex').slice(0, 24) };
  return { json, hash: contentHash(json), types, values };
}

/** Whether a measurement contributes to the per-day chart values. */
function wantsDailyValues(m: string, t: DataTypeId): boolean {
  const kind = DATA_TYPES[t].kind;
  const isDaily = (kind === 'daily' || kind === 'intraday') && !m.endsWith('_Intraday');
  return SUMMED_MEASUREMENTS.has(m) || isDaily || LAST_VALUE_MEASUREMENTS.has(m);
}

/** Adds one line's contribution to the per-day chart values (sleep: summed over the day's sessions). */
function addDailyValues(values: Record<string, number>, line: string, m: string): void {
  const summed = SUMMED_MEASUREMENTS.has(m);
  const r = JSON.parse(line) as DataRecord;
  for (const [f, v] of Object.entries(r.fields)) {
    if (typeof v !== 'number') continue; // text fields (SleepSummary.endTime) are not chart values
    const key = `${m}.${f}`;
    values[key] = summed ? (values[key] ?? 0) + v : v;
  }
  if (summed) values[`${m}.sessions`] = (values[`${m}.sessions`] ?? 0) + 1;
}
