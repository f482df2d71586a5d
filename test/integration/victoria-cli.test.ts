/** `syncbit export` and `syncbit test-destination victoria` against the real server. */
import { describe, expect, it } from 'vitest';
import { run as exportCommand } from '../../main/cli/export.js';
import { run as testDestination } from '../../main/cli/test-destination.js';
import { makeDayRecords, recentDays, writeArchiveDays } from '../core/export/day-fixture.js';
import { duplicatesIn, hasVictoria } from '../harness/victoria-server.js';
import { cliContext } from '../helpers/cli-context.js';
import { useVictoriaSuite, noteIfNoVictoria } from '../helpers/victoria-suite.js';

noteIfNoVictoria('Victoria Metrics CLI tests');

describe.skipIf(!hasVictoria)('CLI with Victoria Metrics (real server)', () => {
  const suite = useVictoriaSuite('vm-cli');
  const lines: string[] = [];
  const ctx = (env: Record<string, string> = {}) =>
    cliContext(
      {
        SYNCBIT_DATA_DIR: suite.dir,
        VICTORIA_ENDPOINT: suite.vm.importUrl,
        VICTORIA_USER: suite.vm.user,
        VICTORIA_PASSWORD: suite.vm.password,
        FITBIT_USER_ID: 'cli',
        ...env,
      },
      lines,
    );
  const countAll = async () =>
    (await suite.vm.exportRaw('{__name__=~".+"}')).reduce((n, r) => n + r.samples.length, 0);

  it('test-destination reports reachability and credentials and writes no data point', async () => {
    await suite.vm.flush();
    const before = await countAll();
    expect(await testDestination(['victoria'], ctx())).toBe(0);
    expect(lines.join('\n')).toMatch(/OK: Victoria Metrics .* accepts the credentials/);
    expect(lines.join('\n')).toContain('retention: 100y');
    expect(await testDestination(['victoria'], ctx({ VICTORIA_PASSWORD: 'bad' }))).toBe(1);
    expect(lines.join('\n')).toMatch(/FAILED: .*refused the credentials/);
    await suite.vm.flush();
    expect(await countAll()).toBe(before);
  });

  it('export drains now, exits 1 while the destination refuses, and 0 once everything is out', async () => {
    const days = recentDays(2);
    await writeArchiveDays(suite.dir, new Map(days.map((d) => [d, makeDayRecords(d, { dailyOnly: true })])));
    expect(
      await exportCommand(['--all', '--destination', 'victoria'], ctx({ VICTORIA_PASSWORD: 'bad' })),
    ).toBe(1);
    expect(lines.join('\n')).toContain('victoria: 0 day(s) exported');
    expect(lines.join('\n')).toContain('2 pending');
    expect(await exportCommand([], ctx())).toBe(0);
    expect(lines.at(-1) ?? '').toMatch(/victoria: 2 day\(s\) exported .* 0 pending, 0 set aside/);
    const rows = await suite.vm.read('{user="cli"}', 2 * 34); // 34 daily samples per fixture day
    expect(duplicatesIn(rows)).toBe(0);
    expect(rows.find((r) => r.metric.__name__ === 'fitbit_steps_total')?.samples).toHaveLength(2);
  });
});
