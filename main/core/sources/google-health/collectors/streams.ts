/**
 * Request streams shared by collectors: paged `reconcile` grouped into civil days as pages arrive
 * (results come newest first, so a day is complete once an older day shows up and memory stays at
 * about one page), and lazily fetched `dailyRollUp` blocks that respect the 14/90-day caps.
 */
import { addDays, parseCivilDay } from '../../../model/civil-day.js';
import type { CivilDay } from '../../../model/record.js';
import { SyncBitError } from '../../../errors.js';
import type { DataPointPage, HealthDataPoint, HealthDataType, RollupDataPoint } from '../api-types.js';
import { civilDayRangeFilter, type FilterKind } from '../filters.js';
import type { CollectContext, PlannedRequest } from './types.js';
import { civilDateString } from './values.js';

/** Maximum page size for data points; sleep and exercise allow only 25 (reference §2.5). */
export const MAX_PAGE_SIZE = 10_000;
export const SESSION_PAGE_SIZE = 25;

/** Throws `cancelled` when the run was aborted (checked after every await). */
export function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new SyncBitError('cancelled', 'The sync was cancelled.');
}

/** Whole days from `a` to `b` (b − a). */
export function dayDiff(a: CivilDay, b: CivilDay): number {
  const pa = parseCivilDay(a);
  const pb = parseCivilDay(b);
  return Math.round(
    (Date.UTC(pb.year, pb.month - 1, pb.day) - Date.UTC(pa.year, pa.month - 1, pa.day)) / 86_400_000,
  );
}

/** The reconcile request a civil-day range takes (one paged stream, whatever the range length). */
export function reconcilePlan(
  source: HealthDataType,
  kind: FilterKind,
  from: CivilDay,
  to: CivilDay,
): PlannedRequest {
  const pageSize = kind === 'sleep' || kind === 'exercise' ? SESSION_PAGE_SIZE : MAX_PAGE_SIZE;
  return {
    method: 'reconcile',
    source,
    from,
    to,
    pageSize,
    filter: civilDayRangeFilter(source, kind, from, to),
  };
}

/**
 * Pages of `reconcile` for a range, following nextPageToken with otherwise identical parameters.
 * The next page is requested as soon as its token is known (one page of read-ahead), so the
 * network and the archive writes of the previous page overlap.
 */
export async function* reconcilePages(
  ctx: CollectContext,
  source: HealthDataType,
  kind: FilterKind,
  from: CivilDay,
  to: CivilDay,
): AsyncGenerator<HealthDataPoint[]> {
  const plan = reconcilePlan(source, kind, from, to);
  const fetchPage = (token: string | undefined): Promise<DataPointPage> => {
    const p = ctx.api.reconcile(source, {
      ...(plan.filter === undefined ? {} : { filter: plan.filter }),
      pageSize: plan.pageSize,
      ...(token === undefined ? {} : { pageToken: token }),
    });
    // A read-ahead page may be abandoned (abort, failure elsewhere): never an unhandled rejection.
    p.catch(() => undefined);
    return p;
  };
  checkAbort(ctx.signal);
  let pending: Promise<DataPointPage> | undefined = fetchPage(undefined);
  while (pending !== undefined) {
    const page: DataPointPage = await pending;
    checkAbort(ctx.signal);
    const token =
      page.nextPageToken !== undefined && page.nextPageToken !== '' ? page.nextPageToken : undefined;
    pending = token === undefined ? undefined : fetchPage(token);
    yield Array.isArray(page.dataPoints) ? page.dataPoints : [];
  }
}

/** Something normalised from a point, with the civil day it belongs to. */
export interface DayItem<T> {
  readonly day: CivilDay;
  readonly item: T;
}

export interface DayGroup<T> {
  readonly day: CivilDay;
  readonly items: T[];
  /** true: items for a day already yielded (the stream was not strictly newest first). */
  readonly late: boolean;
}

