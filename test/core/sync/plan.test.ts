import { describe, expect, it } from 'vitest';
import { addDays } from '../../../main/core/model/civil-day.js';
import type { CoverageEntry } from '../../../main/core/store/coverage.js';
import {
  groupRanges,
  needsFetch,
  planSnapshot,
  planType,
  type CoverageView,
} from '../../../main/core/sync/plan.js';
import { rollupBlocks, rollupPlan } from '../../../main/core/sources/google-health/collectors/streams.js';
import { COLLECTORS } from '../../../main/core/sources/google-health/collectors/index.js';

const TODAY = '2026-11-20';
const fetched = (stableCount = 0, extra: Partial<CoverageEntry> = {}): CoverageEntry => ({
  status: 'fetched',
  source: 'api',
  updatedAt: 0,
  hash: 'h',
  stableCount,
  ...extra,
});

function view(map: Record<string, CoverageEntry>): CoverageView {
  return { get: (_t, d) => map[d] };
}

describe('plan', () => {
  it('first sync: the whole window, newest first, as one range', () => {
    const p = planType('steps', view({}), { today: TODAY, backfillDays: 90 });
    expect(p.days).toHaveLength(90);
    expect(p.days[0]).toBe(TODAY);
    expect(p.days.at(-1)).toBe(addDays(TODAY, -89));
    expect(p.ranges).toEqual([{ from: addDays(TODAY, -89), to: TODAY }]);
  });

  it('steady state: only the finalisation window (and today)', () => {
    const cov: Record<string, CoverageEntry> = {};
    for (let i = 0; i < 90; i++)
      cov[addDays(TODAY, -i)] = i > 3 ? fetched(0, { status: 'final' }) : fetched(2);
    const p = planType('steps', view(cov), { today: TODAY, backfillDays: 90, finalisationDays: 3 });
    expect(p.days).toEqual([TODAY, addDays(TODAY, -1), addDays(TODAY, -2), addDays(TODAY, -3)]);
    expect(p.ranges).toEqual([{ from: addDays(TODAY, -3), to: TODAY }]);
  });

  it('re-fetches missing, failed and still-changing days; settled and Takeout days are left alone', () => {
    const o = { today: TODAY, finalisationDays: 3 };
    expect(needsFetch(undefined, '2026-10-01', o)).toBe(true);
    expect(needsFetch(fetched(0, { status: 'failed' }), '2026-10-01', o)).toBe(true);
    expect(needsFetch(fetched(0), '2026-10-01', o)).toBe(true);
    expect(needsFetch(fetched(1), '2026-10-01', o)).toBe(false);
    expect(needsFetch(fetched(0, { status: 'final' }), '2026-10-01', o)).toBe(false);
    expect(needsFetch(fetched(0, { source: 'takeout' }), '2026-10-01', o)).toBe(false);
    expect(needsFetch(fetched(5, { status: 'final' }), TODAY, o)).toBe(true);
    expect(needsFetch(fetched(5, { status: 'final' }), '2026-10-01', { ...o, force: true })).toBe(true);
  });

  it('groups scattered days into few ranges, bridging small gaps', () => {
    const days = ['2026-11-20', '2026-11-19', '2026-11-16', '2026-11-01', '2026-10-31'];
    expect(groupRanges(days, 2)).toEqual([
      { from: '2026-11-16', to: '2026-11-20' },
      { from: '2026-10-31', to: '2026-11-01' },
    ]);
    expect(groupRanges(days, 0)).toHaveLength(3);
  });

  it('honours an explicit --from/--to range and marks settled days outside the window for finalisation', () => {
    const cov = { '2026-11-01': fetched(1), '2026-11-02': fetched(0) };
    const p = planType('steps', view(cov), { today: TODAY, from: '2026-11-01', to: '2026-11-03' });
    expect(p.days).toEqual(['2026-11-03', '2026-11-02']);
    expect(p.finalise).toEqual(['2026-11-01']);
    expect(planSnapshot('devices', { today: TODAY }).ranges).toEqual([{ from: TODAY, to: TODAY }]);
  });

  it('splits rollups at the caps, newest block first', () => {
    expect(rollupBlocks('2026-08-23', TODAY, 90)).toEqual([{ from: '2026-08-23', to: TODAY }]);
    const blocks = rollupBlocks(addDays(TODAY, -89), TODAY, 14);
    expect(blocks).toHaveLength(7);
    expect(blocks[0]).toEqual({ from: addDays(TODAY, -13), to: TODAY });
    expect(blocks.at(-1)).toEqual({ from: addDays(TODAY, -89), to: addDays(TODAY, -84) });
    for (const r of rollupPlan('total-calories', addDays(TODAY, -89), TODAY, 14))
      expect((r.windowSizeDays ?? 0) * r.pageSize).toBeLessThanOrEqual(14);
    // Every collector's plan for 90 days: 14-day-capped types need 7 rollups, reconcile needs one stream per source.
    expect(COLLECTORS.calories.plan(addDays(TODAY, -89), TODAY)).toHaveLength(7);
    expect(COLLECTORS['active-minutes'].plan(addDays(TODAY, -89), TODAY)).toHaveLength(7);
    expect(COLLECTORS.steps.plan(addDays(TODAY, -89), TODAY).map((r) => r.method)).toEqual([
      'reconcile',
      'dailyRollUp',
    ]);
    expect(COLLECTORS.sleep.plan(addDays(TODAY, -89), TODAY)[0]?.pageSize).toBe(25);
  });
});
