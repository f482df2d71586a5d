/**
 * Collector shapes shared by several data types: intraday intervals with a daily total from
 * dailyRollUp (steps, distance), rollup-only daily values (calories, floors, elevation, minutes,
 * zones), daily points (`daily-*` types) and samples (heart rate, weight, body fat).
 */
import { noonAtOffset, noonInZone } from '../../../model/civil-day.js';
import type { DataTypeId } from '../../../model/data-types.js';
import type { CivilDay, DataRecord } from '../../../model/record.js';
import type { HealthDataPoint, HealthDataType, RollupDataPoint } from '../api-types.js';
import {
  RollupDays,
  daysDescending,
  rollupFingerprints,
  reconcileAll,
  reconcileByDay,
  reconcilePlan,
  rollupPlan,
  type DayItem,
} from './streams.js';
import type { CollectContext, Collector, DayBatch, ScopeGroup } from './types.js';
import {
  civilDateString,
  intervalStart,
  mostCommon,
  obj,
  payload,
  sampleStamp,
  deviceTag,
  type Stamp,
} from './values.js';

/** Noon of `day`: at the offset the day's own data was recorded in when known, else in the fallback zone. */
export function noonOf(day: CivilDay, offset: number | undefined, zone: string): number {
  return offset === undefined ? noonInZone(day, zone) : noonAtOffset(day, offset);
}

/** Drops the undefined results of makeRecord. */
export function defined<T>(v: T | undefined): v is T {
  return v !== undefined;
}

interface IntradayItem {
  readonly stamp: Stamp;
  readonly device: string;
  readonly record: DataRecord | undefined;
}

/**
 * Interval data per minute from `reconcile` plus the day's total from `dailyRollUp`. The total is
 * stamped at noon of the day at the offset the day's intraday data carries, tagged with the day's
 * most common device.
 */
export function intradayWithTotal(spec: {
  type: DataTypeId;
  source: HealthDataType;
  /** camelCase payload key of the data point (`steps`). */
  key: string;
  intraday: (p: Record<string, unknown>, stamp: Stamp, device: string) => DataRecord | undefined;
  total: (r: RollupDataPoint, noonMs: number, device: string) => DataRecord | undefined;
  capDays?: number;
}): Collector {
  const cap = spec.capDays ?? 90;
  return {
    type: spec.type,
    scope: 'activity',
    sources: [spec.source],
    mode: 'range',
    plan: (from, to) => [
      reconcilePlan(spec.source, 'interval', from, to),
      ...rollupPlan(spec.source, from, to, cap),
    ],
    // The day's rollup (count/sum) changes whenever its minutes do.
    check: (ctx, from, to) => rollupFingerprints(ctx, spec.source, from, to, cap),
    async *collect(ctx, from, to) {
      const totals = new RollupDays(ctx, spec.source, from, to, cap);
      const normalise = (point: HealthDataPoint): DayItem<IntradayItem>[] => {
        const p = payload(point, spec.key);
        const stamp = p && intervalStart(p.interval, ctx.zone);
        if (!p || !stamp) return [];
        const device = deviceTag(point.dataSource);
        return [{ day: stamp.day, item: { stamp, device, record: spec.intraday(p, stamp, device) } }];
      };
      for await (const g of reconcileByDay(ctx, spec.source, 'interval', from, to, normalise)) {
        const records = g.items.map((i) => i.record).filter(defined);
        if (g.late) {
          yield { day: g.day, records, mode: 'merge' };
          continue;
        }
        const device = mostCommon(
          g.items.map((i) => i.device),
          'unknown',
        );
        const offsets = g.items.map((i) => String(i.stamp.offset));
        const offset = offsets.length > 0 ? Number(mostCommon(offsets, '0')) : undefined;
        const total = await totals.get(g.day);
        const daily = total && spec.total(total, noonOf(g.day, offset, ctx.zone), device);
        yield { day: g.day, records: daily ? [...records, daily] : records };
      }
    },
  };
}

/** A daily value that exists only as a rollup (total-calories) or is only needed as a daily total. */
export function rollupOnly(spec: {
  type: DataTypeId;
  scope?: ScopeGroup;
  source: HealthDataType;
  capDays: number;
  toRecords: (r: RollupDataPoint, noonMs: number) => (DataRecord | undefined)[];
}): Collector {
  return {
    type: spec.type,
    scope: spec.scope ?? 'activity',
    sources: [spec.source],
    mode: 'range',
    plan: (from, to) => rollupPlan(spec.source, from, to, spec.capDays),
    async *collect(ctx, from, to) {
      const rollups = new RollupDays(ctx, spec.source, from, to, spec.capDays);
      for (const day of daysDescending(from, to)) {
        const r = await rollups.get(day);
        yield { day, records: r ? spec.toRecords(r, noonInZone(day, ctx.zone)).filter(defined) : [] };
      }
    },
  };
}

/** The civil day of a `daily-*` point (its `date` is already the user's civil day). */
export function dailyDay(point: HealthDataPoint, key: string): CivilDay | undefined {
  const p = payload(point, key);
  const date = obj(p?.date) ?? obj(point.date);
  return civilDateString(date as { year: number; month: number; day: number } | undefined);
}

