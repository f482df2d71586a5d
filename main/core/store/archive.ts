/**
 * The local archive: one gzipped JSON file per civil day (CromWell's S3 format, so the folder can
 * be synced to any bucket by hand) plus an index that makes per-day and range queries (charts,
 * coverage, status) fast without opening day files. The index is derived data: it is repaired
 * from the day files on open (size/mtime check) and can be rebuilt from them entirely.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SyncBitError, toSyncBitError } from '../errors.js';
import { DATA_TYPES, type DataTypeId } from '../model/data-types.js';
import type { CivilDay, DataRecord } from '../model/record.js';
import type { Logger } from '../ports.js';
import { silentLogger } from '../log.js';
import { readJsonFile, writeFileAtomic } from './atomic-file.js';
import { assertRecords, canonicalJson, DayFileError, gunzipDay, readDayFileBytes } from './day-file.js';
import {
  analyse,
  buildDay,
  type DayBuild,
  type DayFileAt,
  type DayIndexEntry,
  type DayWriteResult,
  type LineUpdate,
  type TypeUpdate,
} from './day-build.js';
import { dataPaths, dayFileName, dayFromFileName } from './paths.js';

export type {
  DayBuild,
  DayIndexEntry,
  DayWriteResult,
  LineUpdate,
  TypeStats,
  TypeUpdate,
  UpdateMode,
} from './day-build.js';

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

export class Archive {
  private readonly entries = new Map<CivilDay, DayIndexEntry>();
  private indexDirty = false;
  private indexWrites: Promise<void> = Promise.resolve();
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
    const bytes = await readDayFileBytes(this.dayPath(day)).catch((err: unknown) =>
      Promise.reject(this.dayFailure(day, err)),
    );
    if (bytes === undefined) return undefined;
    try {
      return await gunzipDay(bytes);
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
  applyDayLines(day: CivilDay, updates: readonly LineUpdate[]): Promise<DayWriteResult> {
    return this.applyDayWith(day, (at) => buildDay(at, updates));
  }

  /**
   * applyDayLines with the work (read, merge, write: see day-build.ts) done by `build`, e.g. on a
   * worker thread; the index is updated here. One day is written by one `build` at a time.
   */
  async applyDayWith(day: CivilDay, build: (at: DayFileAt) => Promise<DayBuild>): Promise<DayWriteResult> {
    const prev = this.entries.get(day);
    let built: DayBuild;
    try {
      built = await build({ path: this.dayPath(day), knownHash: prev?.hash });
    } catch (err) {
      throw this.dayFailure(day, err);
    }
    const types = built.kind === 'empty' ? {} : built.kind === 'same' ? built.types : built.entry.types;
    const typeHashes: Partial<Record<DataTypeId, string>> = {};
    for (const [t, st] of Object.entries(types) as [DataTypeId, { hash: string }][]) typeHashes[t] = st.hash;
    const changedTypes = (Object.keys(DATA_TYPES) as DataTypeId[]).filter(
      (t) => prev?.types[t]?.hash !== typeHashes[t],
    );
    switch (built.kind) {
      case 'empty':
        if (built.removed) {
          this.entries.delete(day);
          this.indexDirty = true;
        }
        return { day, changed: prev !== undefined, changedTypes, hash: undefined, typeHashes };
      case 'same':
        return { day, changed: false, changedTypes: [], hash: built.hash, typeHashes };
      case 'written':
        this.entries.set(day, built.entry);
        this.indexDirty = true;
        this.log.debug('day written', { day, changedTypes });
        return { day, changed: true, changedTypes, hash: built.entry.hash, typeHashes };
    }
  }

  /** A failed day write as the person should read it: a corrupt file is named; I/O by its cause. */
  private dayFailure(day: CivilDay, err: unknown): SyncBitError {
    if (err instanceof DayFileError && !err.io) return this.corrupt(day, err);
    return toSyncBitError(err);
  }

  /** Persists the index if it changed. */
  flushIndex(): Promise<void> {
    // One write at a time, each taking its snapshot when its turn comes: two writers flushing at
    // once (the lanes of an import's finish) can never leave an older snapshot on disk last.
    const turn = this.indexWrites.then(() => this.writeIndex());
    this.indexWrites = turn.catch(() => undefined);
    return turn;
  }

  private async writeIndex(): Promise<void> {
    if (!this.indexDirty) return;
    const days: Record<string, DayIndexEntry> = {};
    for (const day of this.days()) days[day] = this.entries.get(day) as DayIndexEntry;
    this.indexDirty = false;
    try {
      await writeFileAtomic(this.indexPath, JSON.stringify({ version: 1, days }));
    } catch (err) {
      this.indexDirty = true;
      throw err;
    }
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
