/**
 * The durable outbox of one destination, in `<dataDir>/state/outbox/<destination>/`:
 *
 * - `want/<day>.json`  {hash}: the content the destination should hold (written by `enqueue`).
 * - `state/<day>.json` {exportedHash, partlySent, failed, held, …}: what the drainer knows
 *   (written only by `drain`, under `drain.lock`).
 * - `meta.json`: destination-wide backoff, last error, warnings.
 *
 * Enqueue and drain never write the same file, so a sync can fill the outbox while an export runs.
 * Every write is atomic (temp + fsync + rename). A day is marked `partlySent` *before* anything is
 * sent and `exportedHash` is set only after the destination acknowledged it, so kill -9 at any
 * moment leaves either "not sent" or "maybe sent" — and the exporter turns "maybe sent" into an
 * idempotent re-send. Nothing is ever removed from `want` before it is acknowledged.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SyncBitError, toSyncBitError } from '../errors.js';
import { silentLogger } from '../log.js';
import { isCivilDay } from '../model/civil-day.js';
import type { CivilDay, DataRecord } from '../model/record.js';
import type { Logger } from '../ports.js';
import { readJsonFile, writeFileAtomic } from '../store/atomic-file.js';
import { dataPaths } from '../store/paths.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { acquireDrainLock } from './drain-lock.js';
import type { DaySource, DestinationName, Exporter } from './types.js';

const DAY_MS = 86_400_000;

interface WantFile {
  readonly hash: string;
  readonly at: number;
}

interface DayState {
  readonly exportedHash?: string | undefined;
  readonly exportedAt?: number | undefined;
  /** Something may have reached the destination since `exportedHash` was acknowledged. */
  readonly partlySent?: boolean | undefined;
  readonly lastAttemptAt?: number | undefined;
  /** Dead letter: the destination rejected this hash as invalid. */
  readonly failed?: { readonly hash: string; readonly message: string; readonly at: number } | undefined;
  /** Not sent because the destination would drop it; looked at again after `retryAt`. */
  readonly held?:
    | { readonly hash: string; readonly reason: string; readonly at: number; readonly retryAt: number }
    | undefined;
}

interface Meta {
  readonly consecutiveFailures: number;
  readonly nextAttemptAt?: number | undefined;
  readonly lastError?: { readonly code: string; readonly message: string; readonly at: number } | undefined;
  readonly lastSuccessAt?: number | undefined;
  readonly warnings: readonly string[];
}

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

export interface DrainSummary {
  readonly destination: DestinationName;
  /** `done`: ran (possibly stopped by an error), `backoff`: not yet time to retry, `busy`: another drainer runs, `idle`: nothing to do. */
  readonly state: 'done' | 'backoff' | 'busy' | 'idle';
  readonly attempted: number;
  readonly sent: number;
  /** Samples/objects written this run, and those found already present. */
  readonly written: number;
  readonly alreadyThere: number;
  readonly held: number;
  readonly rejected: number;
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

const EMPTY_META: Meta = { consecutiveFailures: 0, warnings: [] };

export class Outbox {
  private readonly wantDir: string;
  private readonly stateDir: string;
  private readonly metaPath: string;
  private readonly lockPath: string;

