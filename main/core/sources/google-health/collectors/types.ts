/**
 * The collector contract: one module per SyncBit data type group reads the Google Health types it
 * needs for a range of civil days and yields normalised records per day. The sync engine knows
 * nothing about payloads; collectors know nothing about coverage or the archive.
 */
import type { DataTypeId } from '../../../model/data-types.js';
import type { CivilDay, DataRecord } from '../../../model/record.js';
import type { HealthApi, HealthDataType } from '../api-types.js';

/** OAuth scope groups (reference §1.8) a collector needs. */
export type ScopeGroup = 'activity' | 'metrics' | 'sleep' | 'settings' | 'location';

/** What a collector needs while reading. */
export interface CollectContext {
  readonly api: HealthApi;
  /** IANA zone used only when the data carries no offset of its own (settings `timeZone`, else the machine's). */
  readonly zone: string;
  /** Scope groups the user granted; undefined = unknown (optional extras such as GPS are skipped). */
  readonly grantedScopes?: ReadonlySet<ScopeGroup>;
  readonly signal?: AbortSignal;
  /** Current time (epoch ms) for snapshot collectors (devices). */
  readonly now: number;
  /**
   * A day's records as the archive holds them, when the sync writes to one: the devices collector
   * takes a tracker's last sync from the newest archived heart-rate sample instead of a request.
   */
  readonly archivedDay?: (day: CivilDay) => Promise<readonly DataRecord[]>;
}

/** One civil day of one data type: every record the type has on that day. */
export interface DayBatch {
  readonly day: CivilDay;
  readonly records: DataRecord[];
  /**
   * replace (default): these are all of the type's records for the day. merge: extra records for a
   * day already yielded (out-of-order page), or snapshot observations that accumulate (devices).
   */
  readonly mode?: 'replace' | 'merge';
}

/** One request the collector will make (first page; `reconcile` may follow nextPageToken). */
export interface PlannedRequest {
  readonly method: 'reconcile' | 'dailyRollUp' | 'listPairedDevices';
  readonly source: HealthDataType;
  readonly from: CivilDay;
  readonly to: CivilDay;
  readonly pageSize: number;
  readonly filter?: string;
  readonly windowSizeDays?: number;
}

export interface Collector {
  readonly type: DataTypeId;
  readonly scope: ScopeGroup;
  /** Google Health data types read (kebab-case path ids). */
  readonly sources: readonly HealthDataType[];
  /** range: reads civil-day ranges; snapshot: reads current state (devices) whatever the range. */
  readonly mode: 'range' | 'snapshot';
  /** The requests reading `from`..`to` takes (before pagination), newest first. */
  plan(from: CivilDay, to: CivilDay): PlannedRequest[];
  /**
   * Reads `from`..`to` (inclusive). Range collectors yield every day of the range exactly once in
   * replace mode, newest first (empty days included), plus rare merge batches; snapshot collectors
   * yield merge batches for the days their observations fall on.
   */
  collect(ctx: CollectContext, from: CivilDay, to: CivilDay): AsyncGenerator<DayBatch>;
  /**
   * Optional cheap change check for recent days: one request over `from`..`to` (a few days) giving
   * a fingerprint per day ('' or absent = no data). The engine re-reads a recent day only when its
   * fingerprint differs from the one stored at its last fetch, so a steady-state tick costs one
   * request for types whose full read takes several (intraday + total, dense heart rate, TCX).
   */
  check?(ctx: CollectContext, from: CivilDay, to: CivilDay): Promise<Map<CivilDay, string>>;
}
