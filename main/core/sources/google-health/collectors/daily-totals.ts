/**
 * Daily totals that SyncBit keeps only as one value per day, read with `dailyRollUp`:
 * calories (total-calories, BMR included, 14-day cap), floors, and elevation (altitude gain, mm → m).
 */
import { M } from '../../../model/data-types.js';
import { makeRecord } from '../../../model/record.js';
import { rollupOnly } from './factories.js';
import type { Collector } from './types.js';
import { num, obj, round } from './values.js';

/** The rollup carries no device, so daily totals are tagged `unknown`. */
const NO_DEVICE = { Device: 'unknown' };

/** Activity-calories: total kcal including BMR (`total-calories` exists only as a rollup, capped at 14 days). */
export const caloriesCollector: Collector = rollupOnly({
  type: 'calories',
  source: 'total-calories',
  capDays: 14,
  toRecords: (r, noon) => [
    makeRecord(M.calories, noon, NO_DEVICE, { value: round(num(obj(r.totalCalories)?.kcalSum), 3) }),
  ],
});

/** Activity-floors. */
export const floorsCollector: Collector = rollupOnly({
  type: 'floors',
  source: 'floors',
  capDays: 90,
  toRecords: (r, noon) => [makeRecord(M.floors, noon, NO_DEVICE, { value: num(obj(r.floors)?.countSum) })],
});

/** Activity-elevation: metres climbed (altitude gain arrives in mm). */
export const elevationCollector: Collector = rollupOnly({
  type: 'elevation',
  source: 'altitude',
  capDays: 90,
  toRecords: (r, noon) => {
    const mm = num(obj(r.altitude)?.gainMillimetersSum);
    return [
      makeRecord(M.elevation, noon, NO_DEVICE, { value: round(mm === undefined ? undefined : mm / 1000, 3) }),
    ];
  },
});
