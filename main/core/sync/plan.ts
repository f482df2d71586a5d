/**
 * What a sync fetches, from coverage alone (pure, so it is tested without an API): per type, the
 * days that are missing, failed, inside the finalisation window, or still changing, grouped into
 * as few newest-first ranges as possible so recent charts fill first and each range costs one
 * paged request stream per Google type.
 */
import { addDays } from '../model/civil-day.js';
import type { DataTypeId } from '../model/data-types.js';
import type { CivilDay } from '../model/record.js';
import type { CoverageEntry } from '../store/coverage.js';

/** Default days the first sync backfills (a Takeout import covers older years). */
export const DEFAULT_BACKFILL_DAYS = 90;
/** Default finalisation window: days up to this many days before today are re-fetched every sync. */
export const DEFAULT_FINALISATION_DAYS = 3;
/** Ranges separated by at most this many already-final days are fetched as one (fewer requests). */
export const DEFAULT_MAX_GAP_DAYS = 3;

export interface PlanOptions {
  /** The user's civil today. */
  readonly today: CivilDay;
  readonly backfillDays?: number;
  readonly finalisationDays?: number;
  /** Explicit range (inclusive); defaults to the backfill window ending today. */
  readonly from?: CivilDay;
  readonly to?: CivilDay;
  /** Re-fetch every day of the range whatever coverage says. */
  readonly force?: boolean;
  readonly maxGapDays?: number;
}

export interface DayRange {
  readonly from: CivilDay;
  readonly to: CivilDay;
}

export interface TypePlan {
  readonly type: DataTypeId;
  /** Days to fetch, newest first. */
  readonly days: readonly CivilDay[];
  /** Request ranges covering `days` (and small gaps between them), newest first. */
  readonly ranges: readonly DayRange[];
  /** Days that stopped changing and left the window: mark final without fetching. */
  readonly finalise: readonly CivilDay[];
}

/** Coverage as the planner sees it. */
export interface CoverageView {
  get(type: DataTypeId, day: CivilDay): CoverageEntry | undefined;
}

/** Days from `day` to `today` (0 = today, negative = a future day in a zone ahead of the user's). */
export function ageInDays(day: CivilDay, today: CivilDay): number {
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000);
}

/** The range a plan covers. */
export function planRange(o: PlanOptions): DayRange {
  const to = o.to ?? o.today;
  const from = o.from ?? addDays(o.today, -((o.backfillDays ?? DEFAULT_BACKFILL_DAYS) - 1));
  return { from, to };
}

/** True when coverage (entry) says `day` has settled: fetched or empty and no longer changing. */
export function isSettled(entry: CoverageEntry): boolean {
  if (entry.status === 'final') return true;
  if (entry.status === 'failed') return false;
  if (entry.source === 'takeout') return true;
  return (entry.stableCount ?? 0) >= 1;
}

/**
 * Whether `day` needs a fetch: missing, failed, today or inside the finalisation window (phones
 * upload late), or outside it but still changing at its last fetch.
 */
export function needsFetch(entry: CoverageEntry | undefined, day: CivilDay, o: PlanOptions): boolean {
  if (o.force === true || entry === undefined || entry.status === 'failed') return true;
  if (ageInDays(day, o.today) <= (o.finalisationDays ?? DEFAULT_FINALISATION_DAYS)) return true;
  return !isSettled(entry);
}

/** Groups newest-first days into newest-first ranges, bridging gaps of at most `maxGap` days. */
export function groupRanges(daysDesc: readonly CivilDay[], maxGap: number): DayRange[] {
  const out: { from: CivilDay; to: CivilDay }[] = [];
  for (const day of daysDesc) {
    const last = out.at(-1);
    if (last && ageInDays(day, last.from) <= maxGap + 1) last.from = day;
    else out.push({ from: day, to: day });
  }
  return out;
}

/** The plan of one range type (every type except snapshot types such as devices). */
export function planType(type: DataTypeId, coverage: CoverageView, o: PlanOptions): TypePlan {
  const { from, to } = planRange(o);
  const window = o.finalisationDays ?? DEFAULT_FINALISATION_DAYS;
  const days: CivilDay[] = [];
  const finalise: CivilDay[] = [];
  for (let d = to; d >= from; d = addDays(d, -1)) {
    const entry = coverage.get(type, d);
    if (needsFetch(entry, d, o)) days.push(d);
    else if (entry?.status === 'fetched' && entry.source === 'api' && ageInDays(d, o.today) > window)
      finalise.push(d);
  }
  return { type, days, ranges: groupRanges(days, o.maxGapDays ?? DEFAULT_MAX_GAP_DAYS), finalise };
}

/** The plan of a snapshot type (devices): only today, every sync. */
export function planSnapshot(type: DataTypeId, o: PlanOptions): TypePlan {
  return { type, days: [o.today], ranges: [{ from: o.today, to: o.today }], finalise: [] };
}
