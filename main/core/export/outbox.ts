/**
 * The durable outbox of one destination, in `<dataDir>/state/outbox/<destination>/`:
 *
 * - `want/<day>.json`  {hash}: the content the destination should hold (written by `enqueue`,
 *   atomically: temp + fsync + rename).
 * - `drain-state.jsonl`: an append-only journal written only by `drain` (under `drain.lock`), one
 *   JSON record a line: a day's state {exportedHash, partlySent, failed, held, …} or the
 *   destination-wide meta (backoff, last error, warnings). The last record of a day wins. Every
 *   append is fsynced before the drain goes on; the journal is compacted (rewritten atomically,
 *   one line per day) when it has grown or ends in a torn line, before the first append of a drain.
 *
 * Enqueue and drain never write the same file, so a sync can fill the outbox while an export runs.
 * A day is marked `partlySent` (durably) *before* anything is sent and `exportedHash` is set only
 * after the destination acknowledged it, so kill -9 at any moment leaves either "not sent" or
 * "maybe sent" — and the exporter turns "maybe sent" into an idempotent re-send. Nothing is ever
 * removed from `want` before it is acknowledged. To keep the cost between two days at one small
 * append + fsync, a day's "done" record is written together with the next day's "maybe sent"
 * marker (or on its own when the drain ends); a crash in between only leaves the acknowledged day
 * as "maybe sent", which the exporter reconciles without duplicates. Readers (`status`) take no
 * lock: they skip a half-written last line, and a compaction replaces the file by rename.
 */
