/**
 * What the archive holds, per data type: first and last day, days with data, and gaps (days in
 * that span nothing is known about, or whose last fetch failed). Used by `syncbit status` and the
 * app's status line.
 */
import { DATA_TYPE_IDS, DATA_TYPES, type DataTypeId } from '../model/data-types.js';
import type { CivilDay } from '../model/record.js';
import type { Archive } from '../store/archive.js';
import { WORN_ONLY_TYPES, type CoverageStore } from '../store/coverage.js';
import { addDays } from '../model/civil-day.js';

export interface TypeStatus {
  readonly type: DataTypeId;
  readonly label: string;
  readonly firstDay?: CivilDay;
  readonly lastDay?: CivilDay;
  readonly daysPresent: number;
  readonly daysFailed: number;
  /** Days read with nothing there for a worn-only type (steps, distance, …): "not worn", not 0. */
  readonly daysNotWorn?: number;
  readonly records: number;
  readonly gaps: readonly { from: CivilDay; to: CivilDay; days: number }[];
}

export interface ArchiveStatus {
  readonly dataDir: string;
  readonly days: number;
  readonly firstDay?: CivilDay;
  readonly lastDay?: CivilDay;
  readonly types: readonly TypeStatus[];
}

/** Computes the per-type status from the archive index and the coverage map. */
export function archiveStatus(dataDir: string, archive: Archive, coverage: CoverageStore): ArchiveStatus {
  const days = archive.days();
  const types = DATA_TYPE_IDS.map((type): TypeStatus => {
    const present: CivilDay[] = [];
    let records = 0;
    for (const day of days) {
      const c = archive.dayEntry(day)?.types[type]?.count ?? 0;
      if (c > 0) {
        present.push(day);
        records += c;
      }
    }
    const known = new Map(coverage.entries(type));
    const first = [present[0], known.size > 0 ? [...known.keys()][0] : undefined]
      .filter((d): d is CivilDay => d !== undefined)
      .sort()[0];
    const lastCandidates = [present.at(-1), [...known.keys()].at(-1)]
      .filter((d): d is CivilDay => d !== undefined)
      .sort();
    const last = lastCandidates.at(-1);
    const presentSet = new Set(present);
    const sparse = DATA_TYPES[type].sparse === true;
    const gaps: { from: CivilDay; to: CivilDay; days: number }[] = [];
    let daysFailed = 0;
    if (first !== undefined && last !== undefined) {
      let start: CivilDay | undefined;
      let prev: CivilDay | undefined;
      let len = 0;
      for (let d = first; d <= last; d = addDays(d, 1)) {
        const e = known.get(d);
        if (e?.status === 'failed') daysFailed++;
        const missing =
          !presentSet.has(d) && (sparse ? e?.status === 'failed' : e === undefined || e.status === 'failed');
        if (missing) {
          start ??= d;
          len++;
        } else if (start !== undefined && prev !== undefined) {
          gaps.push({ from: start, to: prev, days: len });
          start = undefined;
          len = 0;
        }
        prev = d;
      }
      if (start !== undefined) gaps.push({ from: start, to: last, days: len });
    }
    return {
      type,
      label: DATA_TYPES[type].label,
      ...(first === undefined ? {} : { firstDay: first }),
      ...(last === undefined ? {} : { lastDay: last }),
      daysPresent: present.length,
      daysFailed,
      ...(WORN_ONLY_TYPES.has(type)
        ? { daysNotWorn: [...known.values()].filter((e) => e.status === 'empty').length }
        : {}),
      records,
      gaps,
    };
  });
  return {
    dataDir,
    days: days.length,
    ...(days[0] === undefined ? {} : { firstDay: days[0] }),
    ...(days.at(-1) === undefined ? {} : { lastDay: days.at(-1) }),
    types,
  };
}
