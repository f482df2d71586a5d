/**
 * A DayStore over the archive that remembers which days a run changed, so that exactly those
 * days are queued for export afterwards (no scan of the whole archive after every sync).
 */
import type { DataTypeId } from '../model/data-types.js';
import type { CivilDay, DataRecord } from '../model/record.js';
import type { Archive } from '../store/archive.js';
import type { DayStore, DayUpdate } from './day-store.js';

export class RecordingDayStore implements DayStore {
  private readonly changed = new Set<CivilDay>();

  constructor(private readonly archive: Archive) {}

  async applyDay(
    day: CivilDay,
    updates: readonly DayUpdate[],
  ): Promise<{ readonly changed: boolean; readonly changedTypes: readonly DataTypeId[] }> {
    const result = await this.archive.applyDay(day, updates);
    if (result.changed) this.changed.add(day);
    return result;
  }

  typeHash(day: CivilDay, type: DataTypeId): string | undefined {
    return this.archive.typeHash(day, type);
  }

  readDay(day: CivilDay): Promise<DataRecord[]> {
    return this.archive.readDay(day);
  }

  /** Days changed since the last call, oldest first; clears the list. */
  takeChangedDays(): CivilDay[] {
    const days = [...this.changed].sort();
    this.changed.clear();
    return days;
  }
}
