/** The synthetic export is deterministic and carries the traps of real exports the importer must handle. */
import { createHash } from 'node:crypto';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../../main/core/app/session.js';
import { runDemo } from '../../../main/core/app/demo.js';
import { demoZones } from '../../../main/core/demo/demo-zones.js';
import { silentLogger } from '../../../main/core/log.js';
import {
  generateSyntheticTakeout,
  type SyntheticTakeout,
} from '../../../main/core/demo/synthetic-takeout.js';
import { walkFolder } from '../../../main/core/sources/takeout/input-folder.js';
import { Archive } from '../../../main/core/store/archive.js';
import { tempDir } from '../sources/takeout/fixture.js';

let dir = '';
let gen: SyntheticTakeout;
const opts = (outDir: string) => ({
  seed: 9,
  startDay: '2025-03-20',
  days: 30,
  zones: demoZones('2025-03-20', 30),
  outDir,
  heartRateSeconds: 30,
  legacyJsonDays: 3,
});

async function treeHash(root: string): Promise<string> {
  const h = createHash('sha256');
  for (const f of await walkFolder(root)) {
    h.update(f.rel);
    h.update(await readFile(join(root, f.rel)));
  }
  return h.digest('hex');
}

beforeAll(async () => {
  dir = await tempDir('syncbit-gen-');
  gen = await generateSyntheticTakeout(opts(join(dir, 'a')));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const read = (rel: string): Promise<string> =>
  readFile(join(gen.inputs[0]!, 'Takeout', 'Fitbit', rel), 'utf8');

describe('synthetic Takeout', () => {
  it('is byte-identical for the same seed and differs for another', async () => {
    const again = await generateSyntheticTakeout(opts(join(dir, 'b')));
    expect(await treeHash(again.inputs[0]!)).toBe(await treeHash(gen.inputs[0]!));
    const other = await generateSyntheticTakeout({ ...opts(join(dir, 'c')), seed: 10 });
    expect(await treeHash(other.inputs[0]!)).not.toBe(await treeHash(gen.inputs[0]!));
  });

  it('records the DST change and the trip in the sleep log offsets', async () => {
    const sleeps = await read('Health Fitness Data_GoogleData/UserSleeps_2025-04-01.csv');
    expect(sleeps).toContain(',-04:00,');
    expect(sleeps).toContain(',+01:00,');
    const march = await read('Health Fitness Data_GoogleData/UserSleeps_2025-03-01.csv');
    expect(march).toContain(',+00:00,');
  });

  it('writes sentinels, placeholders, empty files and decoys', async () => {
    expect(gen.truth.spo2Sentinels).toBeGreaterThan(0);
    expect(await read(`Physical Activity_GoogleData/heart_rate_${gen.truth.notWornUtcDay!}.csv`)).toBe(
      'no data',
    );
    expect(await read('Physical Activity_GoogleData/calories_in.csv')).toBe(
      'timestamp,calories,data source\n',
    );
    const rhr = JSON.parse(await read('Global Export Data/resting_heart_rate-2025-04-01.json')) as {
      value: { date: string | null };
    }[];
    expect(rhr.some((r) => r.value.date === null)).toBe(true);
    const hfd = await readdir(join(gen.inputs[0]!, 'Takeout', 'Fitbit', 'Health Fitness Data_GoogleData'));
    expect(hfd.some((n) => n.startsWith('UserActivityProbabilities'))).toBe(true);
    expect(hfd.some((n) => n.startsWith('UserSensorCompressionToken'))).toBe(true);
    const steps = await read('Physical Activity_GoogleData/steps/steps_2025-03-01.csv');
    expect(steps).toContain(',Pixel 8\n');
    expect(steps).toContain(',Charge 6\n');
  });
});

describe('runDemo', () => {
  it('generates and imports into the archive of a data directory; a second run changes nothing', async () => {
    const dataDir = join(dir, 'data');
    const core = await openSession({ env: {}, log: silentLogger, dataDir });
    const first = await runDemo(core, { days: 20, heartRateSeconds: 120, startDay: '2025-03-20' });
    expect(first.report.corruptFiles).toEqual([]);
    expect(first.daysWritten).toBeGreaterThanOrEqual(20);
    const archive = await Archive.open(dataDir);
    expect(archive.days().length).toBeGreaterThanOrEqual(20);
    const second = await runDemo(core, { days: 20, heartRateSeconds: 120, startDay: '2025-03-20' });
    expect(second.daysWritten).toBe(0);
  });
});
