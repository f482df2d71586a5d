/**
 * The outbox drain as pure state transitions (no I/O, no clock, no randomness): what a drain
 * decides to do (`planDrain`), how each event changes the run (`drainStep`: prepared, attempt,
 * outcome, stopped → next run + effects to perform), what `retryFailed` writes, and the summary.
 * outbox.ts owns the files and the loop that reads days, sends them and performs the effects;
 * the record types of its journal live here because the transitions produce them.
 */
import type { CivilDay } from '../model/record.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import type { DayOutcome } from './types.js';

export const DAY_MS = 86_400_000;

export interface WantFile {
  readonly hash: string;
  readonly at: number;
}

export interface DayState {
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

export interface Meta {
  readonly consecutiveFailures: number;
  readonly nextAttemptAt?: number | undefined;
  readonly lastError?: { readonly code: string; readonly message: string; readonly at: number } | undefined;
  readonly lastSuccessAt?: number | undefined;
  readonly warnings: readonly string[];
}

export const EMPTY_META: Meta = { consecutiveFailures: 0, warnings: [] };

/** A wanted day and what the journal says about it. */
export interface Entry {
  readonly day: CivilDay;
  readonly want: WantFile;
  readonly state: DayState;
}

/** One journal line: a day's whole state, or the destination's meta. */
export type JournalRecord = { readonly day: CivilDay; readonly state: DayState } | { readonly meta: Meta };

export function isPending(e: { want: WantFile; state: DayState }): boolean {
  if (e.want.hash === e.state.exportedHash && e.state.partlySent !== true) return false;
  return !(e.state.failed !== undefined && e.state.failed.hash === e.want.hash);
}

export function isDue(e: { want: WantFile; state: DayState }, now: number, force: boolean): boolean {
  if (!isPending(e)) return false;
  const h = e.state.held;
  return force || h === undefined || h.hash !== e.want.hash || h.retryAt <= now;
}

/** What a drain does when it starts: wait for the backoff, nothing, or send the due days (oldest first). */
export type DrainPlan =
  | { readonly kind: 'backoff'; readonly pending: number; readonly nextAttemptAt: number }
  | { readonly kind: 'idle'; readonly pending: number }
  | { readonly kind: 'run'; readonly due: readonly Entry[] };

export function planDrain(entries: readonly Entry[], meta: Meta, now: number, force: boolean): DrainPlan {
  const pending = entries.filter((e) => isPending(e)).length;
  if (!force && meta.nextAttemptAt !== undefined && meta.nextAttemptAt > now)
    return { kind: 'backoff', pending, nextAttemptAt: meta.nextAttemptAt };
  const due = entries.filter((e) => isDue(e, now, force));
  return due.length === 0 ? { kind: 'idle', pending } : { kind: 'run', due };
}

export interface DrainCounts {
  readonly attempted: number;
  readonly sent: number;
  /** Samples/objects written, and those found already present. */
  readonly written: number;
  readonly alreadyThere: number;
  readonly held: number;
  readonly rejected: number;
}

export const ZERO_COUNTS: DrainCounts = {
  attempted: 0,
  sent: 0,
  written: 0,
  alreadyThere: 0,
  held: 0,
  rejected: 0,
};

/** The day on the wire: its state before the attempt, and what the exporter is told. */
export interface InFlight {
  readonly day: CivilDay;
  readonly hash: string;
  readonly before: DayState;
  readonly attemptAt: number;
}

/** A drain in progress. */
export interface DrainRun {
  /** Every wanted day with its state when the drain started. */
  readonly entries: readonly Entry[];
  /** Day states changed by this drain (the latest wins over `entries`). */
  readonly days: ReadonlyMap<CivilDay, DayState>;
  readonly meta: Meta;
  /** The meta the drain started with (serialised): it is journaled only when it changed. */
  readonly startMeta: string;
  readonly counts: DrainCounts;
  /** Records of acknowledged days not yet journaled: they go with the next "maybe sent" marker. */
  readonly settled: readonly JournalRecord[];
  readonly inFlight?: InFlight | undefined;
  readonly error?: { readonly code: string; readonly message: string } | undefined;
}

export type DrainEvent =
  /** The exporter is ready; its warnings replace the stored ones. */
  | { readonly kind: 'prepared'; readonly warnings: readonly string[] }
  /** About to send `day`: the "maybe sent" marker must be durable before the first byte leaves. */
  | { readonly kind: 'attempt'; readonly day: CivilDay; readonly at: number }
  /** The destination answered for the day in flight. */
  | { readonly kind: 'outcome'; readonly outcome: DayOutcome; readonly at: number }
  /**
   * The drain ends: without an error (all due days done), cancelled, or the destination failed.
   * `random` (0..1) is the jitter draw for the backoff.
   */
  | {
      readonly kind: 'stopped';
      readonly at: number;
      readonly error?: { readonly code: string; readonly message: string } | undefined;
      readonly random: number;
    };

/** What the I/O loop performs, in order, before it adopts the next run. */
export type DrainEffect =
  | { readonly kind: 'append'; readonly records: readonly JournalRecord[] }
  | {
      readonly kind: 'log';
      readonly level: 'info' | 'warn';
      readonly message: string;
      readonly fields: Readonly<Record<string, unknown>>;
    };

export interface DrainStep {
  readonly state: DrainRun;
  readonly effects: readonly DrainEffect[];
}

export function startRun(entries: readonly Entry[], meta: Meta): DrainRun {
  return {
    entries,
    days: new Map(),
    meta,
    startMeta: JSON.stringify(meta),
    counts: ZERO_COUNTS,
    settled: [],
  };
}

/** The state of `day` in the run: as changed by the drain, else as loaded. */
export function dayState(run: DrainRun, day: CivilDay): DayState {
  return run.days.get(day) ?? run.entries.find((e) => e.day === day)?.state ?? {};
}

function entryOf(run: DrainRun, day: CivilDay): Entry {
  const entry = run.entries.find((e) => e.day === day);
  if (entry === undefined) throw new RangeError(`${day} is not in the outbox`);
  return entry;
}

const withDay = (run: DrainRun, day: CivilDay, state: DayState): ReadonlyMap<CivilDay, DayState> =>
  new Map([...run.days, [day, state]]);

/** One transition of a drain. Pure: the same run and event always give the same step. */
export function drainStep(run: DrainRun, event: DrainEvent, backoff: BackoffPolicy): DrainStep {
  switch (event.kind) {
    case 'prepared':
      return { state: { ...run, meta: { ...run.meta, warnings: event.warnings } }, effects: [] };
    case 'attempt':
      return attempt(run, event.day, event.at);
    case 'outcome':
      return settle(run, event.outcome, event.at);
    case 'stopped':
      return stop(run, event.at, event.error, event.random, backoff);
  }
}

function attempt(run: DrainRun, day: CivilDay, at: number): DrainStep {
  const { hash } = entryOf(run, day).want;
  const before = dayState(run, day);
  const marked: DayState = { ...before, partlySent: true, lastAttemptAt: at };
  return {
    state: {
      ...run,
      days: withDay(run, day, marked),
      counts: { ...run.counts, attempted: run.counts.attempted + 1 },
      settled: [],
      inFlight: { day, hash, before, attemptAt: at },
    },
    effects: [{ kind: 'append', records: [...run.settled, { day, state: marked }] }],
  };
}

function settle(run: DrainRun, outcome: DayOutcome, at: number): DrainStep {
  const flight = run.inFlight;
  if (flight === undefined) throw new RangeError('an outcome without a day in flight');
  const { day, hash, before, attemptAt } = flight;
  const c = run.counts;
  let state: DayState;
  let counts: DrainCounts;
  const effects: DrainEffect[] = [];
  if (outcome.kind === 'sent') {
    counts = {
      ...c,
      sent: c.sent + 1,
      written: c.written + outcome.written,
      alreadyThere: c.alreadyThere + outcome.skipped,
    };
    state = { exportedHash: hash, exportedAt: at, partlySent: false, lastAttemptAt: attemptAt };
  } else if (outcome.kind === 'held') {
    counts = { ...c, held: c.held + 1 };
    state = { ...before, held: { hash, reason: outcome.reason, at, retryAt: at + DAY_MS } };
  } else {
    counts = { ...c, rejected: c.rejected + 1 };
    effects.push({
      kind: 'log',
      level: 'warn',
      message: 'export: day rejected by the destination, set aside',
      fields: { day },
    });
    state = {
      ...before,
      partlySent: true,
      lastAttemptAt: attemptAt,
      failed: { hash, message: outcome.message, at },
    };
  }
  return {
    state: {
      ...run,
      days: withDay(run, day, state),
      counts,
      settled: [...run.settled, { day, state }],
      inFlight: undefined,
    },
    effects,
  };
}

function stop(
  run: DrainRun,
  at: number,
  error: { readonly code: string; readonly message: string } | undefined,
  random: number,
  backoff: BackoffPolicy,
): DrainStep {
  let meta = run.meta;
  const effects: DrainEffect[] = [];
  if (error === undefined) {
    meta = {
      ...meta,
      consecutiveFailures: 0,
      nextAttemptAt: undefined,
      lastError: undefined,
      lastSuccessAt: at,
    };
  } else if (error.code === 'cancelled') {
    effects.push({ kind: 'log', level: 'info', message: 'export: cancelled', fields: {} });
  } else {
    const failures = meta.consecutiveFailures + 1;
    const nextAttemptAt = at + backoffDelay(failures, backoff, () => random);
    meta = {
      ...meta,
      consecutiveFailures: failures,
      nextAttemptAt,
      lastError: { code: error.code, message: error.message, at },
    };
    effects.push({
      kind: 'log',
      level: 'warn',
      message: 'export: destination failed, will retry',
      fields: { errorCode: error.code, message: error.message, nextAttemptAt },
    });
  }
  const records = JSON.stringify(meta) === run.startMeta ? run.settled : [...run.settled, { meta }];
  if (records.length > 0) effects.push({ kind: 'append', records });
  return { state: { ...run, meta, settled: [], inFlight: undefined, error }, effects };
}

/** Days still to export once the drain is over (its changes applied). */
export function pendingAfter(run: DrainRun): number {
  return run.entries.filter((e) => isPending({ want: e.want, state: dayState(run, e.day) })).length;
}

/** What `retryFailed` journals: set-aside and held days cleared, and the backoff timer dropped. */
export function retryFailedRecords(entries: readonly Entry[], meta: Meta): JournalRecord[] {
  const records: JournalRecord[] = [];
  for (const e of entries) {
    if (e.state.failed === undefined && e.state.held === undefined) continue;
    records.push({ day: e.day, state: { ...e.state, failed: undefined, held: undefined } });
  }
  if (meta.nextAttemptAt !== undefined) records.push({ meta: { ...meta, nextAttemptAt: undefined } });
  return records;
}
