/**
 * Where normalised records go. The Takeout importer and the Google Health collectors emit into a
 * sink; the archive's staging area (store/staging.ts) implements it, spilling to disk so memory
 * stays bounded. It sits in the model so the sources can emit without importing the store.
 */
import type { DataTypeId } from './data-types.js';
import type { CivilDay, DataRecord } from './record.js';

export interface RecordSink {
  /**
   * Adds one record to civil day `day` under data type `type`. Returns a promise only when the sink
   * needs the caller to wait (buffer spilling); callers do `const p = sink.add(…); if (p) await p;`.
   */
  add(day: CivilDay, type: DataTypeId, record: DataRecord): Promise<void> | undefined;
  /** Marks that `type` was read for `day` even if it produced no record (an empty day is coverage too). */
  touch(day: CivilDay, type: DataTypeId): void;
}
