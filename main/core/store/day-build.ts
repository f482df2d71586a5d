/**
 * Building one day file from what the day holds and the updates to it: merge (replace or union by
 * record key), the zero-step minutes of worn time, one analysis pass (JSON, content hash, per-type
 * counts and hashes, daily chart values), then an atomic write when the content changed. The
 * Archive does this for every writer; the end of an import also runs it on a worker thread
 * (day-write-thread.ts), so everything here is plain functions over paths and lines.
 */
import { createHash, type Hash } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import { toSyncBitError } from '../errors.js';
import { DATA_TYPES, typeOfMeasurement, type DataTypeId } from '../model/data-types.js';
import type { CivilDay, DataRecord } from '../model/record.js';
import { upgradeOldShapes } from '../model/legacy-records.js';
import { withZeroStepMinutes } from '../model/worn-minutes.js';
import { writeFileAtomic } from './atomic-file.js';
import {
  assertRecords,
  canonicalJson,
  contentHash,
  DayFileError,
  gunzipDay,
  gzipDay,
  lineKey,
  lineMeasurement,
  readDayFileBytes,
  splitCanonicalDay,
} from './day-file.js';

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

const SUMMED_MEASUREMENTS = new Set(['SleepSummary']);
const LAST_VALUE_MEASUREMENTS = new Set(['Weight', 'BodyFat']);

/** What the day file is known as before a write. */
export interface DayFileAt {
  readonly path: string;
  /** The index's content hash of the file (undefined when the index has no entry for the day). */
  readonly knownHash: string | undefined;
}

/** What writing one day came to. */
export type DayBuild =
  /** Nothing left for the day: its file was removed (`removed`) or there was none. */
  | { readonly kind: 'empty'; readonly removed: boolean }
  /** The content is what the index says the file holds: nothing written. */
  | { readonly kind: 'same'; readonly hash: string; readonly types: Partial<Record<DataTypeId, TypeStats>> }
  | { readonly kind: 'written'; readonly entry: DayIndexEntry };

/**
 * The canonical lines of the day file at `at.path` ([] when there is none; a file SyncBit wrote,
 * as the index knows it, is split without parsing). Throws DayFileError.
 */
export async function readDayLinesAt(at: DayFileAt): Promise<string[]> {
  const bytes = await readDayFileBytes(at.path);
  if (bytes === undefined) return [];
  try {
    const text = await gunzipDay(bytes);
    if (at.knownHash === contentHash(text)) return splitCanonicalDay(text);
    return assertRecords(JSON.parse(text) as unknown).map(canonicalJson);
  } catch (err) {
    throw DayFileError.from(false, err);
  }
}

/**
 * Applies `updates` to the day's lines on disk and writes the day file atomically if its content
 * changed; removes it when nothing is left. Types not named in `updates` and measurements SyncBit
 * does not know are kept as they are. Throws DayFileError (the file on disk) or SyncBitError (the write).
 */
export async function buildDay(at: DayFileAt, updates: readonly LineUpdate[]): Promise<DayBuild> {
  // Records of this day in the shapes written before formats.md §2 was followed are upgraded
  // first, so a re-import's merge replaces them (model/legacy-records.ts).
  const existing = upgradeOldShapes(await readDayLinesAt(at));
  const merged = (existing.length === 0 && mergeFresh(updates)) || mergeLines(existing, updates);
  // Zero-step minutes while the tracker was worn (model/worn-minutes.ts), for every writer at once.
  const all = withZeroStepMinutes(merged);
  if (all.length === 0) {
    const removed = at.knownHash !== undefined || existing.length > 0;
    if (removed)
      await rm(at.path, { force: true }).catch((err: unknown) => Promise.reject(toSyncBitError(err)));
    return { kind: 'empty', removed };
  }
  const { json, hash, types, values } = analyse(all);
  if (at.knownHash === hash && existing.length > 0) return { kind: 'same', hash, types };
  await writeFileAtomic(at.path, await gzipDay(json));
  const st = await stat(at.path).catch((err: unknown) => Promise.reject(toSyncBitError(err)));
  return { kind: 'written', entry: { size: st.size, mtimeMs: st.mtimeMs, hash, types, values } };
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
export function analyse(sorted: readonly string[]): {
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