/**
 * Groups a newest-first stream into days: every day `to`..`from` is yielded once (newest first,
 * empty days included) as soon as an older day appears. Items for a day that was already yielded
 * (travel west makes civil order differ from physical order) come at the end as `late` groups.
 * Items outside the range are dropped: they belong to another range's fetch.
 */
export async function* groupByDay<T>(
  pages: AsyncIterable<readonly DayItem<T>[]>,
  from: CivilDay,
  to: CivilDay,
): AsyncGenerator<DayGroup<T>> {
  let cursor = to;
  const buf = new Map<CivilDay, T[]>();
  const late = new Map<CivilDay, T[]>();
  const push = (m: Map<CivilDay, T[]>, day: CivilDay, item: T): void => {
    const list = m.get(day);
    if (list) list.push(item);
    else m.set(day, [item]);
  };
  for await (const page of pages) {
    let oldest: CivilDay | undefined;
    for (const { day, item } of page) {
      if (day < from || day > to) continue;
      if (day > cursor) {
        push(late, day, item);
        continue;
      }
      push(buf, day, item);
      if (oldest === undefined || day < oldest) oldest = day;
    }
    if (oldest === undefined) continue;
    while (cursor > oldest && cursor >= from) {
      yield { day: cursor, items: buf.get(cursor) ?? [], late: false };
      buf.delete(cursor);
      cursor = addDays(cursor, -1);
    }
  }
  while (cursor >= from) {
    yield { day: cursor, items: buf.get(cursor) ?? [], late: false };
    buf.delete(cursor);
    cursor = addDays(cursor, -1);
  }
  for (const day of [...late.keys()].sort().reverse()) yield { day, items: late.get(day) ?? [], late: true };
}

/** reconcilePages + normalise + groupByDay in one call. */
export function reconcileByDay<T>(
  ctx: CollectContext,
  source: HealthDataType,
  kind: FilterKind,
  from: CivilDay,
  to: CivilDay,
  normalise: (point: HealthDataPoint) => DayItem<T>[],
): AsyncGenerator<DayGroup<T>> {
  async function* mapped(): AsyncGenerator<DayItem<T>[]> {
    for await (const page of reconcilePages(ctx, source, kind, from, to)) yield page.flatMap(normalise);
  }
  return groupByDay(mapped(), from, to);
}

/** Reads a (small) reconcile range fully into a map day → items (daily types). */
export async function reconcileAll<T>(
  ctx: CollectContext,
  source: HealthDataType,
  kind: FilterKind,
  from: CivilDay,
  to: CivilDay,
  normalise: (point: HealthDataPoint) => DayItem<T>[],
): Promise<Map<CivilDay, T[]>> {
  const out = new Map<CivilDay, T[]>();
  for await (const page of reconcilePages(ctx, source, kind, from, to)) {
    for (const { day, item } of page.flatMap(normalise)) {
      if (day < from || day > to) continue;
      const list = out.get(day);
      if (list) list.push(item);
      else out.set(day, [item]);
    }
  }
  return out;
}

/** The dailyRollUp blocks of a range, newest first, each at most `capDays` long and aligned to `to`. */
export function rollupBlocks(
  from: CivilDay,
  to: CivilDay,
  capDays: number,
): { from: CivilDay; to: CivilDay }[] {
  const out: { from: CivilDay; to: CivilDay }[] = [];
  for (let end = to; end >= from; end = addDays(end, -capDays)) {
    const start = addDays(end, -(capDays - 1));
    out.push({ from: start < from ? from : start, to: end });
  }
  return out;
}

/** Planned dailyRollUp requests for a range (windowSizeDays 1 × pageSize = block length ≤ cap). */
export function rollupPlan(
  source: HealthDataType,
  from: CivilDay,
  to: CivilDay,
  capDays: number,
): PlannedRequest[] {
  return rollupBlocks(from, to, capDays).map((b) => ({
    method: 'dailyRollUp',
    source,
    from: b.from,
    to: b.to,
    pageSize: dayDiff(b.from, b.to) + 1,
    windowSizeDays: 1,
  }));
}

