/** An in-memory DayStore with the archive's semantics (replace/merge per type-day, content hashes). */
import { createHash } from 'node:crypto';
import type { DataTypeId } from '../../../main/core/model/data-types.js';
import { recordKey, type DataRecord } from '../../../main/core/model/record.js';
import { canonicalJson } from '../../../main/core/store/day-file.js';
import type { DayStore, DayUpdate } from '../../../main/core/sync/day-store.js';

export class MemoryDayStore implements DayStore {
  readonly days = new Map<string, Map<DataTypeId, DataRecord[]>>();
  writes = 0;
  changedWrites = 0;

  applyDay(
    day: string,
    updates: readonly DayUpdate[],
  ): Promise<{ changed: boolean; changedTypes: DataTypeId[] }> {
    const types = this.days.get(day) ?? new Map<DataTypeId, DataRecord[]>();
    const changedTypes: DataTypeId[] = [];
    for (const u of updates) {
      const before = this.typeHash(day, u.type);
      let next: DataRecord[];
      if (u.mode === 'replace') next = [...u.records];
      else {
        const byKey = new Map((types.get(u.type) ?? []).map((r) => [recordKey(r), r]));
        for (const r of u.records) byKey.set(recordKey(r), r);
        next = [...byKey.values()];
      }
      // The archive keeps one record per key (new wins) in canonical order.
      next = [...new Map(next.map((r) => [recordKey(r), r])).values()].sort((a, b) =>
        canonicalJson(a) < canonicalJson(b) ? -1 : 1,
      );
      if (next.length === 0) types.delete(u.type);
      else types.set(u.type, next);
      this.days.set(day, types);
      if (this.typeHash(day, u.type) !== before) changedTypes.push(u.type);
    }
    this.writes += 1;
    if (changedTypes.length > 0) this.changedWrites += 1;
    return Promise.resolve({ changed: changedTypes.length > 0, changedTypes });
  }

  typeHash(day: string, type: DataTypeId): string | undefined {
    const records = this.days.get(day)?.get(type);
    if (!records || records.length === 0) return undefined;
    return createHash('sha256').update(JSON.stringify(records)).digest('hex').slice(0, 16);
  }

  records(day: string, type: DataTypeId): DataRecord[] {
    return this.days.get(day)?.get(type) ?? [];
  }

  /** Everything, for comparing two archives. */
  dump(): Record<string, Record<string, DataRecord[]>> {
    const out: Record<string, Record<string, DataRecord[]>> = {};
    for (const day of [...this.days.keys()].sort()) {
      const types = this.days.get(day)!;
      out[day] = Object.fromEntries([...types.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    }
    return out;
  }
}
