/**
 * The fewest API requests a backfill of `from`…`to` can make against a simulator: every reconcile
 * stream's points in the window at the largest page the API serves (the requested size, capped at
 * the simulator's page cap), one call per rollup block and for settings, and one TCX per exercise
 * with GPS. bench:sync and the backfill test compare SyncBit's requests with it.
 */
import { addDays } from '../../../main/core/model/civil-day.js';
import { DATA_TYPE_IDS } from '../../../main/core/model/data-types.js';
import { COLLECTORS } from '../../../main/core/sources/google-health/collectors/index.js';
import type { HealthSimulator } from './index.js';

export function minimumPages(
  state: HealthSimulator['state'],
  from: string,
  to: string,
  pageCap: number,
): number {
  let pages = 1; // settings
  for (const type of DATA_TYPE_IDS) {
    for (const req of COLLECTORS[type].plan(from, to)) {
      if (req.method !== 'reconcile') {
        pages += 1;
        continue;
      }
      let points = 0;
      for (let d = from; d <= to; d = addDays(d, 1)) {
        const day = state.reconciledDay(req.source, d);
        points += day.length;
        if (req.source === 'exercise')
          pages += day.filter(
            (p) =>
              (p.exercise as { exerciseMetadata?: { hasGps?: boolean } } | undefined)?.exerciseMetadata
                ?.hasGps !== false,
          ).length;
      }
      pages += Math.max(1, Math.ceil(points / Math.min(req.pageSize, pageCap)));
    }
  }
  return pages;
}
