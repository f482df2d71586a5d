/**
 * Exercise sessions (`exercise`, reconcile, 25 per page, filtered on civil start time) →
 * ActivityRecords at the start instant on the start's civil day. When the user granted the location
 * scope, each session with GPS is exported as TCX and its trackpoints become GPS records on the
 * same day as the session (so a re-fetch of that day replaces them together).
 */
import { M } from '../../../model/data-types.js';
import { gpsActivityId, legacyActivityFields } from '../../../model/legacy-records.js';
import { makeRecord, type DataRecord } from '../../../model/record.js';
import { SyncBitError } from '../../../errors.js';
import type { HealthDataPoint } from '../api-types.js';
import { defined } from './factories.js';
import { checkAbort, reconcileAll, reconcileByDay, reconcilePlan, type DayItem } from './streams.js';
import { parseTcxTrackpoints } from './tcx.js';
import type { CollectContext, Collector } from './types.js';
import { durationSeconds, intervalEnd, intervalStart, num, obj, payload } from './values.js';

interface ExerciseItem {
  readonly record: DataRecord | undefined;
  readonly name: string | undefined;
  readonly activityId: string;
  readonly hasGps: boolean | undefined;
}

/** The ActivityRecords record of one session, with its civil day. */
export function normaliseExercise(point: HealthDataPoint, zone: string): DayItem<ExerciseItem>[] {
  const e = payload(point, 'exercise');
  const start = e && intervalStart(e.interval, zone);
  if (!e || !start) return [];
  const end = intervalEnd(e.interval, zone);
  const m = obj(e.metricsSummary);
  const distanceMm = num(m?.distanceMillimeters);
  const elevationMm = num(m?.elevationGainMillimeters);
  const name =
    typeof e.displayName === 'string' && e.displayName !== ''
      ? e.displayName
      : typeof e.exerciseType === 'string'
        ? e.exerciseType
        : 'Exercise';
  const record = makeRecord(
    M.activityRecords,
    start.ms,
    { ActivityName: name },
    legacyActivityFields({
      startMs: start.ms,
      endMs: end?.ms,
      activeSeconds: durationSeconds(e.activeDuration),
      calories: num(m?.caloriesKcal),
      steps: num(m?.steps),
      distanceKm: distanceMm === undefined ? undefined : distanceMm / 1_000_000,
      averageHeartRate: num(m?.averageHeartRateBeatsPerMinute),
      elevationGainM: elevationMm === undefined ? undefined : elevationMm / 1000,
      activeZoneMinutes: num(m?.activeZoneMinutes),
    }),
  );
  const meta = obj(e.exerciseMetadata);
  const hasGps = typeof meta?.hasGps === 'boolean' ? meta.hasGps : undefined;
  return [
    {
      day: start.day,
      item: {
        record,
        name: point.name ?? point.dataPointName,
        activityId: gpsActivityId(start.ms, name),
        hasGps,
      },
    },
  ];
}

/** GPS records of one session from its TCX export, tagged with the session's `ActivityID`. */
async function gpsRecords(ctx: CollectContext, name: string, activityId: string): Promise<DataRecord[]> {
  let xml: string;
  try {
    xml = await ctx.api.exportExerciseTcx(name);
  } catch (err) {
    // The location scope can be withdrawn between consent and sync: keep the session, skip its track.
    if (err instanceof SyncBitError && err.code === 'scope-missing') return [];
    throw err;
  }
  checkAbort(ctx.signal);
  return parseTcxTrackpoints(xml)
    .map((p) =>
      makeRecord(
        M.gps,
        p.ms,
        { ActivityID: activityId },
        { lat: p.lat, lon: p.lon, altitude: p.altitude, distance: p.distance, heart_rate: p.heartRate },
      ),
    )
    .filter(defined);
}

export const exerciseCollector: Collector = {
  type: 'exercise',
  scope: 'activity',
  sources: ['exercise'],
  mode: 'range',
  plan: (from, to) => [reconcilePlan('exercise', 'exercise', from, to)],
  // One page of sessions says whether a recent day changed, so unchanged days cost no TCX exports.
  async check(ctx, from, to) {
    const byDay = await reconcileAll(ctx, 'exercise', 'exercise', from, to, (p) =>
      normaliseExercise(p, ctx.zone).map((d) => ({ day: d.day, item: JSON.stringify(p) })),
    );
    return new Map([...byDay].map(([day, items]) => [day, items.sort().join('\n')]));
  },
  async *collect(ctx, from, to) {
    const withGps = ctx.grantedScopes?.has('location') === true;
    for await (const g of reconcileByDay(ctx, 'exercise', 'exercise', from, to, (p) =>
      normaliseExercise(p, ctx.zone),
    )) {
      const records = g.items.map((i) => i.record).filter(defined);
      if (withGps) {
        for (const item of g.items) {
          if (item.name !== undefined && item.hasGps !== false)
            records.push(...(await gpsRecords(ctx, item.name, item.activityId)));
        }
      }
      yield g.late ? { day: g.day, records, mode: 'merge' } : { day: g.day, records };
    }
  },
};
