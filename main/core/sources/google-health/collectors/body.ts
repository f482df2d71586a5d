/** Weigh-ins (`weight`, grams → Weight.weight_kg) and body fat (`body-fat` → BodyFat.value %), at their instants. */
import { M } from '../../../model/data-types.js';
import { makeRecord } from '../../../model/record.js';
import { sampleCollector } from './factories.js';
import type { Collector } from './types.js';
import { num, round, sourceTag } from './values.js';

export const weightCollector: Collector = sampleCollector({
  type: 'weight',
  scope: 'metrics',
  source: 'weight',
  key: 'weight',
  toRecord: (p, stamp, point) => {
    const g = num(p.weightGrams);
    return makeRecord(
      M.weight,
      stamp.ms,
      { Source: sourceTag(point.dataSource) },
      { weight_kg: round(g === undefined ? undefined : g / 1000, 4) },
    );
  },
});

export const bodyFatCollector: Collector = sampleCollector({
  type: 'body-fat',
  scope: 'metrics',
  source: 'body-fat',
  key: 'bodyFat',
  toRecord: (p, stamp, point) =>
    makeRecord(M.bodyFat, stamp.ms, { Source: sourceTag(point.dataSource) }, { value: num(p.percentage) }),
});
