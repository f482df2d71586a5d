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
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SyncBitError } from '../../errors.js';
import { silentLogger } from '../../log.js';
import type { Logger } from '../../ports.js';
import { writeFileAtomic } from '../../store/atomic-file.js';
import type { CivilDay, DataRecord } from '../../model/record.js';
import type { DayJob, DayOutcome, Exporter, PrepareResult, TestResult } from '../types.js';
import { metricInfo } from './metric-catalogue.js';
import { recentScans, scanOf, type ScannedDay } from './day-scan.js';
import { DayMapper, escapeLabelValue, type MappedSeries } from './metric-map.js';
import { BatchPipeline } from './batch-pipeline.js';
import {
  decodeRuns,
  encodeRuns,
  SentLedger,
  sentSeriesOf,
  SMALL_SERIES,
  seriesHash,
  type SentDay,
  type SentSeries,
} from './sent-ledger.js';
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

/** Settings the Victoria Metrics exporter needs (the app layer maps the saved settings onto these). */
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
  /** Recovery read-back after a recent unacknowledged attempt: wait this long after it (default 20 s, environment.md §4b)… */
  readonly recoverAfterMs?: number | undefined;
  /** …then read until the count is stable for this long (default 3 s). */
  readonly stableMs?: number | undefined;
}

