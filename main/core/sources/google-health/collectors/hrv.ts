/**
 * HRV: the nightly summary (`daily-heart-rate-variability` → HRV dailyRmssd, deepRmssd) and the
 * 5-minute samples (`heart-rate-variability` → HRV_Intraday rmssd, lf, hf) in milliseconds.
 */
import { M } from '../../../model/data-types.js';
import { makeRecord } from '../../../model/record.js';
import { dailyNormaliser, dailyPlusSamples, sampleNormaliser } from './factories.js';
import type { Collector } from './types.js';
import { deviceTag, num, obj } from './values.js';

export const hrvCollector: Collector = dailyPlusSamples({
  type: 'hrv',
  daily: {
    source: 'daily-heart-rate-variability',
    normaliser: (ctx) =>
      dailyNormaliser('dailyHeartRateVariability', ctx.zone, (p, noon, device) =>
        makeRecord(
          M.hrv,
          noon,
          { Device: device },
          {
            dailyRmssd: num(p.averageHeartRateVariabilityMilliseconds),
            deepRmssd: num(p.deepSleepRootMeanSquareOfSuccessiveDifferencesMilliseconds),
          },
        ),
      ),
  },
  samples: {
    source: 'heart-rate-variability',
    normaliser: (ctx) =>
      sampleNormaliser('heartRateVariability', ctx.zone, (p, stamp, point) => {
        const meta = obj(p.metadata);
        return makeRecord(
          M.hrvIntraday,
          stamp.ms,
          { Device: deviceTag(point.dataSource) },
          {
            rmssd: num(p.rootMeanSquareOfSuccessiveDifferencesMilliseconds),
            lf: num(meta?.lowFrequencyPower),
            hf: num(meta?.highFrequencyPower),
          },
        );
      }),
  },
});
