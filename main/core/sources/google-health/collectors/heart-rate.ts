/** HeartRate_Intraday: every heart-rate sample (`reconcile`, bpm as an int64 string) at its instant. */
import { M } from '../../../model/data-types.js';
import { makeRecord } from '../../../model/record.js';
import { sampleCollector } from './factories.js';
import type { Collector } from './types.js';
import { deviceTag, num } from './values.js';

export const heartRateCollector: Collector = sampleCollector({
  type: 'heart-rate',
  scope: 'metrics',
  source: 'heart-rate',
  key: 'heartRate',
  // ~33k samples a day fill 7 pages: a daily rollup (avg/min/max, 14-day cap) says whether a day changed.
  checkRollupCapDays: 14,
  toRecord: (p, stamp, point) =>
    makeRecord(
      M.heartRate,
      stamp.ms,
      { Device: deviceTag(point.dataSource) },
      { value: num(p.beatsPerMinute) },
    ),
});