/** Normaliser for a `daily-*` type: one record at noon of its date (fallback zone; the date carries no offset). */
export function dailyNormaliser(
  key: string,
  zone: string,
  toRecord: (p: Record<string, unknown>, noonMs: number, device: string) => DataRecord | undefined,
): (point: HealthDataPoint) => DayItem<DataRecord>[] {
  return (point) => {
    const p = payload(point, key);
    const day = dailyDay(point, key);
    if (!p || day === undefined) return [];
    const r = toRecord(p, noonInZone(day, zone), deviceTag(point.dataSource));
    return r ? [{ day, item: r }] : [];
  };
}

/** Normaliser for a sample type: one record at the sample instant, on the sample's own civil day. */
export function sampleNormaliser(
  key: string,
  zone: string,
  toRecord: (p: Record<string, unknown>, stamp: Stamp, point: HealthDataPoint) => DataRecord | undefined,
): (point: HealthDataPoint) => DayItem<DataRecord>[] {
  return (point) => {
    const p = payload(point, key);
    const stamp = p && sampleStamp(p.sampleTime, zone);
    if (!p || !stamp) return [];
    const r = toRecord(p, stamp, point);
    return r ? [{ day: stamp.day, item: r }] : [];
  };
}

/** Yields grouped records as day batches (late groups as merges). */
export async function* asBatches(
  groups: AsyncIterable<{ day: CivilDay; items: DataRecord[]; late: boolean }>,
): AsyncGenerator<DayBatch> {
  for await (const g of groups)
    yield g.late ? { day: g.day, records: g.items, mode: 'merge' } : { day: g.day, records: g.items };
}

/** A collector reading one `daily-*` or sample type through reconcile. */
export function singleStream(spec: {
  type: DataTypeId;
  scope: ScopeGroup;
  source: HealthDataType;
  kind: 'daily' | 'sample';
  normaliser: (ctx: CollectContext) => (point: HealthDataPoint) => DayItem<DataRecord>[];
  /** Cheap change check through a daily rollup of this cap (dense samples: heart rate). */
  checkRollupCapDays?: number;
}): Collector {
  const cap = spec.checkRollupCapDays;
  return {
    type: spec.type,
    scope: spec.scope,
    sources: [spec.source],
    mode: 'range',
    plan: (from, to) => [reconcilePlan(spec.source, spec.kind, from, to)],
    collect: (ctx, from, to) =>
      asBatches(reconcileByDay(ctx, spec.source, spec.kind, from, to, spec.normaliser(ctx))),
    ...(cap === undefined
      ? {}
      : {
          check: (ctx: CollectContext, from: CivilDay, to: CivilDay) =>
            rollupFingerprints(ctx, spec.source, from, to, cap),
        }),
  };
}

/** What a one-type collector reads: its data type, consent scope, API source and payload key. */
interface OneTypeSpec {
  type: DataTypeId;
  scope: ScopeGroup;
  source: HealthDataType;
  /** camelCase payload key of the data point (`dailyVo2Max`). */
  key: string;
}

/** A collector for one `daily-*` type: each point becomes one record at noon of its date. */
export function dailyCollector(
  spec: OneTypeSpec & {
    toRecord: (p: Record<string, unknown>, noonMs: number, device: string) => DataRecord | undefined;
  },
): Collector {
  return singleStream({
    ...spec,
    kind: 'daily',
    normaliser: (ctx) => dailyNormaliser(spec.key, ctx.zone, spec.toRecord),
  });
}

/** A collector for one sample type: each point becomes one record at its instant. */
export function sampleCollector(
  spec: OneTypeSpec & {
    toRecord: (p: Record<string, unknown>, stamp: Stamp, point: HealthDataPoint) => DataRecord | undefined;
    checkRollupCapDays?: number;
  },
): Collector {
  return singleStream({
    ...spec,
    kind: 'sample',
    normaliser: (ctx) => sampleNormaliser(spec.key, ctx.zone, spec.toRecord),
  });
}

/**
 * A daily summary type plus its samples (HRV, SpO2): the daily points (one per day, one page for
 * the whole range) are read first, then the samples stream and each day is yielded with both.
 */
export function dailyPlusSamples(spec: {
  type: DataTypeId;
  daily: {
    source: HealthDataType;
    normaliser: (ctx: CollectContext) => (point: HealthDataPoint) => DayItem<DataRecord>[];
  };
  samples: {
    source: HealthDataType;
    normaliser: (ctx: CollectContext) => (point: HealthDataPoint) => DayItem<DataRecord>[];
  };
}): Collector {
  return {
    type: spec.type,
    scope: 'metrics',
    sources: [spec.daily.source, spec.samples.source],
    mode: 'range',
    plan: (from, to) => [
      reconcilePlan(spec.daily.source, 'daily', from, to),
      reconcilePlan(spec.samples.source, 'sample', from, to),
    ],
    async *collect(ctx, from, to) {
      const daily = await reconcileAll(ctx, spec.daily.source, 'daily', from, to, spec.daily.normaliser(ctx));
      for await (const g of reconcileByDay(
        ctx,
        spec.samples.source,
        'sample',
        from,
        to,
        spec.samples.normaliser(ctx),
      )) {
        if (g.late) {
          yield { day: g.day, records: g.items, mode: 'merge' };
          continue;
        }
        yield { day: g.day, records: [...(daily.get(g.day) ?? []), ...g.items] };
      }
    },
  };
}
