/**
 * HR_Zones: minutes per heart-rate zone per day from the `time-in-heart-rate-zone` rollup. Google's
 * LIGHT/MODERATE/VIGOROUS/PEAK zones are written under CromWell's field names
 * (`Out of Range`, `Fat Burn`, `Cardio`, `Peak`) so existing notebooks keep working.
 */
import { M } from '../../../model/data-types.js';
import { makeRecord } from '../../../model/record.js';
import { rollupOnly } from './factories.js';
import type { Collector } from './types.js';
import { arr, durationSeconds, obj, round } from './values.js';

/** Google zone type → CromWell field name. */
export const ZONE_FIELD: Readonly<Record<string, string>> = {
  LIGHT: 'Out of Range',
  MODERATE: 'Fat Burn',
  VIGOROUS: 'Cardio',
  PEAK: 'Peak',
};

/** HR_Zones (minutes per zone). */
export const heartRateZonesCollector: Collector = rollupOnly({
  type: 'heart-rate-zones',
  source: 'time-in-heart-rate-zone',
  capDays: 90,
  toRecords: (r, noon) => {
    const fields: Record<string, number | undefined> = {};
    for (const entry of arr(obj(r.timeInHeartRateZone)?.timeInHeartRateZones)) {
      const e = obj(entry);
      const name = typeof e?.heartRateZone === 'string' ? ZONE_FIELD[e.heartRateZone] : undefined;
      const s = durationSeconds(e?.duration);
      if (name !== undefined && s !== undefined) fields[name] = round((fields[name] ?? 0) + s / 60, 3);
    }
    return [makeRecord(M.hrZones, noon, { Device: 'unknown' }, fields)];
  },
});
