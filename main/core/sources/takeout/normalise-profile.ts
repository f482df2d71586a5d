/**
 * `Your Profile` (only the time zone and weight unit are read: they decide how zone-less data is
 * placed) and `Paired Devices/Trackers.csv` (device names, battery, last sync).
 */
import { isValidZone } from '../../model/civil-day.js';
import { M } from '../../model/data-types.js';
import { makeRecord } from '../../model/record.js';
import { readCsvEntry, num, type FamilyProcessor } from './family-io.js';
import type { ImportContext } from './import-context.js';
import { DayResolver, parseUtc } from './time.js';

/** Profile CSV: records the profile time zone (used unless --timezone was given) and weight unit. */
export function profileCsv(ctx: ImportContext, onZone: (zone: string) => void): FamilyProcessor {
  return {
    timeRule: () => 'settings only',
    readFile: (entry, stats) =>
      readCsvEntry(ctx, entry, stats, [], (h) => {
        const zi = h.col('timezone', 'time_zone', 'time zone');
        const wi = h.col('weight_unit', 'weight unit');
        return (row, line) => {
          const zone = zi >= 0 ? (row[zi] ?? '').trim() : '';
          if (zone !== '') {
            if (isValidZone(zone)) onZone(zone);
            else stats.skip(`unknown time zone "${zone}"`, entry.display, line);
          }
          const unit = wi >= 0 ? (row[wi] ?? '').trim() : '';
          if (unit !== '') ctx.weightUnit = unit;
          return undefined;
        };
      }),
  };
}

/** Trackers.csv → device names (the default `Device` tag), DeviceBatteryLevel and DeviceLastSync. */
export function trackersCsv(ctx: ImportContext): FamilyProcessor {
  const pending: { name: string; id: string; type: string; sync: number; battery: number }[] = [];
  return {
    timeRule: () => "last sync instant; civil day from the data's own UTC offset",
    readFile: (entry, stats) =>
      readCsvEntry(ctx, entry, stats, ['devices'], (h) => {
        const ni = h.col('tracker_name', 'device_name', 'name', 'device', 'hardware_version');
        const ii = h.col('tracker_id', 'device_id', 'id');
        const ti = h.col('device_type', 'type');
        const si = h.col('last_sync_date_time', 'last_sync_time', 'last_sync');
        const bi = h.col('batt_level', 'battery_level', 'battery');
        return (row, line) => {
          const name = ni >= 0 ? (row[ni] ?? '').trim() : '';
          if (name === '') {
            stats.skip('tracker without a name', entry.display, line);
            return undefined;
          }
          ctx.trackerNames.add(name);
          if (ctx.defaultDevice === 'unknown') ctx.defaultDevice = name;
          pending.push({
            name,
            id: ii >= 0 ? (row[ii] ?? '').trim() : '',
            type: ti >= 0 ? (row[ti] ?? '').trim() : 'TRACKER',
            sync: si >= 0 ? parseUtc(row[si] ?? '') : Number.NaN,
            battery: bi >= 0 ? num(row[bi]) : Number.NaN,
          });
          return undefined;
        };
      }),
    // Emitted after the offset timeline is known (this runs at the end of the import).
    finish: async (stats) => {
      const resolver = new DayResolver(ctx.timeline);
      for (const d of pending) {
        if (Number.isNaN(d.sync)) continue;
        const tags = { Device: d.name, DeviceId: d.id || d.name, DeviceType: d.type || 'TRACKER' };
        const day = resolver.dayOf(d.sync);
        for (const rec of [
          makeRecord(M.deviceBattery, d.sync, tags, { value: d.battery }),
          makeRecord(M.deviceLastSync, d.sync, tags, { value: Math.floor(d.sync / 1000) }),
        ]) {
          if (!rec) continue;
          const p = ctx.add(stats, day, 'devices', rec);
          if (p) await p;
        }
      }
    },
  };
}
