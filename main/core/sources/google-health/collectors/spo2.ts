/**
 * SpO2: the nightly summary (`daily-oxygen-saturation` → SPO2_Daily avg, min, max) and the samples
 * (`oxygen-saturation` → SPO2_Intraday value), percentages 0–100.
 */
import { M } from '../../../model/data-types.js';
import { makeRecord } from '../../../model/record.js';
import { dailyNormaliser, dailyPlusSamples, sampleNormaliser } from './factories.js';
import type { Collector } from './types.js';
import { deviceTag, num } from './values.js';

export const spo2Collector: Collector = dailyPlusSamples({
  type: 'spo2',
  daily: {
    source: 'daily-oxygen-saturation',
    normaliser: (ctx) =>
      dailyNormaliser('dailyOxygenSaturation', ctx.zone, (p, noon, device) =>
        makeRecord(
          M.spo2Daily,
          noon,
          { Device: device },
          {
            avg: num(p.averagePercentage),
            min: num(p.lowerBoundPercentage),
            max: num(p.upperBoundPercentage),
          },
        ),
      ),
  },
  samples: {
    source: 'oxygen-saturation',
    normaliser: (ctx) =>
      sampleNormaliser('oxygenSaturation', ctx.zone, (p, stamp, point) =>
        makeRecord(
          M.spo2Intraday,
          stamp.ms,
          { Device: deviceTag(point.dataSource) },
          { value: num(p.percentage) },
        ),
      ),
  },
});
