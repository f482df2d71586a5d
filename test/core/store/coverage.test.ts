import { describe, expect, it } from 'vitest';
import { CoverageStore } from '../../../main/core/store/coverage.js';
import { useTmpDirs } from '../../helpers/tmp-dir.js';

const tmp = useTmpDirs();

describe('coverage', () => {
  it('keeps status per type per day across restarts', async () => {
    const dir = await tmp();
    const c = await CoverageStore.open(dir);
    c.recordFetch('steps', '2026-05-01', 'api', 'h1', 1);
    c.recordFetch('steps', '2026-05-02', 'api', undefined, 1);
    c.recordFailure('heart-rate', '2026-05-01', 'api', { code: 'network', message: 'down' }, 2);
    await c.flush();
    const d = await CoverageStore.open(dir);
    expect(d.get('steps', '2026-05-01')?.status).toBe('fetched');
    expect(d.get('steps', '2026-05-02')?.status).toBe('empty');
    expect(d.get('heart-rate', '2026-05-01')).toMatchObject({
      status: 'failed',
      failures: 1,
      error: { code: 'network' },
    });
  });

  it('counts how many fetches in a row returned the same content (finalisation)', async () => {
    const c = await CoverageStore.open(await tmp());
    expect(c.recordFetch('steps', '2026-05-01', 'api', 'a', 1).stableCount).toBe(0);
    expect(c.recordFetch('steps', '2026-05-01', 'api', 'a', 2).stableCount).toBe(1);
    expect(c.recordFetch('steps', '2026-05-01', 'api', 'b', 3).stableCount).toBe(0); // late upload changed it
    c.markFinal('steps', '2026-05-01', 4);
    expect(c.get('steps', '2026-05-01')?.status).toBe('final');
  });

  it('keeps the content hash through a failure so archived data is not forgotten', async () => {
    const c = await CoverageStore.open(await tmp());
    c.recordFetch('sleep', '2026-05-01', 'api', 'abc', 1);
    c.recordFailure('sleep', '2026-05-01', 'api', { code: 'rate-limited', message: '429' }, 2);
    expect(c.get('sleep', '2026-05-01')?.hash).toBe('abc');
  });

  it('reports gaps between the first and last known day', async () => {
    const c = await CoverageStore.open(await tmp());
    for (const d of ['2026-05-01', '2026-05-02', '2026-05-05', '2026-05-08'])
      c.recordFetch('steps', d, 'takeout', 'h', 1);
    c.recordFailure('steps', '2026-05-06', 'api', { code: 'network', message: 'x' }, 1);
    c.recordFetch('steps', '2026-05-07', 'api', undefined, 1);
    const s = c.summary('steps');
    expect(s).toMatchObject({
      firstDay: '2026-05-01',
      lastDay: '2026-05-08',
      daysPresent: 4,
      daysEmpty: 1,
      daysFailed: 1,
    });
    expect(s.gaps).toEqual([
      { from: '2026-05-03', to: '2026-05-04' },
      { from: '2026-05-06', to: '2026-05-06' },
    ]);
  });
});