export interface VictoriaContext {
  /** Durable folder for repair journals (inside the destination's outbox folder). */
  readonly journalDir: string;
  /** Durable folder of the sent-ledger (sent-ledger.ts); default: `sent/` beside `journalDir`. */
  readonly ledgerDir?: string | undefined;
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

function countStored(stored: StoredSeries): number {
  let n = 0;
  for (const byTs of stored.values()) for (const vals of byTs.values()) n += vals.length;
  return n;
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
  private ledger: Promise<SentLedger> | undefined;
  private readonly ledgerDir: string;
  /** The next day, mapped and being compressed while the current one is sent (see prepareAhead). */
  private ahead:
    { readonly scan: ScannedDay; readonly dayName: CivilDay; readonly day: MappedDay } | undefined;

  constructor(
    private readonly options: VictoriaOptions,
    private readonly ctx: VictoriaContext,
  ) {
    this.client = new VictoriaClient(options);
    this.ledgerDir = ctx.ledgerDir ?? join(dirname(ctx.journalDir), 'sent');
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

    const ledger = await this.openLedger();
    const sent = await ledger.read(job.day);
    // Acknowledged in full before (e.g. a crash between the ledger and the outbox journal).
    if (sent?.dayHash === job.hash) return { kind: 'sent', written: 0, skipped: day.count };
    let base: SentDay | undefined = sent;
    let duplicated: ReadonlySet<string> = new Set();
    if (job.mayBePartlySent || (sent === undefined && job.exportedHash !== undefined)) {
      // Recovery only: the server may hold part of this day that the ledger does not know.
      const read = await this.confirmedView(job, day, signal);
      base = { dayHash: undefined, series: { ...read.view.series, ...(sent?.series ?? {}) } };
      duplicated = read.duplicated;
    }
    if (base === undefined) {
      const batches = day.batches ?? this.pipeline(day.columns);
      const rejected = await this.sendBatches(batches, signal, scan && { scan, day: job.day });
      if (rejected !== undefined) return { kind: 'rejected', message: rejected };
      const series: Record<string, SentSeries> = {};
      for (const c of day.columns) series[c.series] = sentSeriesOf(c);
      await ledger.write(job.day, { dayHash: job.hash, series });
      return { kind: 'sent', written: day.count, skipped: 0 };
    }
    return this.sendChanges(job, day, base, duplicated, ledger, signal);
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
    // Columns come sorted by time (DayMapper.finish): their ends are their extremes.
    for (const c of columns) {
      const n = c.ts.length;
      if (n === 0) continue;
      count += n;
      minTs = Math.min(minTs, c.ts[0] ?? Infinity);
      maxTs = Math.max(maxTs, c.ts[n - 1] ?? -Infinity);
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

  /** Waits until read-back can be trusted to show the last attempt's writes. */
  private async settle(lastAttemptAt: number | undefined, signal?: AbortSignal): Promise<void> {
    const flushed = await this.client.forceFlush(signal);
    const settle = flushed ? (this.options.settleMs ?? 1_500) : (this.options.settleNoFlushMs ?? 15_000);
    const wait = (lastAttemptAt ?? 0) + settle - this.now();
    if (wait > 0) await sleep(Math.min(wait, settle), undefined, { signal }).catch(() => undefined);
    if (signal?.aborted) throw new SyncBitError('cancelled', 'The export was cancelled.');
  }

  private async openLedger(): Promise<SentLedger> {
    this.ledger ??= SentLedger.open(this.ledgerDir, async () => {
      // Exports made before the ledger existed leave acknowledged days in the outbox journal.
      const text = await readFile(join(this.ledgerDir, '..', 'drain-state.jsonl'), 'utf8').catch(() => '');
      return text.includes('"exportedHash"');
    });
    return this.ledger;
  }

  /**
   * What the server holds of this day's series, read back after a crash or an unacknowledged
   * batch (or once, for days exported before the ledger existed). The read is confirmed before
   * anything is re-sent: for a recent attempt, SyncBit waits until `recoverAfterMs` after it (VM
   * 1.79.5 can hide new series for 10-15 s, environment.md §4b), then reads until the sample count
   * has been stable for `stableMs`.
   */
  private async confirmedView(
    job: DayJob,
    day: MappedDay,
    signal?: AbortSignal,
  ): Promise<{ view: SentDay; duplicated: Set<string> }> {
    await this.settle(job.lastAttemptAt, signal);
    const recoverAfter = this.options.recoverAfterMs ?? 20_000;
    const stableMs = this.options.stableMs ?? 3_000;
    const last = job.lastAttemptAt;
    const recent = last !== undefined && this.now() - last < recoverAfter + stableMs;
    if (last !== undefined && recent) {
      const wait = last + recoverAfter - this.now();
      if (wait > 0) await sleep(wait, undefined, { signal }).catch(() => undefined);
      if (signal?.aborted) throw new SyncBitError('cancelled', 'The export was cancelled.');
    }
    const selector = `{__name__=~"fitbit_.+",user="${escapeLabelValue(this.options.userLabel)}"}`;
    const from = Math.min(day.minTs, day.stamp) - HALF_DAY_MS;
    const to = Math.max(day.maxTs, day.stamp) + HALF_DAY_MS;
    let stored = await this.client.exportSeries(selector, from, to, signal);
    if (recent) {
      let count = countStored(stored);
      let since = this.now();
      while (this.now() - since < stableMs) {
        await sleep(Math.min(500, stableMs), undefined, { signal }).catch(() => undefined);
        if (signal?.aborted) throw new SyncBitError('cancelled', 'The export was cancelled.');
        await this.client.forceFlush(signal);
        stored = await this.client.exportSeries(selector, from, to, signal);
        const n = countStored(stored);
        if (n !== count) [count, since] = [n, this.now()];
      }
    }
    // Only this day's part of each series: its instants for expected series, the day window for
    // daily series (their stale samples of this day are the server's, too).
    const expected = new Map(day.columns.map((c) => [c.series, c]));
    const series: Record<string, SentSeries> = {};
    const duplicated = new Set<string>();
    for (const [key, byTs] of stored) {
      const col = expected.get(key);
      const daily = metricInfo(nameOfSeries(key))?.kind === 'daily';
      // A series' own span in this day: the day's range also covers last evening's sleep, and
      // the neighbouring day's samples of the same series are not this day's to judge.
      const first = col?.ts[0];
      const last = col?.ts[col.ts.length - 1];
      const inDay = (ts: number): boolean =>
        daily
          ? Math.abs(ts - day.stamp) < HALF_DAY_MS || (first !== undefined && ts === first)
          : first !== undefined && last !== undefined && ts >= first && ts <= last;
      const ts = [...byTs.keys()].filter(inDay).sort((a, b) => a - b);
      if (ts.length === 0) continue;
      if (ts.some((t) => (byTs.get(t)?.length ?? 0) > 1)) duplicated.add(key);
      const values = ts.map((t) => {
        const vals = byTs.get(t) ?? [];
        return vals[vals.length - 1] ?? NaN;
      });
      series[key] = { h: '', n: ts.length, t: encodeRuns(ts), v: values };
    }
    return { view: { dayHash: undefined, series }, duplicated };
  }

  /**
   * Sends what the destination lacks of `day` compared with `base` (what was sent, from the ledger
   * or a confirmed read-back): unchanged series are skipped; a changed series gets only its samples
   * at instants not sent yet; a series whose value changed at an instant already sent (or that lost
   * samples) is rewritten whole — from the ledger for small series, else read back (confirmed) from
   * the server — because Victoria Metrics cannot overwrite a sample (docs/adr/0003).
   */
  private async sendChanges(
    job: DayJob,
    day: MappedDay,
    base: SentDay,
    duplicated: ReadonlySet<string>,
    ledger: SentLedger,
    signal?: AbortSignal,
  ): Promise<DayOutcome> {
    const toSend: MappedSeries[] = [];
    const local = new Map<string, MappedSeries | undefined>();
    const remote = new Map<string, { repair: Repair; sentTs: readonly number[] }>();
    const now: Record<string, SentSeries> = {};
    let skipped = 0;
    let fresh = 0;
    const rewrite = (series: string, e: SentSeries, col: MappedSeries | undefined): void => {
      const small = e.n <= SMALL_SERIES && (col === undefined || col.ts.length <= SMALL_SERIES);
      if (small && ledger.fullHistory && !duplicated.has(series)) local.set(series, col);
      else {
        const sentTs = decodeRuns(e.t);
        const put = new Map<number, number>();
        col?.ts.forEach((t, k) => put.set(t, col.values[k] ?? NaN));
        const remove = new Set(sentTs.filter((t) => !put.has(t)));
        remote.set(series, { repair: { remove, put }, sentTs });
      }
    };
    for (const col of day.columns) {
      const entry = sentSeriesOf(col);
      now[col.series] = entry;
      const e = base.series[col.series];
      if (e === undefined) {
        toSend.push(col);
        fresh += col.ts.length;
        continue;
      }
      if (e.h === entry.h && !duplicated.has(col.series)) {
        skipped += col.ts.length;
        continue;
      }
      const sentTs = decodeRuns(e.t);
      const at = new Map<number, number>();
      col.ts.forEach((t, k) => at.set(t, k));
      let conflict = duplicated.has(col.series) || sentTs.some((t) => !at.has(t));
      if (!conflict) {
        if (e.v !== undefined)
          conflict = sentTs.some((t, k) => !sameValue(e.v?.[k] ?? NaN, col.values[at.get(t) ?? -1] ?? NaN));
        else
          conflict =
            seriesHash(
              sentTs,
              sentTs.map((t) => col.values[at.get(t) ?? -1] ?? NaN),
            ) !== e.h;
      }
      if (conflict) {
        rewrite(col.series, e, col);
        continue;
      }
      const sent = new Set(sentTs);
      const ts: number[] = [];
      const values: number[] = [];
      col.ts.forEach((t, k) => {
        if (sent.has(t)) return;
        ts.push(t);
        values.push(col.values[k] ?? NaN);
      });
      skipped += col.ts.length - ts.length;
      fresh += ts.length;
      if (ts.length > 0) toSend.push({ series: col.series, ts, values, daily: undefined });
    }
    // Series the day no longer has (e.g. the device was renamed): their samples of this day go.
    for (const [series, e] of Object.entries(base.series))
      if (now[series] === undefined) rewrite(series, e, undefined);

    const rejected = toSend.length > 0 ? await this.sendBatches(this.pipeline(toSend), signal) : undefined;
    if (rejected !== undefined) return { kind: 'rejected', message: rejected };
    let repaired = 0;
    for (const [series, col] of local) {
      const all = await ledger.samplesOf(series, job.day);
      const e = base.series[series];
      if (all === undefined && e !== undefined) {
        rewrite(series, { ...e, v: undefined, n: SMALL_SERIES + 1 }, col); // too big elsewhere: via the server
        continue;
      }
      const samples = all ?? new Map<number, number>();
      // delete_series only finds what the index shows: wait until every sent instant is visible.
      await this.awaitVisible(
        series,
        [...samples.keys(), ...(e === undefined ? [] : decodeRuns(e.t))],
        signal,
      );
      col?.ts.forEach((t, k) => samples.set(t, col.values[k] ?? NaN));
      repaired += await this.rewriteSeries(series, samples, signal);
    }
    for (const [series, r] of remote) {
      await this.awaitVisible(series, r.sentTs, signal);
      repaired += await this.repairSeries(series, r.repair, signal);
    }
    const rewritten = local.size + remote.size;
    if (rewritten > 0) this.log.info('victoria: rewrote changed series', { day: job.day, series: rewritten });
    await ledger.write(job.day, { dayHash: job.hash, series: now });
    return {
      kind: 'sent',
      written: fresh + repaired,
      skipped,
      note: rewritten > 0 ? `rewrote ${rewritten} series whose values changed` : undefined,
    };
  }

  /**
   * Before a series is read whole for a repair: waits until the server shows every instant the
   * ledger (or the confirmed view) says was sent for this day, so a series still missing from the
   * index is never taken for empty. Gives up after `recoverAfterMs` × 3 with an error (retried later).
   */
  private async awaitVisible(series: string, sentTs: readonly number[], signal?: AbortSignal): Promise<void> {
    if (sentTs.length === 0) return;
    const deadline = this.now() + 3 * (this.options.recoverAfterMs ?? 20_000);
    const from = Math.min(...sentTs);
    const to = Math.max(...sentTs);
    for (;;) {
      await this.client.forceFlush(signal);
      const got = (await this.client.exportSeries(series, from, to, signal)).get(series);
      if (got !== undefined && sentTs.every((t) => got.has(t))) return;
      if (this.now() > deadline)
        throw new SyncBitError(
          'network',
          `Victoria Metrics at ${this.client.host} does not show ${nameOfSeries(series)} yet although it acknowledged it; the day stays queued and is retried later.`,
        );
      await sleep(500, undefined, { signal }).catch(() => undefined);
      if (signal?.aborted) throw new SyncBitError('cancelled', 'The export was cancelled.');
    }
  }

  /** Replaces a series with exactly `samples` (journalled, deleted, re-imported), without reading it. */
  private async rewriteSeries(
    series: string,
    samples: ReadonlyMap<number, number>,
    signal?: AbortSignal,
  ): Promise<number> {
    let text = '';
    for (const ts of [...samples.keys()].sort((a, b) => a - b))
      text += line({ series, value: samples.get(ts) ?? NaN, ts });
    await this.journalled({ match: series, text }, signal);
    return samples.size;
  }

  private async journalled(journal: RepairJournal, signal?: AbortSignal): Promise<void> {
    const file = join(
      this.ctx.journalDir,
      `${createHash('sha256').update(journal.match).digest('hex').slice(0, 32)}.json`,
    );
    await writeFileAtomic(file, JSON.stringify(journal));
    await this.applyJournal(journal, signal);
    await rm(file, { force: true });
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
    await this.journalled({ match: series, text }, signal);
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
