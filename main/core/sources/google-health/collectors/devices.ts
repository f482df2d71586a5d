/**
 * Paired devices (`users.pairedDevices.list`, settings scope): battery level (and status) and last
 * sync time, stamped at the device's last sync (so repeated syncs observe the same instant and merge
 * into one record) or at "now" when the device reports no sync time. `lastSyncTime` is often absent
 * live (§6.7): a tracker's last sync is then the newest heart-rate point (one request), tagged
 * `LastSyncFrom: newest-data-point` so nobody mistakes it for Google's figure. Observations
 * accumulate (merge mode).
 */
import { addDays, civilDayInZone } from '../../../model/civil-day.js';
import { M } from '../../../model/data-types.js';
import { makeRecord, type CivilDay, type DataRecord } from '../../../model/record.js';
import type { PairedDevice } from '../api-types.js';
import { physicalRangeFilter } from '../filters.js';
import { checkAbort } from './streams.js';
import type { CollectContext, Collector } from './types.js';
import { instant, num, obj, payload } from './values.js';

/** Tag value of a last-sync figure that is the newest data point's time, not Google's lastSyncTime. */
export const NEWEST_DATA_POINT = 'newest-data-point';

/**
 * The newest heart-rate sample of the last 2 days: from the archive when the sync has one (the
 * heart-rate type ran earlier in the same tick, so it is current, and a steady-state tick stays at
 * one request per type), else one request (reconcile is newest first: one point).
 */
async function newestDataPoint(ctx: CollectContext): Promise<number | undefined> {
  if (ctx.archivedDay !== undefined) {
    const today = civilDayInZone(ctx.now, ctx.zone);
    let newest: number | undefined;
    for (const day of [addDays(today, -1), today, addDays(today, 1)])
      for (const r of await ctx.archivedDay(day)) {
        if (r.measurement !== M.heartRate) continue;
        const t = Date.parse(r.time);
        const recent = t >= ctx.now - 2 * 86_400_000 && t <= ctx.now + 60_000;
        if (recent && (newest === undefined || t > newest)) newest = t;
      }
    return newest;
  }
  const page = await ctx.api.reconcile('heart-rate', {
    filter: physicalRangeFilter('heart-rate', 'sample', ctx.now - 2 * 86_400_000, ctx.now + 60_000),
    pageSize: 1,
  });
  const p = page.dataPoints[0];
  return p === undefined ? undefined : instant(obj(payload(p, 'heartRate')?.sampleTime)?.physicalTime);
}

/** Records of one paired device with the civil day (fallback zone) they fall on. */
export function normaliseDevice(
  d: PairedDevice,
  now: number,
  zone: string,
  newestData?: number,
): { day: CivilDay; records: DataRecord[] } {
  const display = (d.displayName ?? '').trim();
  const id = d.name?.split('/').at(-1) ?? display;
  const tags = {
    Device: display === '' ? 'unknown' : display,
    DeviceId: id === '' ? 'unknown' : id,
    DeviceType: d.deviceType ?? 'unknown',
    ...(typeof d.batteryStatus === 'string' ? { BatteryStatus: d.batteryStatus } : {}),
  };
  const reported = instant(d.lastSyncTime);
  const estimated = reported === undefined && d.deviceType === 'TRACKER' ? newestData : undefined;
  const lastSync = reported ?? estimated;
  const at = lastSync ?? now;
  const records = [
    makeRecord(M.deviceBattery, at, tags, { value: num(d.batteryPercentage) ?? num(d.batteryLevel) }),
    lastSync === undefined
      ? undefined
      : makeRecord(
          M.deviceLastSync,
          at,
          estimated === undefined ? tags : { ...tags, LastSyncFrom: NEWEST_DATA_POINT },
          { value: Math.floor(lastSync / 1000) },
        ),
  ].filter((r): r is DataRecord => r !== undefined);
  return { day: civilDayInZone(at, zone), records };
}

export const devicesCollector: Collector = {
  type: 'devices',
  scope: 'settings',
  sources: ['pairedDevices'],
  mode: 'snapshot',
  plan: (from, to) => [{ method: 'listPairedDevices', source: 'pairedDevices', from, to, pageSize: 100 }],
  async *collect(ctx) {
    const devices = await ctx.api.listPairedDevices();
    checkAbort(ctx.signal);
    const needsEstimate = devices.some(
      (d) => d.deviceType === 'TRACKER' && instant(d.lastSyncTime) === undefined,
    );
    const newest = needsEstimate ? await newestDataPoint(ctx).catch(() => undefined) : undefined;
    checkAbort(ctx.signal);
    const byDay = new Map<CivilDay, DataRecord[]>();
    for (const d of devices) {
      const { day, records } = normaliseDevice(d, ctx.now, ctx.zone, newest);
      byDay.set(day, [...(byDay.get(day) ?? []), ...records]);
    }
    for (const day of [...byDay.keys()].sort().reverse())
      yield { day, records: byDay.get(day) ?? [], mode: 'merge' };
  },
};
