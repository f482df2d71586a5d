/**
 * Steps and distance: per-minute intervals from `reconcile` (Steps_Intraday, Distance_Intraday) and
 * the day's total from `dailyRollUp` (Activity-steps, Activity-distance). Distance arrives in mm
 * and is written in km.
 */
import { M } from '../../../model/data-types.js';
import { makeRecord } from '../../../model/record.js';
import { intradayWithTotal } from './factories.js';
import type { Collector } from './types.js';
import { num, obj, round } from './values.js';

const MM_PER_KM = 1_000_000;

/** Steps per minute plus the daily total. */
export const stepsCollector: Collector = intradayWithTotal({
  type: 'steps',
  source: 'steps',
  key: 'steps',
  intraday: (p, stamp, device) =>
    makeRecord(M.stepsIntraday, stamp.ms, { Device: device }, { value: num(p.count) }),
  total: (r, noon, device) =>
    makeRecord(M.steps, noon, { Device: device }, { value: num(obj(r.steps)?.countSum) }),
});

/** Distance per minute plus the daily total, in km. */
export const distanceCollector: Collector = intradayWithTotal({
  type: 'distance',
  source: 'distance',
  key: 'distance',
  intraday: (p, stamp, device) => {
    const mm = num(p.millimeters);
    return makeRecord(
      M.distanceIntraday,
      stamp.ms,
      { Device: device },
      { value: round(mm === undefined ? undefined : mm / MM_PER_KM) },
    );
  },
  total: (r, noon, device) => {
    const mm = num(obj(r.distance)?.millimetersSum);
    return makeRecord(
      M.distance,
      noon,
      { Device: device },
      { value: round(mm === undefined ? undefined : mm / MM_PER_KM) },
    );
  },
});
