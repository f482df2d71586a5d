import { readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeRecord, type DataRecord } from '../../../main/core/model/record.js';
import { Archive } from '../../../main/core/store/archive.js';
import { dataPaths } from '../../../main/core/store/paths.js';
import { useTmpDirs } from '../../helpers/tmp-dir.js';

const tmp = useTmpDirs();

function hr(iso: string, bpm: number): DataRecord {
  return makeRecord(
    'HeartRate_Intraday',
    Date.parse(iso),
    { Device: 'Charge 6' },
    { value: bpm },
  ) as DataRecord;
}
function steps(day: string, value: number): DataRecord {
  return makeRecord(
    'Activity-steps',
    Date.parse(`${day}T11:00:00Z`),
    { Device: 'Charge 6' },
    { value },
  ) as DataRecord;
}

describe('archive', () => {
  it('writes one gzipped JSON array per civil day in CromWell’s record format', async () => {
    const dir = await tmp();
    const a = await Archive.open(dir);
    await a.applyDay('2026-05-01', [
      {
        type: 'heart-rate',
        records: [hr('2026-05-01T08:00:05Z', 61), hr('2026-05-01T08:00:00Z', 60)],
        mode: 'replace',
      },
      { type: 'steps', records: [steps('2026-05-01', 8432)], mode: 'replace' },
    ]);
    const bytes = await readFile(join(dir, 'archive', 'fitbit_backup_2026-05-01.json.gz'));
    const parsed = JSON.parse(gunzipSync(bytes).toString()) as DataRecord[];
    expect(parsed.map((r) => r.measurement)).toEqual([
      'Activity-steps',
      'HeartRate_Intraday',
      'HeartRate_Intraday',
    ]);
    expect(parsed[1]).toEqual({
      measurement: 'HeartRate_Intraday',
      time: '2026-05-01T08:00:00Z',
      tags: { Device: 'Charge 6' },
      fields: { value: 60 },
    });
    expect(a.series('Activity-steps.value')).toEqual([{ day: '2026-05-01', value: 8432 }]);
  });

  it('re-applying the same data leaves the same bytes and reports no change', async () => {
    const dir = await tmp();
    const a = await Archive.open(dir);
    const update = [
      { type: 'heart-rate' as const, records: [hr('2026-05-01T08:00:00Z', 60)], mode: 'merge' as const },
    ];
    const first = await a.applyDay('2026-05-01', update);
    const path = a.dayPath('2026-05-01');
    const before = await readFile(path);
    const mtime = (await stat(path)).mtimeMs;
    const second = await a.applyDay('2026-05-01', update);
    expect(first.changed).toBe(true);
    expect(second.changed).toBe(false);
    expect(await readFile(path)).toEqual(before);
    expect((await stat(path)).mtimeMs).toBe(mtime);
  });

  it('merge unions by sample (newer value wins) and replace swaps one type only', async () => {
    const a = await Archive.open(await tmp());
    await a.applyDay('2026-05-01', [
      {
        type: 'heart-rate',
        records: [hr('2026-05-01T08:00:00Z', 60), hr('2026-05-01T08:00:05Z', 61)],
        mode: 'merge',
      },
      { type: 'steps', records: [steps('2026-05-01', 100)], mode: 'merge' },
    ]);
    const merged = await a.applyDay('2026-05-01', [
      {
        type: 'heart-rate',
        records: [hr('2026-05-01T08:00:05Z', 70), hr('2026-05-01T08:00:10Z', 72)],
        mode: 'merge',
      },
    ]);
    expect(merged.changedTypes).toEqual(['heart-rate']);
    let day = await a.readDay('2026-05-01');
    expect(day.filter((r) => r.measurement === 'HeartRate_Intraday').map((r) => r.fields.value)).toEqual([
      60, 70, 72,
    ]);
    await a.applyDay('2026-05-01', [
      { type: 'heart-rate', records: [hr('2026-05-01T09:00:00Z', 55)], mode: 'replace' },
    ]);
    day = await a.readDay('2026-05-01');
    expect(day.filter((r) => r.measurement === 'HeartRate_Intraday').map((r) => r.fields.value)).toEqual([
      55,
    ]);
    expect(day.filter((r) => r.measurement === 'Activity-steps')).toHaveLength(1);
  });

  it('keeps records of measurements it does not know when updating a day', async () => {
    const dir = await tmp();
    const a = await Archive.open(dir);
    const foreign = { measurement: 'SomethingNew', time: '2026-05-01T10:00:00Z', tags: {}, fields: { x: 1 } };
    await a.applyDay('2026-05-01', [
      { type: 'steps', records: [steps('2026-05-01', 1), foreign], mode: 'replace' },
    ]);
    await a.applyDay('2026-05-01', [{ type: 'steps', records: [steps('2026-05-01', 2)], mode: 'replace' }]);
    const day = await a.readDay('2026-05-01');
    expect(day.some((r) => r.measurement === 'SomethingNew')).toBe(true);
  });

  it('removes the day file when a replace leaves the day empty', async () => {
    const a = await Archive.open(await tmp());
    await a.applyDay('2026-05-01', [{ type: 'steps', records: [steps('2026-05-01', 1)], mode: 'replace' }]);
    const r = await a.applyDay('2026-05-01', [{ type: 'steps', records: [], mode: 'replace' }]);
    expect(r.changed).toBe(true);
    expect(a.days()).toEqual([]);
    await expect(stat(a.dayPath('2026-05-01'))).rejects.toThrow();
  });

  it('repairs a stale or lost index from the day files on open', async () => {
    const dir = await tmp();
    const a = await Archive.open(dir);
    await a.applyDay('2026-05-01', [
      { type: 'steps', records: [steps('2026-05-01', 5000)], mode: 'replace' },
    ]);
    await a.applyDay('2026-05-02', [
      { type: 'steps', records: [steps('2026-05-02', 6000)], mode: 'replace' },
    ]);
    // crash before the index was flushed: no index at all
    const reopened = await Archive.open(dir);
    expect(reopened.days()).toEqual(['2026-05-01', '2026-05-02']);
    expect(reopened.series('Activity-steps.value').map((p) => p.value)).toEqual([5000, 6000]);
    // an index claiming a day that no longer exists is corrected
    await rm(reopened.dayPath('2026-05-01'));
    const again = await Archive.open(dir);
    expect(again.days()).toEqual(['2026-05-02']);
    const index = JSON.parse(await readFile(dataPaths(dir).archiveIndex, 'utf8')) as {
      days: Record<string, unknown>;
    };
    expect(Object.keys(index.days)).toEqual(['2026-05-02']);
  });

  it('names a corrupt day file instead of crashing, and leaves it for the user', async () => {
    const dir = await tmp();
    const a = await Archive.open(dir);
    await a.applyDay('2026-05-01', [{ type: 'steps', records: [steps('2026-05-01', 1)], mode: 'replace' }]);
    await a.flushIndex();
    await writeFile(a.dayPath('2026-05-03'), 'not gzip');
    const b = await Archive.open(dir);
    await expect(b.readDay('2026-05-03')).rejects.toThrow(/2026-05-03 is corrupt/);
    const rebuilt = await b.rebuildIndex();
    expect(rebuilt.corrupt).toEqual(['2026-05-03']);
    expect(rebuilt.days).toBe(1);
    expect((await readdir(a.dir)).filter((n) => n.endsWith('.gz'))).toHaveLength(2);
  });

  it('sums sleep over all of a day’s sessions for the daily series', async () => {
    const a = await Archive.open(await tmp());
    const main = makeRecord(
      'SleepSummary',
      Date.parse('2026-05-01T22:00:00Z'),
      { Device: 'x', isMainSleep: 'true' },
      { minutesAsleep: 400 },
    );
    const nap = makeRecord(
      'SleepSummary',
      Date.parse('2026-05-02T13:00:00Z'),
      { Device: 'x', isMainSleep: 'false' },
      { minutesAsleep: 30 },
    );
    await a.applyDay('2026-05-02', [{ type: 'sleep', records: [main!, nap!], mode: 'replace' }]);
    expect(a.series('SleepSummary.minutesAsleep')).toEqual([{ day: '2026-05-02', value: 430 }]);
    expect(a.series('SleepSummary.sessions')).toEqual([{ day: '2026-05-02', value: 2 }]);
  });
});
