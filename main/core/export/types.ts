/**
 * The contract between the outbox and the exporters. The outbox owns durability (what is left to
 * send, retries, dead letters); an exporter owns one destination's wire format and its idempotence.
 * Keeping the two apart is what lets a new destination reuse the crash-safety of the outbox.
 */
import { DESTINATIONS, type DestinationName } from '../../../common/app-types.js';
import type { CivilDay, DataRecord } from '../model/record.js';

export { DESTINATIONS, type DestinationName };

/** Narrows a CLI argument to a destination name. */
export function isDestinationName(s: string): s is DestinationName {
  return (DESTINATIONS as readonly string[]).includes(s);
}

/** Where exporters read a day's records. The archive implements it; tests pass in-memory fakes. */
export interface DaySource {
  readDay(day: CivilDay): Promise<DataRecord[]>;
}

/**
 * The archive's list of days and their content hashes. A destination's outbox reconciles against
 * it (exporters.ts `reconcileOutboxes`), so a destination switched on after the data arrived gets
 * every archived day it does not have, wherever it was switched on (app, wizard, CLI, environment).
 */
export interface ArchiveDays {
  days(): CivilDay[];
  dayContentHash(day: CivilDay): string | undefined;
}

/** True when `source` also lists its days (the Archive does; fileDaySource and test fakes may not). */
export function listsDays(source: object): source is ArchiveDays {
  const s = source as Partial<ArchiveDays>;
  return typeof s.days === 'function' && typeof s.dayContentHash === 'function';
}

/** A day to export, as the outbox hands it to an exporter. */
export interface DayJob {
  readonly day: CivilDay;
  /** Content hash of the day the outbox wants exported. */
  readonly hash: string;
  readonly records: readonly DataRecord[];
  /** Hash the destination acknowledged last time (undefined: never exported, as far as we know). */
  readonly exportedHash: string | undefined;
  /**
   * True when an earlier attempt for this day may have reached the destination without being
   * acknowledged (a crash, a timeout, a batch rejected half-way). The exporter must then not
   * assume the destination lacks the day's data.
   */
  readonly mayBePartlySent: boolean;
  /** When that earlier attempt started (epoch ms), for destinations that need time to show writes. */
  readonly lastAttemptAt: number | undefined;
}

/** What happened to one day. Thrown errors (SyncBitError) mean "the destination is unusable now". */
export type DayOutcome =
  /** The destination holds the day's content; `samples`/`bytes` are what was written this time. */
  | { readonly kind: 'sent'; readonly written: number; readonly skipped: number; readonly note?: string }
  /** The destination would drop this day (outside retention, too far in the future): kept, not sent. */
  | { readonly kind: 'held'; readonly reason: string }
  /** The destination refused the day's data as invalid (HTTP 400): set aside with its message. */
  | { readonly kind: 'rejected'; readonly message: string };

/** Destination-wide facts learnt before draining (e.g. the server's retention). */
export interface PrepareResult {
  readonly warnings: readonly string[];
}

/** Result of `test-destination`: reachability and credentials, without writing anything. */
export interface TestResult {
  readonly ok: boolean;
  readonly message: string;
  readonly details: readonly string[];
}

/** One export destination. */
export interface Exporter {
  readonly destination: DestinationName;
  /** Learns what the destination needs before a drain; throws SyncBitError when it is unreachable. */
  prepare(signal?: AbortSignal): Promise<PrepareResult>;
  /** Makes the destination hold `job`'s content, idempotently (see DayJob.mayBePartlySent). */
  exportDay(job: DayJob, signal?: AbortSignal): Promise<DayOutcome>;
  /** Checks reachability and credentials without writing any data. */
  test(signal?: AbortSignal): Promise<TestResult>;
  /** Releases sockets/clients. */
  close(): Promise<void>;
}
