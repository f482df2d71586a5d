/** An in-memory RecordSink for importer tests: collects records per day and the touched (day, type) pairs. */
import type { DataTypeId } from '../../../../main/core/model/data-types.js';
import type { CivilDay, DataRecord } from '../../../../main/core/model/record.js';
import type { RecordSink } from '../../../../main/core/model/record-sink.js';

export interface Stored {
  readonly day: CivilDay;
  readonly type: DataTypeId;
  readonly record: DataRecord;
}

export class MemorySink implements RecordSink {
  readonly records: Stored[] = [];
  readonly touched = new Set<string>();

  add(day: CivilDay, type: DataTypeId, record: DataRecord): undefined {
    this.records.push({ day, type, record });
    return undefined;
  }

  touch(day: CivilDay, type: DataTypeId): void {
    this.touched.add(`${type}|${day}`);
  }

  /** Records of one measurement, optionally on one day. */
  of(measurement: string, day?: CivilDay): Stored[] {
    return this.records.filter(
      (r) => r.record.measurement === measurement && (day === undefined || r.day === day),
    );
  }

  /** Daily value per day for a daily measurement (field `value` unless named). */
  daily(measurement: string, field = 'value'): Map<CivilDay, number> {
    const m = new Map<CivilDay, number>();
    for (const r of this.of(measurement))
      m.set(r.day, (m.get(r.day) ?? 0) + Number(r.record.fields[field] ?? 0));
    return m;
  }
}