import { mkdir, open, readdir, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { SyncBitError, toSyncBitError } from '../errors.js';
import { silentLogger } from '../log.js';
import { isCivilDay } from '../model/civil-day.js';
import type { CivilDay, DataRecord } from '../model/record.js';
import type { Logger } from '../ports.js';
import { readJsonFile, writeFileAtomic } from '../store/atomic-file.js';
import { dataPaths } from '../store/paths.js';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { acquireDrainLock } from './drain-lock.js';
import {
  drainStep,
  EMPTY_META,
  ZERO_COUNTS,
  isPending,
  pendingAfter,
  planDrain,
  retryFailedRecords,
  startRun,
  type DayState,
  type DrainCounts,
  type DrainEffect,
  type DrainEvent,
  type DrainRun,
  type Entry,
  type JournalRecord,
  type Meta,
  type WantFile,
} from './outbox-transitions.js';
import type { ArchiveDays, DaySource, DestinationName, Exporter } from './types.js';

/** Days read (decompressed and scanned) ahead of the one being sent. */
const READ_AHEAD = 2;
const JOURNAL = 'drain-state.jsonl';

/** A day and the content hash to export (the archive's `dayContentHash`). */
export interface DayHash {
  readonly day: CivilDay;
  readonly hash: string;
}

export interface DrainOptions {
  readonly source: DaySource;
  readonly signal?: AbortSignal | undefined;
  readonly now?: (() => number) | undefined;
  /** Ignore the backoff timer and held-day timers (the user asked: `syncbit export`). */
  readonly force?: boolean | undefined;
}

/** What one drain did: its counts (samples/objects written this run, and those found already present, …). */
export interface DrainSummary extends DrainCounts {
  readonly destination: DestinationName;
  /** `done`: ran (possibly stopped by an error), `backoff`: not yet time to retry, `busy`: another drainer runs, `idle`: nothing to do. */
  readonly state: 'done' | 'backoff' | 'busy' | 'idle';
  readonly error?: { readonly code: string; readonly message: string } | undefined;
  readonly pending: number;
  readonly nextAttemptAt?: number | undefined;
}

export interface OutboxStatus {
  readonly destination: DestinationName;
  /** Days waiting to be exported (including held ones). */
  readonly pending: number;
  /** Days held back because the destination would drop them. */
  readonly held: number;
  /** Days set aside after the destination rejected them as invalid. */
  readonly failed: number;
  readonly failedDays: readonly { readonly day: CivilDay; readonly message: string; readonly at: number }[];
  readonly nextAttemptAt?: number | undefined;
  readonly lastError?: { readonly code: string; readonly message: string; readonly at: number } | undefined;
  readonly lastSuccessAt?: number | undefined;
  readonly warnings: readonly string[];
}

/** What the journal says. */
interface DrainState {
  readonly states: Map<CivilDay, DayState>;
  meta: Meta;
  /** Lines in the journal; undefined when there is no journal yet. */
  readonly lines: number | undefined;
  /** The journal ends in a partial line (a crash during an append): compact before appending. */
  readonly torn: boolean;
}

export class Outbox {
  private readonly wantDir: string;
  private readonly journalPath: string;
  private readonly lockPath: string;

  private constructor(
    readonly destination: DestinationName,
    readonly dir: string,
    private readonly log: Logger,
    private readonly backoff: BackoffPolicy,
  ) {
    this.wantDir = join(dir, 'want');
    this.journalPath = join(dir, JOURNAL);
    this.lockPath = join(dir, 'drain.lock');
  }

  /** Opens (creating) the outbox of `destination` in `dataDir`. */
  static async open(
    dataDir: string,
    destination: DestinationName,
    options: { log?: Logger; backoff?: BackoffPolicy } = {},
  ): Promise<Outbox> {
    const dir = join(dataPaths(dataDir).outboxDir, destination);
    const box = new Outbox(destination, dir, options.log ?? silentLogger, options.backoff ?? DEFAULT_BACKOFF);
    try {
      await mkdir(box.wantDir, { recursive: true });
    } catch (err) {
      throw toSyncBitError(err);
    }
    return box;
  }

  /** Folder for an exporter's own crash journals (e.g. Victoria Metrics series repairs). */
  static journalDir(dataDir: string, destination: DestinationName): string {
    return join(dataPaths(dataDir).outboxDir, destination, 'journal');
  }

  /** Asks for `days` to be exported with these content hashes. A day whose hash is already wanted is left alone. */
  async enqueue(days: readonly DayHash[]): Promise<number> {
    let added = 0;
    for (const { day, hash } of days) {
      if (!isCivilDay(day))
        throw new SyncBitError('invalid-input', `not a calendar day: ${JSON.stringify(day)}`);
      const cur = await this.readWant(day);
      if (cur?.hash === hash) continue;
      await writeFileAtomic(
        join(this.wantDir, `${day}.json`),
        JSON.stringify({ hash, at: Date.now() } satisfies WantFile),
      );
      added++;
    }
    return added;
  }

  /**
   * Queues every archived day this destination does not hold in the archive's current content:
   * days it never had (a destination switched on after an import or the demo) and days that
   * changed while it was off. Days already wanted or acknowledged with that hash are left alone,
   * so this is cheap to call before every drain. Returns how many days were queued.
   */
  async reconcile(archive: ArchiveDays): Promise<number> {
    const { all } = await this.load();
    const known = new Map<CivilDay, string>();
    for (const e of all) known.set(e.day, e.want.hash);
    const missing: DayHash[] = [];
    for (const day of archive.days()) {
      const hash = archive.dayContentHash(day);
      if (hash !== undefined && known.get(day) !== hash) missing.push({ day, hash });
    }
    return missing.length === 0 ? 0 : this.enqueue(missing);
  }

  /** Sends what is due, oldest day first, until done, cancelled, or the destination fails. */
  async drain(exporter: Exporter, options: DrainOptions): Promise<DrainSummary> {
    const now = options.now ?? Date.now;
    const release = await acquireDrainLock(this.lockPath);
    if (release === undefined) return { ...this.zero('busy'), pending: (await this.status()).pending };
    try {
      return await this.drainLocked(exporter, options, now);
    } finally {
      await release();
    }
  }

  private async drainLocked(
    exporter: Exporter,
    options: DrainOptions,
    now: () => number,
  ): Promise<DrainSummary> {
    const { all, drainState } = await this.load();
    const plan = planDrain(all, drainState.meta, now(), options.force ?? false);
    if (plan.kind === 'backoff')
      return { ...this.zero('backoff'), pending: plan.pending, nextAttemptAt: plan.nextAttemptAt };
    if (plan.kind === 'idle') return { ...this.zero('idle'), pending: plan.pending };

    let run = startRun(all, drainState.meta);
    const journal = await this.openJournal(drainState);
    // Performs a step's effects in order, then adopts its state: a transition whose journal
    // append failed is not taken.
    const apply = async (event: DrainEvent): Promise<void> => {
      const step = drainStep(run, event, this.backoff);
      for (const effect of step.effects) await this.perform(journal, effect);
      run = step.state;
    };
    try {
      let error: SyncBitError | undefined;
      try {
        await this.sendDue(exporter, options, now, plan.due, apply, () => run);
      } catch (err) {
        error = toSyncBitError(err);
      }
      const reported = error === undefined ? undefined : { code: error.code, message: error.message };
      await apply({ kind: 'stopped', at: now(), error: reported, random: Math.random() });
    } finally {
      await journal.close();
    }
    return {
      destination: this.destination,
      state: 'done',
      ...run.counts,
      error: run.error,
      pending: pendingAfter(run),
      nextAttemptAt: run.meta.nextAttemptAt,
    };
  }

  /**
   * The I/O of a drain: prepares the exporter, reads days ahead of the one on the wire, and sends
   * each due day between its `attempt` and `outcome` transitions. Throws what stops the drain.
   */
  private async sendDue(
    exporter: Exporter,
    options: DrainOptions,
    now: () => number,
    due: readonly Entry[],
    apply: (event: DrainEvent) => Promise<void>,
    current: () => DrainRun,
  ): Promise<void> {
    // Days being read (decompressed, scanned) while earlier ones are on the wire, by index in `due`;
    // a day leaves the map when its turn comes, so that sent days can be garbage-collected.
    const reads = new Map<number, Promise<DataRecord[]>>();
    let readUpTo = -1;
    const readAhead = (upTo: number): void => {
      for (; readUpTo < Math.min(upTo, due.length - 1);) {
        const e = due[++readUpTo];
        if (e === undefined) break;
        const r = options.source.readDay(e.day);
        r.catch(() => undefined);
        reads.set(readUpTo, r);
      }
    };
    // The first days are read (on the reading thread) while the exporter prepares (network round trips).
    readAhead(READ_AHEAD);
    const prep = await exporter.prepare(options.signal);
    await apply({ kind: 'prepared', warnings: prep.warnings });
    for (let k = 0; k < due.length; k++) {
      const entry = due[k];
      const read = reads.get(k);
      reads.delete(k);
      if (entry === undefined || read === undefined) break;
      const records = await read;
      readAhead(k + READ_AHEAD);
      if (options.signal?.aborted) throw new SyncBitError('cancelled', 'The export was cancelled.');
      await apply({ kind: 'attempt', day: entry.day, at: now() });
      const flight = current().inFlight;
      if (flight === undefined) break;
      const outcome = await exporter.exportDay(
        {
          day: flight.day,
          hash: flight.hash,
          records,
          exportedHash: flight.before.exportedHash,
          mayBePartlySent: flight.before.partlySent === true,
          lastAttemptAt: flight.before.lastAttemptAt,
        },
        options.signal,
      );
      await apply({ kind: 'outcome', outcome, at: now() });
    }
  }

  private async perform(journal: JournalWriter, effect: DrainEffect): Promise<void> {
    if (effect.kind === 'append') {
      await journal.append(effect.records);
      return;
    }
    const fields = { destination: this.destination, ...effect.fields };
    if (effect.level === 'warn') this.log.warn(effect.message, fields);
    else this.log.info(effect.message, fields);
  }

  /** Counts and messages for `syncbit status` and the tray. */
  async status(): Promise<OutboxStatus> {
    const { all, drainState } = await this.load();
    const { meta } = drainState;
    const failedDays = all
      .filter(
        (e) =>
          e.state.failed !== undefined &&
          e.state.failed.hash === e.want.hash &&
          e.state.exportedHash !== e.want.hash,
      )
      .map((e) => ({ day: e.day, message: e.state.failed?.message ?? '', at: e.state.failed?.at ?? 0 }));
    const heldDays = all.filter((e) => isPending(e) && e.state.held?.hash === e.want.hash);
    const warnings = [...meta.warnings];
    if (heldDays.length > 0) {
      const first = heldDays[0];
      const last = heldDays[heldDays.length - 1];
      warnings.push(
        `${heldDays.length} day(s) ${first?.day ?? ''}…${last?.day ?? ''} are held back, not sent: ${first?.state.held?.reason ?? ''}`,
      );
    }
    return {
      destination: this.destination,
      pending: all.filter((e) => isPending(e)).length,
      held: heldDays.length,
      failed: failedDays.length,
      failedDays,
      nextAttemptAt: meta.nextAttemptAt,
      lastError: meta.lastError,
      lastSuccessAt: meta.lastSuccessAt,
      warnings,
    };
  }

  /** Puts set-aside days back in the queue (after the user fixed the cause). Returns how many. */
  async retryFailed(): Promise<number> {
    const release = await acquireDrainLock(this.lockPath);
    if (release === undefined)
      throw new SyncBitError(
        'invalid-input',
        `An export to ${this.destination} is running; try again when it is done.`,
      );
    try {
      const { all, drainState } = await this.load();
      const records = retryFailedRecords(all, drainState.meta);
      if (records.length > 0) {
        const journal = await this.openJournal(drainState);
        try {
          await journal.append(records);
        } finally {
          await journal.close();
        }
      }
      return records.filter((r) => 'day' in r).length;
    } finally {
      await release();
    }
  }

  private zero(state: DrainSummary['state']): DrainSummary {
    return { destination: this.destination, state, ...ZERO_COUNTS, pending: 0 };
  }

  private async load(): Promise<{ all: Entry[]; drainState: DrainState }> {
    let names: string[];
    try {
      names = await readdir(this.wantDir);
    } catch (err) {
      throw toSyncBitError(err);
    }
    const days = names
      .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
      .map((n) => n.slice(0, -'.json'.length))
      .filter(isCivilDay)
      .sort();
    const drainState = await this.readDrainState();
    const wants = await Promise.all(days.map((day) => this.readWant(day)));
    const all: Entry[] = [];
    days.forEach((day, k) => {
      const want = wants[k];
      if (want !== undefined) all.push({ day, want, state: drainState.states.get(day) ?? {} });
    });
    return { all, drainState };
  }

  private async readWant(day: CivilDay): Promise<WantFile | undefined> {
    const raw = (await readJsonFile(join(this.wantDir, `${day}.json`)).catch(() => undefined)) as
      Partial<WantFile> | undefined;
    return typeof raw?.hash === 'string' ? { hash: raw.hash, at: raw.at ?? 0 } : undefined;
  }

  /** Folds the journal into day states and meta (the last record for a day wins). */
  private async readDrainState(): Promise<DrainState> {
    let text: string;
    try {
      text = await readFile(this.journalPath, 'utf8');
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'ENOENT') throw toSyncBitError(err);
      return { states: new Map(), meta: EMPTY_META, lines: undefined, torn: false };
    }
    const states = new Map<CivilDay, DayState>();
    let meta = EMPTY_META;
    let lines = 0;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      lines++;
      let rec: unknown;
      try {
        rec = JSON.parse(line);
      } catch {
        continue; // a line torn by a crash during its append: it was never fsynced, so never relied on
      }
      if (typeof rec !== 'object' || rec === null) continue;
      if ('meta' in rec) meta = asMeta(rec.meta);
      else if (
        'day' in rec &&
        'state' in rec &&
        typeof rec.day === 'string' &&
        isCivilDay(rec.day) &&
        typeof rec.state === 'object' &&
        rec.state !== null
      )
        states.set(rec.day, rec.state);
    }
    return { states, meta, lines, torn: text !== '' && !text.endsWith('\n') };
  }

  /**
   * The journal, ready for appends (call under the drain lock). Rewrites it first — atomically, one
   * line per day — when it does not exist yet, ends in a torn line, or holds many superseded lines.
   */
  private async openJournal(state: DrainState): Promise<JournalWriter> {
    const live = state.states.size + 1;
    if (state.lines === undefined || state.torn || state.lines > 2 * live + 64) {
      const records: JournalRecord[] = [...state.states].map(([day, s]) => ({ day, state: s }));
      records.push({ meta: state.meta });
      await writeFileAtomic(this.journalPath, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    }
    try {
      return new JournalWriter(await open(this.journalPath, 'a'));
    } catch (err) {
      throw toSyncBitError(err);
    }
  }
}

/** Appends records to the open journal; each append is on disk (fdatasync) before it resolves. */
class JournalWriter {
  constructor(private readonly fh: FileHandle) {}

  async append(records: readonly JournalRecord[]): Promise<void> {
    if (records.length === 0) return;
    try {
      await this.fh.write(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
      await this.fh.datasync();
    } catch (err) {
      throw toSyncBitError(err);
    }
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}

function asMeta(raw: unknown): Meta {
  const m = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Meta>;
  return { ...EMPTY_META, ...m, warnings: Array.isArray(m.warnings) ? m.warnings : [] };
}
