/**
 * Staging for bulk imports: a RecordSink that keeps memory bounded whatever the export size by
 * spilling records to one NDJSON file per civil day and data type, then merges each day into the
 * archive once.
 * Nothing is half-written: day files are replaced atomically, and a crashed run's staging folder
 * is simply discarded (re-importing is idempotent).
 */
import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataTypeId } from '../model/data-types.js';
import type { CivilDay, DataRecord } from '../model/record.js';
import { canonicalJson } from './day-file.js';
import { SyncBitError, toSyncBitError } from '../errors.js';
import type { Archive } from './archive.js';
import type { DayBuild, DayFileAt, DayWriteResult, UpdateMode } from './day-build.js';
import { dayWriteThread, type DayWriteThread } from './day-write-thread.js';
import { buildStagedDay, type StagedDayRequest } from './staged-day.js';
import { dataPaths } from './paths.js';
import type { RecordSink } from '../model/record-sink.js';

/** Records kept in memory before spilling to disk (about 100 bytes each). */
const DEFAULT_SPILL_THRESHOLD = 15_000;

export interface StagingFinishOptions {
  readonly mode: UpdateMode;
  readonly onDay?: (result: DayWriteResult, done: number, total: number) => void;
  /**
   * Checked once, before the first day is written: a cancelled import leaves the archive exactly as
   * it was. Once days are being written the finish runs to the end (it is bounded), so the archive
   * never holds half an import.
   */
  readonly signal?: AbortSignal;
  /** Where the second lane of days is written (default: the process's day-writing worker). */
  readonly thread?: DayWriteThread;
}

export class DayStaging implements RecordSink {
  /** Canonical lines per day and type (no per-line type prefix: nothing to concatenate or slice). */
  private readonly buffers = new Map<CivilDay, Map<DataTypeId, string[]>>();
  private readonly touched = new Map<CivilDay, Set<DataTypeId>>();
  /** Types that have a spill file (`<day>.<type>.ndjson`) per day. */
  private readonly spilled = new Map<CivilDay, Set<DataTypeId>>();
  private lastDay = '';
  private lastType = '';
  private lastList: string[] | undefined;
  private buffered = 0;
  private spilling: Promise<void> | undefined;
  private failure: Error | undefined;
  private created = false;

  private constructor(
    private readonly dir: string,
    private readonly spillThreshold: number,
  ) {}

  /** Creates a staging area under the data directory, removing staging folders left by crashed runs. */
  static async create(dataDir: string, options: { spillThreshold?: number } = {}): Promise<DayStaging> {
    const root = dataPaths(dataDir).stagingDir;
    await rm(root, { recursive: true, force: true });
    return new DayStaging(
      join(root, `${process.pid}-${randomBytes(4).toString('hex')}`),
      options.spillThreshold ?? DEFAULT_SPILL_THRESHOLD,
    );
  }

  add(day: CivilDay, type: DataTypeId, record: DataRecord): Promise<void> | undefined {
    const line = canonicalJson(record);
    if (this.lastList !== undefined && day === this.lastDay && type === this.lastType) {
      this.lastList.push(line);
    } else {
      this.listFor(day, type).push(line);
      this.touch(day, type);
    }
    this.buffered++;
    if (this.failure) throw this.failure;
    if (this.buffered >= this.spillThreshold) {
      // One spill at a time: while it writes, parsing goes on (memory stays under two thresholds);
      // only a caller that fills the buffer again before the spill ends has to wait.
      if (this.spilling) return this.spilling;
      this.spilling = this.spill().finally(() => {
        this.spilling = undefined;
      });
    }
    return undefined;
  }

  /** The buffer of one (day, type), remembered for the next add (importers emit runs of one day and type). */
  private listFor(day: CivilDay, type: DataTypeId): string[] {
    let byType = this.buffers.get(day);
    if (!byType) {
      byType = new Map();
      this.buffers.set(day, byType);
    }
    let list = byType.get(type);
    if (!list) {
      list = [];
      byType.set(type, list);
    }
    this.lastDay = day;
    this.lastType = type;
    this.lastList = list;
    return list;
  }

  touch(day: CivilDay, type: DataTypeId): void {
    const set = this.touched.get(day);
    if (set) set.add(type);
    else this.touched.set(day, new Set([type]));
  }

  /** Days that received records or were touched, oldest first. */
  days(): CivilDay[] {
    return [...this.touched.keys()].sort();
  }

