/**
 * Progress of a sync run as events a person can read: per type days done/left with an ETA, overall
 * progress, and "waiting for quota until HH:MM" when the API client pauses for the rate limit.
 */
import { DateTime } from 'luxon';
import type { DataTypeId } from '../model/data-types.js';
import type { CivilDay } from '../model/record.js';

export type TypeState = 'ok' | 'failed' | 'scope-missing' | 'skipped' | 'cancelled';
export type RunState = 'ok' | 'failed' | 'auth-required' | 'account-not-linked' | 'cancelled';

/** What one type did in one run. */
export interface TypeSyncSummary {
  readonly type: DataTypeId;
  readonly state: TypeState;
  readonly daysPlanned: number;
  /** Days read that held data / held nothing / could not be read. */
  readonly daysFetched: number;
  readonly daysEmpty: number;
  readonly daysFailed: number;
  /** Days whose archived content changed. */
  readonly daysChanged: number;
  readonly records: number;
  /** API calls this type made (pages and rollup blocks; client retries not included). */
  readonly requests: number;
  readonly error?: { readonly code: string; readonly message: string };
}

export interface SyncResult {
  readonly ok: boolean;
  readonly state: RunState;
  /** Why the run stopped (auth-required, account-not-linked) or what failed. */
  readonly message?: string;
  readonly today: CivilDay;
  readonly zone: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  /** API calls made by the run, as counted by the client (includes retries). */
  readonly requests: number;
  readonly types: readonly TypeSyncSummary[];
}

export interface OverallProgress {
  readonly daysDone: number;
  readonly daysTotal: number;
  readonly etaMs: number | undefined;
}

export type SyncEvent =
  | {
      readonly kind: 'started';
      readonly today: CivilDay;
      readonly zone: string;
      readonly types: readonly { type: DataTypeId; daysTotal: number }[];
    }
  | {
      readonly kind: 'day';
      readonly type: DataTypeId;
      readonly day: CivilDay;
      readonly daysDone: number;
      readonly daysLeft: number;
      readonly etaMs: number | undefined;
      readonly overall: OverallProgress;
    }
  | { readonly kind: 'type-finished'; readonly summary: TypeSyncSummary }
  | { readonly kind: 'rate-limit-wait'; readonly untilMs: number; readonly message: string }
  | { readonly kind: 'finished'; readonly result: SyncResult };

export type SyncEventListener = (event: SyncEvent) => void;

/** Linear ETA: elapsed time per unit done × units left; undefined until something is done. */
export function eta(elapsedMs: number, done: number, left: number): number | undefined {
  if (done <= 0) return undefined;
  return Math.round((elapsedMs / done) * left);
}

/** "waiting for quota until HH:MM" in the user's zone. */
export function quotaWaitMessage(untilMs: number, zone: string): string {
  const dt = DateTime.fromMillis(untilMs, { zone });
  return `waiting for quota until ${(dt.isValid ? dt : DateTime.fromMillis(untilMs)).toFormat('HH:mm')}`;
}

/** Counts days per type and overall, and turns them into events with ETAs. */
export class ProgressTracker {
  private readonly perType = new Map<
    DataTypeId,
    { total: number; done: number; startedAt: number | undefined }
  >();
  private totalDays = 0;
  private doneDays = 0;

  constructor(
    private readonly now: () => number,
    private readonly startedAt: number,
  ) {}

  plan(type: DataTypeId, days: number): void {
    this.perType.set(type, { total: days, done: 0, startedAt: undefined });
    this.totalDays += days;
  }

  typeStarted(type: DataTypeId): void {
    const t = this.perType.get(type);
    if (t) t.startedAt = this.now();
  }

  /** Counts one day of `type` done and returns its event. */
  dayDone(type: DataTypeId, day: CivilDay): Extract<SyncEvent, { kind: 'day' }> {
    const t = this.perType.get(type) ?? { total: 0, done: 0, startedAt: this.startedAt };
    t.done += 1;
    this.doneDays += 1;
    const now = this.now();
    const left = Math.max(0, t.total - t.done);
    const overallLeft = Math.max(0, this.totalDays - this.doneDays);
    return {
      kind: 'day',
      type,
      day,
      daysDone: t.done,
      daysLeft: left,
      etaMs: eta(now - (t.startedAt ?? this.startedAt), t.done, left),
      overall: {
        daysDone: this.doneDays,
        daysTotal: this.totalDays,
        etaMs: eta(now - this.startedAt, this.doneDays, overallLeft),
      },
    };
  }
}

/** One line per type plus a verdict, for the CLI and logs. */
export function formatSummary(result: SyncResult): string[] {
  const lines = result.types.map((t) => {
    const base = `${t.type.padEnd(20)} ${t.state.padEnd(13)} days fetched ${t.daysFetched}, empty ${t.daysEmpty}, failed ${t.daysFailed}; records ${t.records}; requests ${t.requests}`;
    return t.error ? `${base} — ${t.error.message}` : base;
  });
  const seconds = ((result.finishedAt - result.startedAt) / 1000).toFixed(1);
  const verdict = result.ok
    ? 'Sync finished'
    : `Sync ${result.state === 'cancelled' ? 'cancelled' : 'did not complete'}`;
  lines.push(
    `${verdict}: ${result.requests} requests in ${seconds}s (today ${result.today}, zone ${result.zone}).${result.message ? ` ${result.message}` : ''}`,
  );
  return lines;
}
