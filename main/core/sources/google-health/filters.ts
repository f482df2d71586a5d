/**
 * AIP-160 filter builders for `dataPoints.list` / `reconcile` (reference §2.4). The API accepts only
 * snake_case field paths, only `>=` and `<`, combined with `AND`; anything else is a 400
 * `INVALID_DATA_POINT_FILTER`, so filters are built here and nowhere else.
 */
import { addDays, isCivilDay } from '../../model/civil-day.js';
import type { CivilDay } from '../../model/record.js';
import { SyncBitError } from '../../errors.js';
import type { HealthDataType } from './api-types.js';

/**
 * How a Google type is shaped in time, which decides the filter field:
 * interval → `interval.civil_start_time`, sample → `sample_time.civil_time`, daily → `date`,
 * sleep → `interval.civil_end_time` (start_time is rejected for sleep), exercise →
 * `interval.civil_start_time` (the only field exercise accepts).
 */
export type FilterKind = 'interval' | 'sample' | 'daily' | 'sleep' | 'exercise';

const TYPE_RE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** The snake_case filter prefix of a kebab-case type id (`heart-rate` → `heart_rate`). */
export function filterTypeName(type: HealthDataType): string {
  if (!TYPE_RE.test(type)) throw new SyncBitError('internal', `not a Google Health data type id: ${type}`);
  return type.replace(/-/g, '_');
}

/** The field path (after the type prefix) a civil-day range filters on for `kind`. */
export function civilFieldOf(kind: FilterKind): string {
  switch (kind) {
    case 'interval':
    case 'exercise':
      return 'interval.civil_start_time';
    case 'sample':
      return 'sample_time.civil_time';
    case 'daily':
      return 'date';
    case 'sleep':
      return 'interval.civil_end_time';
  }
}

/**
 * Filter selecting the civil days `from`..`to` (both inclusive) of `type`: `field >= "from"` AND
 * `field < "to + 1 day"`. Civil fields are used so that each point lands in its own recorded day,
 * whatever zone the user was in.
 */
export function civilDayRangeFilter(
  type: HealthDataType,
  kind: FilterKind,
  from: CivilDay,
  to: CivilDay,
): string {
  if (!isCivilDay(from) || !isCivilDay(to))
    throw new SyncBitError('internal', `filter range must be YYYY-MM-DD days: ${from}..${to}`);
  if (to < from) throw new SyncBitError('internal', `filter range is empty: ${from}..${to}`);
  const field = `${filterTypeName(type)}.${civilFieldOf(kind)}`;
  const end = addDays(to, 1);
  return `${field} >= "${from}" AND ${field} < "${end}"`;
}

/**
 * Filter on physical time (RFC 3339 UTC) for interval, sample and sleep types, for callers that
 * need instants rather than civil days. Exercise and daily types have no physical field.
 */
export function physicalRangeFilter(
  type: HealthDataType,
  kind: 'interval' | 'sample' | 'sleep',
  fromMs: number,
  toMs: number,
): string {
  if (!(toMs > fromMs)) throw new SyncBitError('internal', 'physical filter range is empty');
  const field =
    kind === 'sample'
      ? 'sample_time.physical_time'
      : kind === 'sleep'
        ? 'interval.end_time'
        : 'interval.start_time';
  const path = `${filterTypeName(type)}.${field}`;
  const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
  return `${path} >= "${iso(fromMs)}" AND ${path} < "${iso(toMs)}"`;
}

const CLAUSE_RE = /^([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+) (>=|<) "([^"]+)"$/;

/**
 * Checks a filter against the rules the API enforces (snake_case paths, only `>=`/`<`, `AND`).
 * Returns the problem, or undefined when the filter is acceptable. Used by tests and as a guard.
 */
export function filterProblem(filter: string): string | undefined {
  const clauses = filter.split(' AND ');
  for (const clause of clauses) {
    const m = CLAUSE_RE.exec(clause.trim());
    if (!m) return `unsupported clause: ${clause}`;
  }
  return undefined;
}
