/** Reading the archive for the dashboard and day views (no writes, no lock). */
import { SyncBitError } from '../errors.js';
import { daysBetween, isCivilDay } from '../model/civil-day.js';
import { DATA_TYPE_IDS, type DataTypeId } from '../model/data-types.js';
import type { CivilDay, DataRecord } from '../model/record.js';
import type { Session } from './session.js';
import type { CoverageCell } from './types.js';

/** A day from outside, checked ("2026-02-30" is an `invalid-input` error). */
export function checkDay(d: string): CivilDay {
  if (!isCivilDay(d)) throw new SyncBitError('invalid-input', `Not a calendar day: ${JSON.stringify(d)}`);
  return d;
}

/** One day's records, optionally only some measurements. */
export async function dayRecords(
  session: Session,
  day: string,
  measurements?: readonly string[],
): Promise<DataRecord[]> {
  const records = await session.archive.readDay(checkDay(day));
  if (measurements === undefined || measurements.length === 0) return records;
  const wanted = new Set(measurements);
  return records.filter((r) => wanted.has(r.measurement));
}

/** Coverage per type per day (fetched, empty, failed… or missing). */
export function coverageGrid(session: Session, from: string, to: string): Record<DataTypeId, CoverageCell[]> {
  const days = daysBetween(checkDay(from), checkDay(to));
  if (days.length > 3700)
    throw new SyncBitError('invalid-input', 'Ask for at most ten years of coverage at a time.');
  const out = {} as Record<DataTypeId, CoverageCell[]>;
  for (const type of DATA_TYPE_IDS) {
    out[type] = days.map((day) => {
      const c = session.coverage.get(type, day);
      const has = (session.archive.dayEntry(day)?.types[type]?.count ?? 0) > 0;
      return { day, status: c?.status ?? (has ? 'fetched' : 'missing') };
    });
  }
  return out;
}
