/**
 * Victoria Metrics exporter. VM stores every sample it receives, duplicates included (no dedup by
 * default), and has no "delete this time range". So SyncBit makes each day land exactly once:
 *
 * - A day never sent before is imported as is (the fast path: one pass, gzip batches).
 * - A day that may already be there (an earlier attempt was not acknowledged: crash, timeout,
 *   400 half-way) or whose content changed since it was exported (late uploads) is reconciled:
 *   SyncBit flushes, reads the day's range back with /api/v1/export, sends only the samples the
 *   server lacks, and repairs every series that holds a different value, a duplicate, or a stale
 *   daily sample: the series is read whole, corrected, journalled to disk, deleted, re-imported.
 *   A crash in the middle of a repair is finished from the journal on the next drain.
 * - Days the server would drop silently (older than its retention, more than 2 days ahead) are
 *   held back with a reason instead of being sent.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SyncBitError } from '../../errors.js';
import { silentLogger } from '../../log.js';
import type { Logger } from '../../ports.js';
import { writeFileAtomic } from '../../store/atomic-file.js';
import type { CivilDay, DataRecord } from '../../model/record.js';
import type { DayJob, DayOutcome, Exporter, PrepareResult, TestResult } from '../types.js';
import { metricInfo } from './metric-catalogue.js';
import { recentScans, scanOf, type ScannedDay } from './day-scan.js';
import {
  columnsToSamples,
  DayMapper,
  escapeLabelValue,
  type MappedSeries,
  type Sample,
} from './metric-map.js';
import { BatchPipeline } from './batch-pipeline.js';
import { FUTURE_LIMIT_MS } from './retention.js';
import {
  VictoriaClient,
  type ImportResult,
  type StoredSeries,
  type VictoriaConnection,
} from './vm-client.js';

const HOUR_MS = 3_600_000;
const HALF_DAY_MS = 12 * HOUR_MS;
/** Import requests of one day on the wire at once. */
const IN_FLIGHT = 2;

/** Settings the Victoria Metrics exporter needs (the lead maps settings.ts onto this). */
export interface VictoriaOptions extends VictoriaConnection {
  /** The `user` label: FITBIT_USER_ID, default `default`. */
  readonly userLabel: string;
  /** Zone for the noon stamp of per-day aggregates when a day has no daily record (default: system zone). */
  readonly timeZone?: string | undefined;
  /** Upper bounds of one import request (default 50,000 lines / 4 MiB of text before gzip). */
  readonly maxBatchLines?: number | undefined;
  readonly maxBatchBytes?: number | undefined;
  /** Wait after a write before trusting read-back: with a working force_flush (default 1.5 s), without (default 15 s). */
  readonly settleMs?: number | undefined;
  readonly settleNoFlushMs?: number | undefined;
}

export interface VictoriaContext {
  /** Durable folder for repair journals (inside the destination's outbox folder). */
  readonly journalDir: string;
  readonly log?: Logger | undefined;
  readonly now?: (() => number) | undefined;
}

interface Repair {
  readonly remove: Set<number>;
  readonly put: Map<number, number>;
}

/** A day mapped to columns, with its compressed batches when they were prepared ahead. */
interface MappedDay {
  readonly columns: MappedSeries[];
  readonly stamp: number;
  readonly count: number;
  readonly minTs: number;
  readonly maxTs: number;
  batches: BatchPipeline | undefined;
}

interface RepairJournal {
  readonly match: string;
  readonly text: string;
}