  /** Types touched on a day. */
  typesOn(day: CivilDay): DataTypeId[] {
    return [...(this.touched.get(day) ?? [])].sort();
  }

  private async spill(): Promise<void> {
    try {
      if (!this.created) {
        await mkdir(this.dir, { recursive: true });
        this.created = true;
      }
      const batches: [CivilDay, DataTypeId, string[]][] = [];
      for (const [day, byType] of this.buffers)
        for (const [type, lines] of byType) batches.push([day, type, lines]);
      this.buffers.clear();
      this.lastList = undefined;
      this.buffered = 0;
      await Promise.all(
        batches.map(async ([day, type, lines]) => {
          await appendFile(this.spillPath(day, type), `${lines.join('\n')}\n`);
          const set = this.spilled.get(day);
          if (set) set.add(type);
          else this.spilled.set(day, new Set([type]));
        }),
      );
    } catch (err) {
      // Kept and thrown to the next caller (add or finish): a full disk must stop the import.
      this.failure = toSyncBitError(err);
    }
  }

  /** Writes everything buffered to the staging folder (and rethrows a failed spill). */
  async flush(): Promise<void> {
    await this.settle();
    this.spilling = this.spill().finally(() => {
      this.spilling = undefined;
    });
    await this.settle();
  }

  /** Waits for a spill in flight and rethrows its failure. */
  private async settle(): Promise<void> {
    if (this.spilling) await this.spilling;
    if (this.failure) throw this.failure;
  }

  private spillPath(day: CivilDay, type: DataTypeId): string {
    return join(this.dir, `${day}.${type}.ndjson`);
  }

  /** A day's staged lines per type: the spill file (lines in the order they came), then the buffered ones. */
  private stagedDay(day: CivilDay, at: DayFileAt, mode: UpdateMode): StagedDayRequest {
    const spilled = this.spilled.get(day) ?? new Set<DataTypeId>();
    const buffered = this.buffers.get(day) ?? new Map<DataTypeId, string[]>();
    const types = [...new Set([...spilled, ...buffered.keys()])].map((type) => ({
      type,
      spill: spilled.has(type) ? this.spillPath(day, type) : undefined,
      lines: buffered.get(type) ?? [],
    }));
    return { at, types, mode };
  }

  /**
   * Merges every staged day into the archive (one atomic write per changed day), flushes the
   * archive index, and removes the staging folder. Returns one result per staged day.
   *
   * Both cores: days are written by the main thread and by the day-writing worker at once (two
   * days in flight there, so that one day's gzip and fsync overlap the next day's merge). After a
   * failure no new day is started; the days in flight finish, then the first error is thrown.
   */
  async finish(archive: Archive, options: StagingFinishOptions): Promise<DayWriteResult[]> {
    const results: DayWriteResult[] = [];
    const thread = options.thread ?? dayWriteThread;
    try {
      await this.settle();
      if (options.signal?.aborted === true)
        throw new SyncBitError('cancelled', 'Import cancelled; the archive was left as it was.');
      const days = this.days();
      let done = 0;
      let next = 0;
      let failure: { readonly error: unknown } | undefined;
      const lane = async (write: (req: StagedDayRequest) => Promise<DayBuild>): Promise<void> => {
        while (failure === undefined && next < days.length) {
          const day = days[next++] as CivilDay;
          try {
            const result = await archive.applyDayWith(day, (at) =>
              write(this.stagedDay(day, at, options.mode)),
            );
            results.push(result);
            done++;
            options.onDay?.(result, done, days.length);
            if (done % 50 === 0) await archive.flushIndex();
          } catch (error) {
            failure ??= { error };
          }
        }
      };
      const onWorker = (req: StagedDayRequest): Promise<DayBuild> => thread.run(req);
      await Promise.all([lane(buildStagedDay), lane(onWorker), lane(onWorker)]);
      if (failure !== undefined) throw failure.error;
      results.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
      await archive.flushIndex();
    } finally {
      await this.discard();
    }
    return results;
  }

  /** Removes the staging folder. */
  async discard(): Promise<void> {
    if (this.spilling) await this.spilling;
    this.buffers.clear();
    this.lastList = undefined;
    await rm(this.dir, { recursive: true, force: true });
    const root = join(this.dir, '..');
    const left = await readdir(root).catch(() => []);
    if (left.length === 0) await rm(root, { recursive: true, force: true });
  }
}