  private constructor(
    readonly destination: DestinationName,
    readonly dir: string,
    private readonly log: Logger,
    private readonly backoff: BackoffPolicy,
  ) {
    this.wantDir = join(dir, 'want');
    this.stateDir = join(dir, 'state');
    this.metaPath = join(dir, 'meta.json');
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
      await mkdir(box.stateDir, { recursive: true });
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
    const force = options.force ?? false;
    let meta = await this.readMeta();
    const all = await this.load();
    const due = all.filter((e) => isDue(e, now(), force)).map((e) => e.day);
    const pending = (): number => all.filter((e) => isPending(e)).length;
    if (!force && meta.nextAttemptAt !== undefined && meta.nextAttemptAt > now())
      return { ...this.zero('backoff'), pending: pending(), nextAttemptAt: meta.nextAttemptAt };
    if (due.length === 0) return { ...this.zero('idle'), pending: pending() };

    let attempted = 0;
    let sent = 0;
    let written = 0;
    let alreadyThere = 0;
    let held = 0;
    let rejected = 0;
    let error: SyncBitError | undefined;
    const byDay = new Map(all.map((e) => [e.day, e]));
    try {
      const prep = await exporter.prepare(options.signal);
      meta = { ...meta, warnings: prep.warnings };
      // Read the next day while the current one is on the wire.
      let nextRead: Promise<DataRecord[]> | undefined =
        due[0] === undefined ? undefined : options.source.readDay(due[0]);
      for (let k = 0; k < due.length; k++) {
        const day = due[k];
        const entry = day === undefined ? undefined : byDay.get(day);
        if (day === undefined || entry === undefined || nextRead === undefined) break;
        const records = await nextRead;
        const following = due[k + 1];
        nextRead = following === undefined ? undefined : options.source.readDay(following);
        nextRead?.catch(() => undefined);
        if (options.signal?.aborted) throw new SyncBitError('cancelled', 'The export was cancelled.');
        const { hash } = entry.want;
        const before = entry.state;
        const attemptAt = now();
        // Durable "maybe sent" marker BEFORE the first byte leaves (see module doc).
        await this.writeState(day, { ...before, partlySent: true, lastAttemptAt: attemptAt });
        attempted++;
        const outcome = await exporter.exportDay(
          {
            day,
            hash,
            records,
            exportedHash: before.exportedHash,
            mayBePartlySent: before.partlySent === true,
            lastAttemptAt: before.lastAttemptAt,
          },
          options.signal,
        );
        if (outcome.kind === 'sent') {
          sent++;
          written += outcome.written;
          alreadyThere += outcome.skipped;
          entry.state = {
            exportedHash: hash,
            exportedAt: now(),
            partlySent: false,
            lastAttemptAt: attemptAt,
          };
        } else if (outcome.kind === 'held') {
          held++;
          const retryAt = now() + DAY_MS;
          entry.state = { ...before, held: { hash, reason: outcome.reason, at: now(), retryAt } };
        } else {
          rejected++;
          this.log.warn('export: day rejected by the destination, set aside', {
            destination: this.destination,
            day,
          });
          entry.state = {
            ...before,
            partlySent: true,
            lastAttemptAt: attemptAt,
            failed: { hash, message: outcome.message, at: now() },
          };
        }
        await this.writeState(day, entry.state);
      }
    } catch (err) {
      error = toSyncBitError(err);
    }

    if (error === undefined) {
      meta = {
        ...meta,
        consecutiveFailures: 0,
        nextAttemptAt: undefined,
        lastError: undefined,
        lastSuccessAt: now(),
      };
    } else if (error.code === 'cancelled') {
      this.log.info('export: cancelled', { destination: this.destination });
    } else {
      const failures = meta.consecutiveFailures + 1;
      const nextAttemptAt = now() + backoffDelay(failures, this.backoff);
      meta = {
        ...meta,
        consecutiveFailures: failures,
        nextAttemptAt,
        lastError: { code: error.code, message: error.message, at: now() },
      };
      this.log.warn('export: destination failed, will retry', {
        destination: this.destination,
        code: error.code,
        message: error.message,
        nextAttemptAt,
      });
    }
    await this.writeMeta(meta);
    return {
      destination: this.destination,
      state: 'done',
      attempted,
      sent,
      written,
      alreadyThere,
      held,
      rejected,
      error: error === undefined ? undefined : { code: error.code, message: error.message },
      pending: pending(),
      nextAttemptAt: meta.nextAttemptAt,
    };
  }

  /** Counts and messages for `syncbit status` and the tray. */
  async status(): Promise<OutboxStatus> {
    const meta = await this.readMeta();
    const all = await this.load();
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
      let n = 0;
      for (const e of await this.load()) {
        if (e.state.failed === undefined && e.state.held === undefined) continue;
        await this.writeState(e.day, { ...e.state, failed: undefined, held: undefined });
        n++;
      }
      const meta = await this.readMeta();
      await this.writeMeta({ ...meta, nextAttemptAt: undefined });
      return n;
    } finally {
      await release();
    }
  }

  private zero(state: DrainSummary['state']): DrainSummary {
    return {
      destination: this.destination,
      state,
      attempted: 0,
      sent: 0,
      written: 0,
      alreadyThere: 0,
      held: 0,
      rejected: 0,
      pending: 0,
    };
  }

  private async load(): Promise<{ day: CivilDay; want: WantFile; state: DayState }[]> {
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
    const out: { day: CivilDay; want: WantFile; state: DayState }[] = [];
    for (const day of days) {
      const want = await this.readWant(day);
      if (want === undefined) continue;
      const state = ((await readJsonFile(join(this.stateDir, `${day}.json`)).catch(() => undefined)) ??
        {}) as DayState;
      out.push({ day, want, state });
    }
    return out;
  }

  private async readWant(day: CivilDay): Promise<WantFile | undefined> {
    const raw = (await readJsonFile(join(this.wantDir, `${day}.json`)).catch(() => undefined)) as
      Partial<WantFile> | undefined;
    return typeof raw?.hash === 'string' ? { hash: raw.hash, at: raw.at ?? 0 } : undefined;
  }

  private writeState(day: CivilDay, state: DayState): Promise<void> {
    return writeFileAtomic(join(this.stateDir, `${day}.json`), JSON.stringify(state));
  }

  private async readMeta(): Promise<Meta> {
    const raw = (await readJsonFile(this.metaPath).catch(() => undefined)) as Partial<Meta> | undefined;
    return { ...EMPTY_META, ...raw, warnings: Array.isArray(raw?.warnings) ? raw.warnings : [] };
  }

  private writeMeta(meta: Meta): Promise<void> {
    return writeFileAtomic(this.metaPath, JSON.stringify(meta));
  }
}

function isPending(e: { want: WantFile; state: DayState }): boolean {
  if (e.want.hash === e.state.exportedHash && e.state.partlySent !== true) return false;
  return !(e.state.failed !== undefined && e.state.failed.hash === e.want.hash);
}

function isDue(e: { want: WantFile; state: DayState }, now: number, force: boolean): boolean {
  if (!isPending(e)) return false;
  const h = e.state.held;
  return force || h === undefined || h.hash !== e.want.hash || h.retryAt <= now;
}
