/**
 * Our series read the way the old SyncBit's documented queries read them (formats.md §1), on the
 * real Victoria Metrics, with a destination configured only after the data arrived (issue 9 §2, §4):
 * the archive is filled first, then VICTORIA_ENDPOINT is set and `status` / `export` run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../main/cli/context.js';
import { run as exportCommand } from '../../main/cli/export.js';
import { run as statusCommand } from '../../main/cli/status.js';
import { silentLogger } from '../../main/core/log.js';
import { M } from '../../main/core/model/data-types.js';
import { legacyActivityFields } from '../../main/core/model/legacy-records.js';
import { makeRecord, type DataRecord } from '../../main/core/model/record.js';
import { Archive } from '../../main/core/store/archive.js';
import { recentDays } from '../core/export/day-fixture.js';
import { duplicatesIn, hasVictoria, startVictoria, type VictoriaServer } from '../harness/victoria-server.js';
import { noteIfNoVictoria } from '../helpers/victoria-suite.js';

noteIfNoVictoria('Victoria Metrics query tests');

const MIN = 60_000;
const HOUR = 60 * MIN;

describe.skipIf(!hasVictoria)('the old SyncBit’s queries over our series (real Victoria Metrics)', () => {
  let vm: VictoriaServer;
  let dir: string;
  const lines: string[] = [];
  const [day] = recentDays(1, 2) as [string];
  const t0 = Date.parse(`${day}T00:00:00Z`);
  beforeAll(async () => {
    vm = await startVictoria();
    dir = await mkdtemp(join(tmpdir(), 'syncbit-vm-queries-'));
    // The archive first, with no destination configured (as after a Takeout import or the demo).
    const archive = await Archive.open(dir);
    const tags = { Device: 'Charge 6' };
    const rec = (
      m: string,
      ms: number,
      fields: Record<string, number>,
      t: Record<string, string> = tags,
    ): DataRecord => makeRecord(m, ms, t, fields) as DataRecord;
    const hr: DataRecord[] = [];
    const steps: DataRecord[] = [];
    const cal: DataRecord[] = [];
    // Worn 08:00-12:00 (heart rate every minute); steps 08:00-08:59 only; not worn after 12:00.
    for (let m = 8 * 60; m < 12 * 60; m++) {
      hr.push(rec(M.heartRate, t0 + m * MIN + 15_000, { value: 70 }));
      cal.push(rec(M.caloriesIntraday, t0 + m * MIN, { value: 1.2 }));
      if (m < 9 * 60) steps.push(rec(M.stepsIntraday, t0 + m * MIN, { value: 80 }));
    }
    await archive.applyDay(day, [
      { type: 'heart-rate', records: hr, mode: 'replace' },
      { type: 'steps', records: [...steps, rec(M.steps, t0 + 12 * HOUR, { value: 4800 })], mode: 'replace' },
      { type: 'calories', records: cal, mode: 'replace' },
      {
        type: 'weight',
        records: [rec(M.weight, t0 + 7 * HOUR, { weight_kg: 72.5 }, { Source: 'Aria' })],
        mode: 'replace',
      },
      {
        type: 'exercise',
        records: [
          makeRecord(
            M.activityRecords,
            t0 + 8 * HOUR,
            { ActivityName: 'Walk' },
            legacyActivityFields({ startMs: t0 + 8 * HOUR, endMs: t0 + 9 * HOUR, steps: 4800 }),
          ) as DataRecord,
        ],
        mode: 'replace',
      },
    ]);
    await archive.flushIndex();
  });
  afterAll(async () => {
    await vm.dispose();
    await rm(dir, { recursive: true, force: true });
  });
  const ctx = (): CliContext => ({
    env: {
      SYNCBIT_DATA_DIR: dir,
      VICTORIA_ENDPOINT: vm.importUrl,
      VICTORIA_USER: vm.user,
      VICTORIA_PASSWORD: vm.password,
      FITBIT_USER_ID: 'q',
    },
    io: { out: (l) => lines.push(l), err: (l) => lines.push(l) },
    log: silentLogger,
    shutdown: new AbortController().signal,
  });

  it('a destination set up after the data arrived shows the archived days pending, then gets them', async () => {
    expect(await statusCommand([], ctx())).toBe(0);
    expect(lines.join('\n')).toContain('Export victoria: 1 pending');
    lines.length = 0;
    expect(await exportCommand([], ctx())).toBe(0); // no --all
    expect(lines.join('\n')).toMatch(/victoria: 1 day\(s\) exported .* 0 pending/);
    const rows = await vm.readStable('{user="q"}', { stableMs: 3_000 });
    expect(duplicatesIn(rows)).toBe(0);
    // Every series carries user and device, weight and exercise included.
    for (const r of rows) {
      expect(r.metric.user, JSON.stringify(r.metric)).toBe('q');
      expect(r.metric.device, JSON.stringify(r.metric)).toMatch(/^[a-z0-9]+$/);
    }
    expect(rows.find((r) => r.metric.__name__ === 'fitbit_weight_kg')?.metric.device).toBe('aria');
    expect(rows.find((r) => r.metric.__name__ === 'fitbit_exercise_steps')?.metric.device).toBe('charge6');
  });

  it('answers fitbit_calories_intraday{device="charge6"}', async () => {
    const res = await vm.query('fitbit_calories_intraday{device="charge6",user="q"}', t0 + 10 * HOUR);
    expect(res).toHaveLength(1);
    expect(Number(res[0]?.value[1])).toBe(1.2);
  });

  it('counts sedentary minutes: zeros while worn, nothing while not worn', async () => {
    const res = await vm.query(
      'count_over_time((fitbit_steps_intraday{user="q"} == 0)[24h])',
      t0 + 23 * HOUR,
    );
    expect(res).toHaveLength(1);
    expect(Number(res[0]?.value[1])).toBeGreaterThan(0);
    // The raw series: one zero per worn minute without steps (09:00-11:59), none after 12:00.
    const [steps] = await vm.exportRaw('fitbit_steps_intraday{user="q"}');
    const zeros = (steps?.samples ?? []).filter(([, v]) => v === 0).map(([ts]) => ts);
    expect(zeros).toHaveLength(180);
    expect(Math.min(...zeros)).toBe(t0 + 9 * HOUR);
    expect(Math.max(...zeros)).toBe(t0 + 12 * HOUR - MIN);
  });

  it('fires the inactivity alert after two worn hours without steps, not while the tracker is off', async () => {
    const alert = 'sum_over_time(fitbit_steps_intraday{user="q"}[2h]) == 0';
    expect(await vm.query(alert, t0 + 11 * HOUR + 30 * MIN)).toHaveLength(1);
    expect(await vm.query(alert, t0 + 9 * HOUR + 30 * MIN)).toHaveLength(0); // steps at 08:00-08:59
    expect(await vm.query(alert, t0 + 14 * HOUR + 30 * MIN)).toHaveLength(0); // not worn since 12:00
  });
});
