/**
 * Paired devices (`users.pairedDevices.list`, settings scope): battery level and last sync time,
 * stamped at the device's last sync (so repeated syncs observe the same instant and merge into one
 * record) or at "now" when the device reports no sync time. Observations accumulate (merge mode).
 */
import { civilDayInZone } from '../../../model/civil-day.js';
import { M } from '../../../model/data-types.js';
import { makeRecord, type CivilDay, type DataRecord } from '../../../model/record.js';
import type { PairedDevice } from '../api-types.js';
import { checkAbort } from './streams.js';
import type { Collector } from './types.js';
import { instant, num } from './values.js';

/** Records of one paired device with the civil day (fallback zone) they fall on. */
export function normaliseDevice(
  d: PairedDevice,
  now: number,
  zone: string,
): { day: CivilDay; records: DataRecord[] } {
  const display = (d.displayName ?? '').trim();
  const id = d.name?.split('/').at(-1) ?? display;
  const tags = {
    Device: display === '' ? 'unknown' : display,
    DeviceId: id === '' ? 'unknown' : id,
    DeviceType: d.deviceType ?? 'unknown',
  };
  const lastSync = instant(d.lastSyncTime);
  const at = lastSync ?? now;
  const records = [
    makeRecord(M.deviceBattery, at, tags, { value: num(d.batteryPercentage) ?? num(d.batteryLevel) }),
    lastSync === undefined
      ? undefined
      : makeRecord(M.deviceLastSync, at, tags, { value: Math.floor(lastSync / 1000) }),
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
    const byDay = new Map<CivilDay, DataRecord[]>();
    for (const d of devices) {
      const { day, records } = normaliseDevice(d, ctx.now, ctx.zone);
      byDay.set(day, [...(byDay.get(day) ?? []), ...records]);
    }
    for (const day of [...byDay.keys()].sort().reverse())
      yield { day, records: byDay.get(day) ?? [], mode: 'merge' };
  },
};