function civilDate(day: CivilDay): { date: { year: number; month: number; day: number } } {
  return { date: parseCivilDay(day) };
}

/**
 * Daily rollup values of one Google type over a range, fetched block by block only when a day in
 * the block is first asked for (collectors ask newest first, so recent days never wait for old blocks).
 */
export class RollupDays {
  private readonly blocks: { from: CivilDay; to: CivilDay }[];
  private readonly fetched = new Set<number>();
  private readonly byDay = new Map<CivilDay, RollupDataPoint>();

  constructor(
    private readonly ctx: CollectContext,
    private readonly source: HealthDataType,
    private readonly from: CivilDay,
    private readonly to: CivilDay,
    private readonly capDays: number,
  ) {
    this.blocks = rollupBlocks(from, to, capDays);
  }

  /** The rollup point of `day`, or undefined when the API has none. */
  async get(day: CivilDay): Promise<RollupDataPoint | undefined> {
    if (day < this.from || day > this.to) return undefined;
    const idx = Math.floor(dayDiff(day, this.to) / this.capDays);
    if (!this.fetched.has(idx)) {
      const block = this.blocks[idx];
      if (block) await this.fetchBlock(block);
      this.fetched.add(idx);
    }
    return this.byDay.get(day);
  }

  private async fetchBlock(block: { from: CivilDay; to: CivilDay }): Promise<void> {
    const days = dayDiff(block.from, block.to) + 1;
    let token: string | undefined;
    do {
      checkAbort(this.ctx.signal);
      const page = await this.ctx.api.dailyRollUp(this.source, {
        range: { start: civilDate(block.from), end: civilDate(addDays(block.to, 1)) },
        windowSizeDays: 1,
        pageSize: days,
        ...(token === undefined ? {} : { pageToken: token }),
      });
      checkAbort(this.ctx.signal);
      for (const p of Array.isArray(page.rollupDataPoints) ? page.rollupDataPoints : []) {
        const day = civilDateString(p.civilStartTime?.date);
        if (day !== undefined) this.byDay.set(day, p);
      }
      token = page.nextPageToken !== undefined && page.nextPageToken !== '' ? page.nextPageToken : undefined;
    } while (token !== undefined);
  }
}

/**
 * Fingerprints of each day's dailyRollUp point over a short range (at most `capDays`): one request
 * for the whole range. A day without a window (not worn, no data) has none.
 */
export async function rollupFingerprints(
  ctx: CollectContext,
  source: HealthDataType,
  from: CivilDay,
  to: CivilDay,
  capDays: number,
): Promise<Map<CivilDay, string>> {
  const out = new Map<CivilDay, string>();
  for (const block of rollupBlocks(from, to, capDays)) {
    const days = dayDiff(block.from, block.to) + 1;
    let token: string | undefined;
    do {
      checkAbort(ctx.signal);
      const page = await ctx.api.dailyRollUp(source, {
        range: { start: civilDate(block.from), end: civilDate(addDays(block.to, 1)) },
        windowSizeDays: 1,
        pageSize: days,
        ...(token === undefined ? {} : { pageToken: token }),
      });
      for (const p of Array.isArray(page.rollupDataPoints) ? page.rollupDataPoints : []) {
        const day = civilDateString(p.civilStartTime?.date);
        if (day !== undefined) out.set(day, JSON.stringify(p));
      }
      token = page.nextPageToken !== undefined && page.nextPageToken !== '' ? page.nextPageToken : undefined;
    } while (token !== undefined);
  }
  return out;
}

/** Yields the days of a range newest first. */
export function* daysDescending(from: CivilDay, to: CivilDay): Generator<CivilDay> {
  for (let d = to; d >= from; d = addDays(d, -1)) yield d;
}
