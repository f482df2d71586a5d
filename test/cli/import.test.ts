import { createHash } from 'node:crypto';
import { readFile, readdir, writeFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { demoZones } from '../../main/core/demo/demo-zones.js';
import { generateSyntheticTakeout } from '../../main/core/demo/synthetic-takeout.js';
import { recordKey, type DataRecord } from '../../main/core/model/record.js';
import { runCli } from '../helpers/run-cli.js';
import { useTmpDirs } from '../helpers/tmp-dir.js';

const tmp = useTmpDirs();

async function archiveFingerprint(dataDir: string): Promise<Record<string, string>> {
  const dir = join(dataDir, 'archive');
  const out: Record<string, string> = {};
  for (const f of (await readdir(dir)).filter((n) => n.endsWith('.json.gz')).sort()) {
    out[f] = createHash('sha256')
      .update(await readFile(join(dir, f)))
      .digest('hex');
  }
  return out;
}

async function exportOf(days: number, startDay: string, format: 'zip' | 'tgz' | 'folder'): Promise<string[]> {
  const gen = await generateSyntheticTakeout({
    seed: 7,
    startDay,
    days,
    zones: demoZones(startDay, days),
    outDir: join(await tmp(), 'export'),
    format,
    heartRateSeconds: 60,
  });
  return gen.inputs;
}

describe('syncbit import (end to end through the CLI)', () => {
  it('imports an export, reports per family, and a re-import changes no byte', async () => {
    const inputs = await exportOf(12, '2026-03-20', 'zip'); // spans the March DST change
    const env = { SYNCBIT_DATA_DIR: await tmp(), SYNCBIT_SECRETS_DIR: '/nonexistent' };
    const first = await runCli(['import', ...inputs], env);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/heart_rate/);
    expect(first.out).toMatch(/Archive: \d+ of \d+ days changed/);
    // Progress names bytes and families done (the ETA appears once the rate says something).
    expect(first.err).toMatch(/reading… 100% \(\d+\/\d+ MB, \d+\/\d+ files, (\d+)\/\1 families/);
    expect(first.out).toMatch(/Day boundary: .*moves once, for every family alike/);
    const before = await archiveFingerprint(env.SYNCBIT_DATA_DIR);
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(12);

    const again = await runCli(['import', ...inputs], env);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/Archive: 0 of \d+ days changed/);
    expect(await archiveFingerprint(env.SYNCBIT_DATA_DIR)).toEqual(before);

    const status = JSON.parse((await runCli(['status', '--json'], env)).out) as {
      types: { type: string; daysPresent: number }[];
    };
    expect(status.types.find((t) => t.type === 'heart-rate')?.daysPresent).toBeGreaterThanOrEqual(12);
    expect(status.types.find((t) => t.type === 'sleep')?.daysPresent).toBeGreaterThanOrEqual(10);
  });

  it('merges an overlapping newer export without duplicating a single sample', async () => {
    const env = { SYNCBIT_DATA_DIR: await tmp(), SYNCBIT_SECRETS_DIR: '/nonexistent' };
    expect((await runCli(['import', ...(await exportOf(8, '2026-05-01', 'tgz'))], env)).code).toBe(0);
    expect((await runCli(['import', ...(await exportOf(8, '2026-05-05', 'folder'))], env)).code).toBe(0);
    const dir = join(env.SYNCBIT_DATA_DIR, 'archive');
    const files = (await readdir(dir)).filter((n) => n.endsWith('.json.gz'));
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const f of files) {
      const records = JSON.parse(gunzipSync(await readFile(join(dir, f))).toString()) as DataRecord[];
      const keys = records.map(recordKey);
      expect(new Set(keys).size, f).toBe(keys.length);
    }
  });

  it('names a corrupt file with its line, imports the rest, and exits non-zero', async () => {
    const inputs = await exportOf(3, '2026-06-01', 'folder');
    const root = inputs[0] as string;
    const csvDir = join(root, 'Takeout', 'Fitbit', 'Physical Activity_GoogleData');
    const hrFile = (await readdir(csvDir, { recursive: true })).find((f) =>
      f.includes('heart_rate'),
    ) as string;
    await appendFile(join(csvDir, hrFile), '2026-06-02T10:00:00Z,"unterminated\n');
    await writeFile(join(csvDir, 'steps_2026-06-01.csv'), Buffer.from([0xff, 0xfe, 0x00, 0x01]));
    const env = { SYNCBIT_DATA_DIR: await tmp(), SYNCBIT_SECRETS_DIR: '/nonexistent' };
    const res = await runCli(['import', root], env);
    expect(res.out + res.err).toMatch(/heart_rate[^\n]*:\d+/);
    expect(res.code).toBe(1);
    const status = JSON.parse((await runCli(['status', '--json'], env)).out) as {
      types: { type: string; daysPresent: number }[];
    };
    expect(status.types.find((t) => t.type === 'heart-rate')?.daysPresent).toBeGreaterThanOrEqual(3);
  });

  it('refuses a bad --timezone with an actionable message', async () => {
    const res = await runCli(['import', '/nonexistent.zip', '--timezone', 'Mars/Base'], {
      SYNCBIT_DATA_DIR: await tmp(),
    });
    expect(res.code).not.toBe(0);
    expect(res.err).toMatch(/IANA time zone/);
  });
});
