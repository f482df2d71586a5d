/**
 * Active minutes by intensity (`active-minutes` rollup, 14-day cap) and Active Zone Minutes
 * (`active-zone-minutes` rollup). LIGHT/MODERATE/VIGOROUS map to Fitbit's lightly/fairly/very active.
 */
import { M } from '../../../model/data-types.js';
import { makeRecord } from '../../../model/record.js';
import { rollupOnly } from './factories.js';
import type { Collector } from './types.js';
import { arr, num, obj } from './values.js';

const NO_DEVICE = { Device: 'unknown' };
const LEVEL_MEASUREMENT: Readonly<Record<string, string>> = {
  LIGHT: M.minutesLightlyActive,
  MODERATE: M.minutesFairlyActive,
  VIGOROUS: M.minutesVeryActive,
};

/** Activity-minutes{LightlyActive,FairlyActive,VeryActive}. */
export const activeMinutesCollector: Collector = rollupOnly({
  type: 'active-minutes',
  source: 'active-minutes',
  capDays: 14,
  toRecords: (r, noon) =>
    arr(obj(r.activeMinutes)?.activeMinutesRollupByActivityLevel).map((entry) => {
      const e = obj(entry);
      const m = typeof e?.activityLevel === 'string' ? LEVEL_MEASUREMENT[e.activityLevel] : undefined;
      return m === undefined
        ? undefined
        : makeRecord(m, noon, NO_DEVICE, { value: num(e?.activeMinutesSum) });
    }),
});

/** ActiveZoneMinutes: fatBurn, cardio, peak and their total (AZM, already weighted 1×/2× by the API). */
export const activeZoneMinutesCollector: Collector = rollupOnly({
  type: 'active-zone-minutes',
  source: 'active-zone-minutes',
  capDays: 90,
  toRecords: (r, noon) => {
    const a = obj(r.activeZoneMinutes);
    const fatBurn = num(a?.sumInFatBurnHeartZone) ?? 0;
    const cardio = num(a?.sumInCardioHeartZone) ?? 0;
    const peak = num(a?.sumInPeakHeartZone) ?? 0;
    if (!a) return [];
    return [makeRecord(M.azm, noon, NO_DEVICE, { fatBurn, cardio, peak, total: fatBurn + cardio + peak })];
  },
});
