import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDaemonCommand, intervalMinutes } from '../../../main/cli/daemon.js';
import { createSyncCommand } from '../../../main/cli/sync.js';
import type { CliContext } from '../../../main/cli/context.js';
import { SyncBitError } from '../../../main/core/errors.js';
import { silentLogger } from '../../../main/core/log.js';
import { CoverageStore } from '../../../main/core/store/coverage.js';
import type { SyncSource } from '../../../main/core/app/sync-once.js';
import { MemoryDayStore } from './memory-day-store.js';
import { fixedClock, seededApi } from './fixtures.js';
import type { SimHealthApi } from '../../harness/google-health-sim/in-process.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'syncbit-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function cli(shutdown = new AbortController().signal) {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = {
    env: {},
    io: { out: (l) => out.push(l), err: (l) => err.push(l) },
    log: silentLogger,
    shutdown,
  };
  return { ctx, out, err };
}

async function core(api: SimHealthApi, store = new MemoryDayStore()): Promise<SyncSource> {
  return {
    api,
    store,
    coverage: await CoverageStore.open(dir),
    settings: { backfillDays: 5, finalisationDays: 3, syncIntervalMinutes: 15, timezone: 'Europe/Berlin' },
  };
}

describe('syncbit sync', () => {
  it('syncs the requested types and days and prints a per-type summary (exit 0)', async () => {
    const api = seededApi(10);
    const store = new MemoryDayStore();
    const c = await core(api, store);
    const { ctx, out } = cli();
    const code = await createSyncCommand(() => Promise.resolve(c))(
      ['--types', 'steps,sleep', '--from', '2026-11-01', '--to', '2026-11-12'],
      ctx,
    );
    expect(code).toBe(0);
    expect(out.some((l) => l.startsWith('steps') && l.includes('days fetched'))).toBe(true);
    expect(out.some((l) => l.startsWith('heart-rate'))).toBe(false);
    expect(store.days.has('2026-11-12')).toBe(true);
    expect(store.days.has('2026-11-13')).toBe(false);
  });

  it('exits non-zero with the failing type named when something failed', async () => {
    const api = seededApi(3);
    api.failures.set('sleep', { error: new SyncBitError('network', 'connection reset') });
    const { ctx, out } = cli();
    const code = await createSyncCommand(() => core(api))(['--types', 'steps,sleep'], ctx);
    expect(code).toBe(1);
    expect(out.join('\n')).toMatch(/sleep\s+failed.*connection reset/);
    expect(out.at(-1)).toMatch(/Not synced: sleep/);
  });

  it('rejects bad arguments with an actionable message', async () => {
    const { ctx } = cli();
    const cmd = createSyncCommand(() => core(seededApi(1)));
    await expect(cmd(['--types', 'stepz'], ctx)).rejects.toThrow(/Unknown data type: stepz/);
    await expect(cmd(['--from', '2026-13-01'], ctx)).rejects.toThrow(/YYYY-MM-DD/);
    await expect(cmd(['--from', '2026-11-05', '--to', '2026-11-01'], ctx)).rejects.toThrow(/before/);
  });
});

describe('syncbit daemon', () => {
  it('syncs at once, and on shutdown finishes and exits 0', async () => {
    const api = seededApi(3);
    const store = new MemoryDayStore();
    const c = await core(api, store);
    const stop = new AbortController();
    const { ctx, err } = cli(stop.signal);
    const running = createDaemonCommand(() => Promise.resolve(c), {
      clock: fixedClock('2026-11-20T10:00:00Z'),
    })([], ctx);
    for (let i = 0; i < 200 && !err.some((l) => l.startsWith('Sync finished')); i++)
      await new Promise((r) => setTimeout(r, 10));
    stop.abort();
    expect(await running).toBe(0);
    expect(store.days.size).toBeGreaterThan(0);
    expect(err.some((l) => l.includes('every 15 minutes'))).toBe(true);
    expect(err.at(-1)).toBe('Stopped.');
  });

  it('reads SYNC_INTERVAL_MINUTES and rejects nonsense', () => {
    expect(intervalMinutes({}, 15)).toBe(15);
    expect(intervalMinutes({ SYNC_INTERVAL_MINUTES: '30' }, 15)).toBe(30);
    expect(() => intervalMinutes({ SYNC_INTERVAL_MINUTES: 'soon' }, 15)).toThrow(/SYNC_INTERVAL_MINUTES/);
  });
});
