/** HeartRate_Intraday: every heart-rate sample (`reconcile`, bpm as an int64 string) at its instant. */
import { M } from '../../../model/data-types.js';
import { makeRecord } from '../../../model/record.js';
import { sampleNormaliser, singleStream } from './factories.js';
import type { Collector } from './types.js';
import { deviceTag, num } from './values.js';

export const heartRateCollector: Collector = singleStream({
  type: 'heart-rate',
  scope: 'metrics',
  source: 'heart-rate',
  kind: 'sample',
  normaliser: (ctx) =>
    sampleNormaliser('heartRate', ctx.zone, (p, stamp, point) =>
      makeRecord(M.heartRate, stamp.ms, { Device: deviceTag(point.dataSource) }, { value: num(p.beatsPerMinute) }),
    ),
});