/** Numbers as VM returns them: it stores decimals with ~15 significant digits. */
function sameValue(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function line(s: { series: string; value: number; ts: number }): string {
  return `${s.series} ${s.value} ${s.ts}\n`;
}

function nameOfSeries(series: string): string {
  const i = series.indexOf('{');
  return i < 0 ? series : series.slice(0, i);
}

export class VictoriaExporter implements Exporter {
  readonly destination = 'victoria' as const;
  private readonly client: VictoriaClient;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly maxLines: number;
  private readonly maxBytes: number;
  private readonly zone: string;
  private retention: { raw: string; ms: number } | undefined;
  /** The next day, mapped and being compressed while the current one is sent (see prepareAhead). */
  private ahead:
    { readonly scan: ScannedDay; readonly dayName: CivilDay; readonly day: MappedDay } | undefined;

  constructor(
    private readonly options: VictoriaOptions,
    private readonly ctx: VictoriaContext,
  ) {
    this.client = new VictoriaClient(options);
    this.log = ctx.log ?? silentLogger;
    this.now = ctx.now ?? Date.now;
    this.maxLines = options.maxBatchLines ?? 50_000;
    this.maxBytes = options.maxBatchBytes ?? 4 * 1024 * 1024;
    this.zone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  /** Finishes interrupted repairs, then learns the server's retention. */
  async prepare(signal?: AbortSignal): Promise<PrepareResult> {
    // An authenticated read first: refused credentials fail here, before any day is marked as maybe sent.
    await this.client.labels(signal);
    await this.replayJournals(signal);
    this.retention = await this.client.retention(signal);
    const warnings: string[] = [];
    if (this.retention === undefined)
      warnings.push(
        `Could not read the retention of Victoria Metrics at ${this.client.host} (/metrics and /flags unreadable): days older than its retention would be dropped by the server without an error.`,
      );
    return { warnings };
  }

  async exportDay(job: DayJob, signal?: AbortSignal): Promise<DayOutcome> {
    const scan = scanOf(job.records);
    const ahead = this.ahead;
    const day = (scan && ahead?.scan === scan ? ahead.day : undefined) ?? this.mapDay(job, scan);
    // A day prepared ahead is kept only while it is still to come (read-ahead may have run past this one).
    if (ahead === undefined || ahead.scan === scan || ahead.dayName <= job.day) this.ahead = undefined;
    if (day.count === 0) return { kind: 'sent', written: 0, skipped: 0, note: 'no samples' };
    const held = this.holdReason(job.day, day.minTs, day.maxTs);
    if (held) return held;

    if (!job.mayBePartlySent && job.exportedHash === undefined) {
      const batches = day.batches ?? this.pipeline(day.columns);
      const rejected = await this.sendBatches(batches, signal, scan && { scan, day: job.day });
      return rejected === undefined
        ? { kind: 'sent', written: day.count, skipped: 0 }
        : { kind: 'rejected', message: rejected };
    }
    return this.reconcile(job, columnsToSamples(day.columns), day.stamp, day.minTs, day.maxTs, signal);
  }

  /**
   * The day's series as columns. Days from fileDaySource come with a scan of the day file (no
   * record objects); any other source's records are mapped one by one. Both give the same series.
   */
  private mapDay(
    job: { day: CivilDay; records: readonly DataRecord[] },
    scan: ScannedDay | undefined,
  ): MappedDay {
    const mapper = new DayMapper(this.options.userLabel);
    if (scan === undefined) for (const r of job.records) mapper.addRecord(r);
    else
      for (const item of scan.items)
        if ('column' in item) mapper.addColumn(item.column);
        else mapper.addRecord(item.record);
    const stamp = mapper.dayStamp(job.day, this.zone);
    const columns = mapper.finish(stamp).series;
    let count = 0;
    let minTs = Infinity;
    let maxTs = -Infinity;
    for (const c of columns) {
      count += c.ts.length;
      for (const t of c.ts) {
        if (t < minTs) minTs = t;
        if (t > maxTs) maxTs = t;
      }
    }
    return { columns, stamp, count, minTs, maxTs, batches: undefined };
  }

  private pipeline(columns: readonly MappedSeries[], after?: Promise<unknown>): BatchPipeline {
    return new BatchPipeline(
      columns,
      { maxLines: this.maxLines, maxChars: this.maxBytes },
      (text) => VictoriaClient.compress(text),
      after,
    );
  }

  /**
   * While a day is on the wire, maps and compresses the day the outbox will most likely hand over
   * next (it sends oldest first and reads ahead: the earliest scanned day after `current`), after
   * the current day's own batches. Pure speed-up: exportDay uses it only for that very scan.
   */
  private prepareAhead(current: { scan: ScannedDay; day: CivilDay }, after: Promise<unknown>): void {
    if (this.ahead !== undefined) return;
    let next: { day: CivilDay; scan: ScannedDay } | undefined;
    for (const r of recentScans())
      if (r.scan !== current.scan && r.day > current.day && (next === undefined || r.day < next.day))
        next = r;
    if (next === undefined) return;
    const day = this.mapDay({ day: next.day, records: [] }, next.scan);
    if (day.count > 0) day.batches = this.pipeline(day.columns, after);
    this.ahead = { scan: next.scan, dayName: next.day, day };
  }

  async test(signal?: AbortSignal): Promise<TestResult> {
    const details: string[] = [];
    try {
      const labels = await this.client.labels(signal);
      details.push(`authenticated read of /api/v1/labels: ${labels.length} label names`);
      const r = await this.client.retention(signal);
      details.push(
        r
          ? `retention: ${r.raw} (samples older than ${Math.round(r.ms / 86_400_000)} days are dropped by the server)`
          : 'retention: unknown (/metrics not readable)',
      );
      if (!new URL(this.options.importUrl).pathname.includes('/api/v1/import'))
        details.push(
          'warning: VICTORIA_ENDPOINT does not look like an import URL (…/api/v1/import/prometheus)',
        );
      return {
        ok: true,
        message: `Victoria Metrics at ${this.client.host} is reachable and accepts the credentials (nothing was written).`,
        details,
      };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, message, details };
    }
  }

  close(): Promise<void> {
    this.ahead = undefined;
    this.client.close();
    return Promise.resolve();
  }

  private holdReason(day: string, minTs: number, maxTs: number): DayOutcome | undefined {
    const now = this.now();
    if (this.retention !== undefined && minTs < now - this.retention.ms + HOUR_MS) {
      return {
        kind: 'held',
        reason: `${day} is older than the retention of Victoria Metrics at ${this.client.host} (-retentionPeriod=${this.retention.raw}); the server would drop it silently. Raise the retention to export it.`,
      };
    }
    if (maxTs > now + FUTURE_LIMIT_MS - HOUR_MS) {
      return {
        kind: 'held',
        reason: `${day} holds samples more than 2 days in the future (check the clock or the data's time zone); Victoria Metrics would drop them.`,
      };
    }
    return undefined;
  }

  /**
   * Posts a day's batches as they become ready, up to IN_FLIGHT at a time (the server ingests one
   * while the next is on the wire; the day was marked "maybe sent" before, so order within the day
   * does not matter). Returns the first rejection message; waits for every request it started.
   */
  private async sendBatches(
    batches: BatchPipeline,
    signal?: AbortSignal,
    current?: { scan: ScannedDay; day: CivilDay },
  ): Promise<string | undefined> {
    const inFlight: Promise<ImportResult>[] = [];
    const results: ImportResult[] = [];
    let failure: { error: unknown } | undefined;
    const settleOne = async (): Promise<void> => {
      const first = inFlight.shift();
      if (first === undefined) return;
      try {
        results.push(await first);
      } catch (error) {
        failure ??= { error };
      }
      if (current !== undefined) this.prepareAhead(current, batches.finished);
    };
    try {
      for (let k = 0; failure === undefined; k++) {
        const body = await batches.body(k);
        if (body === undefined) break;
        const posting = this.client.importGzip(body, signal);
        posting.catch(() => undefined);
        inFlight.push(posting);
        if (current !== undefined) this.prepareAhead(current, batches.finished);
        if (inFlight.length >= IN_FLIGHT) await settleOne();
      }
    } catch (error) {
      failure ??= { error };
    }
    while (inFlight.length > 0) await settleOne();
    if (failure !== undefined) throw failure.error;
    for (const res of results) if (!res.ok) return res.message;
    return undefined;
  }

  /** Samples (e.g. the ones the server lacks) in the same batches, by series. */
  private sendSamples(samples: readonly Sample[], signal?: AbortSignal): Promise<string | undefined> {
    const columns: MappedSeries[] = [];
    let cur: { series: string; ts: number[]; values: number[]; daily: undefined } | undefined;
    for (const s of samples) {
      if (cur?.series !== s.series)
        columns.push((cur = { series: s.series, ts: [], values: [], daily: undefined }));
      cur.ts.push(s.ts);
      cur.values.push(s.value);
    }
    return this.sendBatches(this.pipeline(columns), signal);
  }

  /** Waits until read-back can be trusted to show the last attempt's writes. */
  private async settle(lastAttemptAt: number | undefined, signal?: AbortSignal): Promise<void> {
    const flushed = await this.client.forceFlush(signal);
    const settle = flushed ? (this.options.settleMs ?? 1_500) : (this.options.settleNoFlushMs ?? 15_000);
    const wait = (lastAttemptAt ?? 0) + settle - this.now();
    if (wait > 0) await sleep(Math.min(wait, settle), undefined, { signal }).catch(() => undefined);
    if (signal?.aborted) throw new SyncBitError('cancelled', 'The export was cancelled.');
  }

  private async reconcile(
    job: DayJob,
    samples: readonly Sample[],
    stamp: number,
    minTs: number,
    maxTs: number,
    signal?: AbortSignal,
  ): Promise<DayOutcome> {
    await this.settle(job.lastAttemptAt, signal);
    const selector = `{__name__=~"fitbit_.+",user="${escapeLabelValue(this.options.userLabel)}"}`;
    const stored = await this.client.exportSeries(
      selector,
      Math.min(minTs, stamp) - HALF_DAY_MS,
      Math.max(maxTs, stamp) + HALF_DAY_MS,
      signal,
    );

    const repairs = new Map<string, Repair>();
    const repair = (series: string): Repair => {
      let r = repairs.get(series);
      if (r === undefined) repairs.set(series, (r = { remove: new Set(), put: new Map() }));
      return r;
    };
    const expected = new Map<string, Sample[]>();
    let skipped = 0;
    for (const s of samples) {
      let list = expected.get(s.series);
      if (list === undefined) expected.set(s.series, (list = []));
      list.push(s);
      const byTs = stored.get(s.series);
      const got = byTs?.get(s.ts);
      if (got !== undefined && (got.length !== 1 || !sameValue(got[0] ?? NaN, s.value))) repair(s.series);
      else if (got !== undefined) skipped++;
      if (s.daily && byTs !== undefined)
        for (const ts of byTs.keys())
          if (ts !== s.ts && Math.abs(ts - s.ts) < HALF_DAY_MS) repair(s.series).remove.add(ts);
    }
    // Daily series no longer in the day (e.g. the device name changed): their sample of this day is stale.
    for (const [series, byTs] of stored) {
      if (expected.has(series) || metricInfo(nameOfSeries(series))?.kind !== 'daily') continue;
      for (const ts of byTs.keys()) if (Math.abs(ts - stamp) < HALF_DAY_MS) repair(series).remove.add(ts);
    }
    for (const [series, r] of repairs) for (const s of expected.get(series) ?? []) r.put.set(s.ts, s.value);

    const missing = samples.filter(
      (s) => !repairs.has(s.series) && stored.get(s.series)?.get(s.ts) === undefined,
    );
    const rejected = missing.length > 0 ? await this.sendSamples(missing, signal) : undefined;
    let repaired = 0;
    for (const [series, r] of repairs) repaired += await this.repairSeries(series, r, signal);
    if (repairs.size > 0)
      this.log.info('victoria: repaired changed series', { day: job.day, series: repairs.size });
    if (rejected !== undefined) return { kind: 'rejected', message: rejected };
    return {
      kind: 'sent',
      written: missing.length + repaired,
      skipped,
      note: repairs.size > 0 ? `rewrote ${repairs.size} series whose values changed` : undefined,
    };
  }

  /** Reads a series whole, applies the day's corrections, journals it, deletes it and imports it again. */
  private async repairSeries(series: string, fix: Repair, signal?: AbortSignal): Promise<number> {
    const all: StoredSeries = await this.client.exportSeries(series, undefined, undefined, signal);
    let text = '';
    let written = 0;
    if (!all.has(series)) all.set(series, new Map());
    for (const [key, byTs] of all) {
      const merged = new Map<number, number>();
      for (const [ts, vals] of byTs) {
        const v = vals[vals.length - 1];
        if (v !== undefined) merged.set(ts, v);
      }
      if (key === series) {
        for (const ts of fix.remove) merged.delete(ts);
        for (const [ts, v] of fix.put) merged.set(ts, v);
      }
      for (const ts of [...merged.keys()].sort((a, b) => a - b)) {
        text += line({ series: key, value: merged.get(ts) ?? 0, ts });
        written++;
      }
    }
    const journal: RepairJournal = { match: series, text };
    const file = join(
      this.ctx.journalDir,
      `${createHash('sha256').update(series).digest('hex').slice(0, 32)}.json`,
    );
    await writeFileAtomic(file, JSON.stringify(journal));
    await this.applyJournal(journal, signal);
    await rm(file, { force: true });
    return written;
  }

  private async applyJournal(journal: RepairJournal, signal?: AbortSignal): Promise<void> {
    await this.client.deleteSeries(journal.match, signal);
    if (journal.text === '') return;
    const lines = journal.text.split('\n').filter((l) => l !== '');
    for (let k = 0; k < lines.length; k += this.maxLines) {
      const res = await this.client.importGzip(
        await VictoriaClient.compress(`${lines.slice(k, k + this.maxLines).join('\n')}\n`),
        signal,
      );
      if (!res.ok)
        throw new SyncBitError(
          'export-rejected',
          `Victoria Metrics rejected the repair of ${nameOfSeries(journal.match)}: ${res.message}. It will be retried from the journal.`,
        );
    }
    await this.client.forceFlush(signal);
  }

  private async replayJournals(signal?: AbortSignal): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.ctx.journalDir);
    } catch {
      return;
    }
    for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.'))) {
      const file = join(this.ctx.journalDir, name);
      const journal = JSON.parse(await readFile(file, 'utf8')) as RepairJournal;
      this.log.warn('victoria: finishing an interrupted series repair', {
        series: nameOfSeries(journal.match),
      });
      await this.applyJournal(journal, signal);
      await rm(file, { force: true });
    }
  }
}
