import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Archive } from '../../../main/core/store/archive.js';
import { canonicalJson } from '../../../main/core/store/day-file.js';
import { makeRecord, type DataRecord } from '../../../main/core/model/record.js';
import { missingZeroStepLines, withZeroStepMinutes } from '../../../main/core/model/worn-minutes.js';

const T0 = Date.parse('2026-11-20T08:00:00Z');
const MIN = 60_000;

function line(m: string, ms: number, value: number, device = 'Charge 6'): string {
  return canonicalJson(makeRecord(m, ms, { Device: device }, { value }) as DataRecord);
}

function day(lines: string[]): string[] {
  return [...lines].sort();
}

describe('zero-step minutes (formats.md §1)', () => {
  // Minutes 0..4 worn (heart rate every 20 s), 5..9 not worn; steps in minutes 1 and 3 only.
  const worn = [0, 1, 2, 3, 4].flatMap((m) =>
    [0, 20, 40].map((s) => line('HeartRate_Intraday', T0 + m * MIN + s * 1000, 60)),
  );
  const steps = [line('Steps_Intraday', T0 + MIN, 12), line('Steps_Intraday', T0 + 3 * MIN, 40)];

  it('writes 0 for worn minutes without steps and nothing for unworn minutes', () => {
    const out = withZeroStepMinutes(day([...worn, ...steps]));
    const stepRecords = out
      .filter((l) => l.includes('"Steps_Intraday"'))
      .map((l) => JSON.parse(l) as DataRecord)
      .map((r) => [r.time, r.fields.value]);
    expect(stepRecords).toEqual([
      ['2026-11-20T08:00:00Z', 0],
      ['2026-11-20T08:01:00Z', 12],
      ['2026-11-20T08:02:00Z', 0],
      ['2026-11-20T08:03:00Z', 40],
      ['2026-11-20T08:04:00Z', 0],
    ]);
    expect([...out]).toEqual([...out].sort());
  });

  it('is idempotent: a second pass changes nothing', () => {
    const once = withZeroStepMinutes(day([...worn, ...steps]));
    expect(missingZeroStepLines(once)).toEqual([]);
    expect(withZeroStepMinutes(once)).toBe(once);
  });

  it('a real steps point for the minute carries the same key as the derived zero', () => {
    const zero = missingZeroStepLines(day([...worn, ...steps]))[0] ?? '';
    const real = line('Steps_Intraday', T0, 7);
    expect(zero.slice(0, zero.indexOf(',"fields"'))).toBe(real.slice(0, real.indexOf(',"fields"')));
  });

  it('adds nothing to a day that holds no per-minute steps at all', () => {
    expect(missingZeroStepLines(day(worn))).toEqual([]);
  });

  it('keeps devices apart: a minute worn by one device is not a zero of another', () => {
    const other = [line('HeartRate_Intraday', T0 + 7 * MIN, 70, 'Pixel Watch 3')];
    const added = missingZeroStepLines(day([...steps, ...other])).map((l) => JSON.parse(l) as DataRecord);
    expect(added).toEqual([
      {
        measurement: 'Steps_Intraday',
        time: '2026-11-20T08:07:00Z',
        tags: { Device: 'Pixel Watch 3' },
        fields: { value: 0 },
      },
    ]);
  });
});

describe('the archive writes zero-step minutes for every writer', () => {
  it('a day written through applyDay holds a zero for each worn minute without steps, and a later real point replaces it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'worn-'));
    const a = await Archive.open(dir);
    const rec = (m: string, ms: number, value: number): DataRecord =>
      makeRecord(m, ms, { Device: 'Charge 6' }, { value }) as DataRecord;
    await a.applyDay('2026-11-20', [
      {
        type: 'heart-rate',
        records: [rec('HeartRate_Intraday', T0 + 5_000, 61), rec('HeartRate_Intraday', T0 + MIN, 62)],
        mode: 'replace',
      },
      { type: 'steps', records: [rec('Steps_Intraday', T0 + MIN, 30)], mode: 'replace' },
    ]);
    const steps = async (): Promise<[string, unknown][]> =>
      (await a.readDay('2026-11-20'))
        .filter((r) => r.measurement === 'Steps_Intraday')
        .map((r) => [r.time, r.fields.value]);
    expect(await steps()).toEqual([
      ['2026-11-20T08:00:00Z', 0],
      ['2026-11-20T08:01:00Z', 30],
    ]);
    const first = a.dayContentHash('2026-11-20');
    const again = await a.applyDay('2026-11-20', [
      { type: 'steps', records: [rec('Steps_Intraday', T0 + MIN, 30)], mode: 'merge' },
    ]);
    expect(again.changed).toBe(false);
    expect(a.dayContentHash('2026-11-20')).toBe(first);
    await a.applyDay('2026-11-20', [
      { type: 'steps', records: [rec('Steps_Intraday', T0, 9)], mode: 'merge' },
    ]);
    expect(await steps()).toEqual([
      ['2026-11-20T08:00:00Z', 9],
      ['2026-11-20T08:01:00Z', 30],
    ]);
  });
});
