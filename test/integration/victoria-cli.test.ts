/** `syncbit export` and `syncbit test-destination victoria` against the real server. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../main/cli/context.js';
import { run as exportCommand } from '../../main/cli/export.js';
import { run as testDestination } from '../../main/cli/test-destination.js';
import { silentLogger } from '../../main/core/log.js';
import { makeDayRecords, recentDays, writeArchiveDays } from '../core/export/day-fixture.js';
import { duplicatesIn, hasVictoria, startVictoria, type VictoriaServer } from '../harness/victoria-server.js';

if (!hasVictoria)
  console.warn(
    'SKIPPED: Victoria Metrics CLI tests need /usr/bin/victoria-metrics (apt-get install victoria-metrics).',
  );

describe.skipIf(!hasVictoria)('CLI with Victoria Metrics (real server)', () => {
  let vm: VictoriaServer;
  let dir: string;
  const lines: string[] = [];
  beforeAll(async () => {
    vm = await startVictoria();
    dir = await mkdtemp(join(tmpdir(), 'syncbit-vm-cli-'));
  });
  afterAll(async () => {
    await vm.dispose();
    await rm(dir, { recursive: true, force: true });
  });
  const ctx = (env: Record<string, string> = {}): CliContext => ({
    env: {
      SYNCBIT_DATA_DIR: dir,
      VICTORIA_ENDPOINT: vm.importUrl,
      VICTORIA_USER: vm.user,
      VICTORIA_PASSWORD: vm.password,
      FITBIT_USER_ID: 'cli',
      ...env,
    },
    io: { out: (l) => lines.push(l), err: (l) => lines.push(l) },
    log: silentLogger,
    shutdown: new AbortController().signal,
  });
  const countAll = async () =>
    (await vm.exportRaw('{__name__=~".+"}')).reduce((n, r) => n + r.samples.length, 0);

  it('test-destination reports reachability and credentials and writes no data point', async () => {
    await vm.flush();
    const before = await countAll();
    expect(await testDestination(['victoria'], ctx())).toBe(0);
    expect(lines.join('\n')).toMatch(/OK: Victoria Metrics .* accepts the credentials/);
    expect(lines.join('\n')).toContain('retention: 100y');
    expect(await testDestination(['victoria'], ctx({ VICTORIA_PASSWORD: 'bad' }))).toBe(1);
    expect(lines.join('\n')).toMatch(/FAILED: .*refused the credentials/);
    await vm.flush();
    expect(await countAll()).toBe(before);
  });

  it('export drains now, exits 1 while the destination refuses, and 0 once everything is out', async () => {
    const days = recentDays(2);
    await writeArchiveDays(dir, new Map(days.map((d) => [d, makeDayRecords(d, { dailyOnly: true })])));
    expect(
      await exportCommand(['--all', '--destination', 'victoria'], ctx({ VICTORIA_PASSWORD: 'bad' })),
    ).toBe(1);
    expect(lines.join('\n')).toContain('victoria: 0 day(s) exported');
    expect(lines.join('\n')).toContain('2 pending');
    expect(await exportCommand([], ctx())).toBe(0);
    expect(lines.at(-1) ?? '').toMatch(/victoria: 2 day\(s\) exported .* 0 pending, 0 set aside/);
    const rows = await vm.read('{user="cli"}', 2 * 34); // 34 daily samples per fixture day
    expect(duplicatesIn(rows)).toBe(0);
    expect(rows.find((r) => r.metric.__name__ === 'fitbit_steps_total')?.samples).toHaveLength(2);
  });
});
