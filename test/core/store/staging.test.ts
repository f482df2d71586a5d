import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { SyncBitError } from '../../../main/core/errors.js';
import { describe, expect, it } from 'vitest';
import { makeRecord, type DataRecord } from '../../../main/core/model/record.js';
import { Archive } from '../../../main/core/store/archive.js';
import { dataPaths } from '../../../main/core/store/paths.js';
import { DayStaging } from '../../../main/core/store/staging.js';
import { useTmpDirs } from '../../helpers/tmp-dir.js';

const tmp = useTmpDirs();
const hr = (ms: number, v: number): DataRecord =>
  makeRecord('HeartRate_Intraday', ms, { Device: 'd' }, { value: v }) as DataRecord;

describe('import staging', () => {
  it('stops the import with a typed error when the staging folder cannot be written (e.g. a full disk)', async () => {
    const dir = await tmp();
    const staging = await DayStaging.create(dir, { spillThreshold: 2 });
    await mkdir(dataPaths(dir).stateDir, { recursive: true });
    await writeFile(dataPaths(dir).stagingDir, 'a file where the staging folder should be');
    const t = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 3; i++) await staging.add('2026-01-01', 'heart-rate', hr(t + i * 1000, 60));
    await expect(staging.flush()).rejects.toBeInstanceOf(SyncBitError);
    expect(() => staging.add('2026-01-01', 'heart-rate', hr(t, 61))).toThrow(SyncBitError);
  });

  it('spills to disk past its threshold and still merges every record into the right day', async () => {
    const dir = await tmp();
    const staging = await DayStaging.create(dir, { spillThreshold: 100 });
    const start = Date.parse('2026-01-01T00:00:00Z');
    let spills = 0;
    for (let i = 0; i < 3 * 1440; i++) {
      const p = staging.add(
        new Date(start + i * 60_000).toISOString().slice(0, 10),
        'heart-rate',
        hr(start + i * 60_000, 60 + (i % 40)),
      );
      if (p) {
        spills++;
        await p;
      }
    }
    staging.touch('2026-01-04', 'heart-rate');
    expect(spills).toBeGreaterThan(10);
    const archive = await Archive.open(dir);
    const results = await staging.finish(archive, { mode: 'merge' });
    expect(results.map((r) => r.day)).toEqual(['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04']);
    expect(results[3]?.changed).toBe(false); // touched but empty: nothing written
    for (const day of ['2026-01-01', '2026-01-02', '2026-01-03'])
      expect(await archive.readDay(day)).toHaveLength(1440);
    expect(await readdir(dataPaths(dir).stateDir).catch(() => [])).not.toContain('staging');
  });

  it('lets the later copy of the same sample win on a fresh day, across a spill and the memory buffer', async () => {
    const dir = await tmp();
    const staging = await DayStaging.create(dir, { spillThreshold: 2 });
    const t = Date.parse('2026-02-01T08:00:00Z');
    await staging.add('2026-02-01', 'heart-rate', hr(t, 60));
    await staging.add('2026-02-01', 'heart-rate', hr(t + 1000, 61));
    await staging.flush(); // the first copy of sample t is now on disk
    await staging.add('2026-02-01', 'heart-rate', hr(t, 99)); // a newer export's copy, still in memory
    const archive = await Archive.open(dir);
    await staging.finish(archive, { mode: 'merge' });
    const values = (await archive.readDay('2026-02-01')).map((r) => [r.time, r.fields.value]);
    expect(values).toEqual([
      ['2026-02-01T08:00:00Z', 99],
      ['2026-02-01T08:00:01Z', 61],
    ]);
  });

  it('discards a crashed run’s staging folder when the next import starts', async () => {
    const dir = await tmp();
    const crashed = await DayStaging.create(dir, { spillThreshold: 1 });
    await crashed.add('2026-01-01', 'heart-rate', hr(Date.parse('2026-01-01T00:00:00Z'), 1));
    await crashed.flush();
    expect(await readdir(dataPaths(dir).stagingDir)).toHaveLength(1);
    await DayStaging.create(dir);
    expect(await readdir(dataPaths(dir).stagingDir).catch(() => [])).toHaveLength(0);
  });
});
