/**
 * What the sync engine needs from the archive: an atomic, idempotent per-day write and the content
 * hash of one type on one day (coverage compares it to tell "still changing" from "settled").
 * `Archive` (store/archive.ts) satisfies it; tests use an in-memory one.
 */
import type { DataTypeId } from '../model/data-types.js';
import type { CivilDay, DataRecord } from '../model/record.js';

export interface DayUpdate {
  readonly type: DataTypeId;
  readonly records: readonly DataRecord[];
  readonly mode: 'replace' | 'merge';
}

export interface DayStore {
  applyDay(
    day: CivilDay,
    updates: readonly DayUpdate[],
  ): Promise<{ readonly changed: boolean; readonly changedTypes: readonly DataTypeId[] }>;
  typeHash(day: CivilDay, type: DataTypeId): string | undefined;
  /** A day's records as archived (lets a collector reuse what the archive already knows). */
  readDay?(day: CivilDay): Promise<DataRecord[]>;
}
