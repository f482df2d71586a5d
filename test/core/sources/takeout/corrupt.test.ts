/** A corrupt row or file is named (file:line) and skipped; everything else still imports. */
import { describe, expect, it } from 'vitest';
import { useTmpDirs } from '../../../helpers/tmp-dir.js';
import { importTakeout } from '../../../../main/core/sources/takeout/import-takeout.js';
import { MemorySink } from './memory-sink.js';
import { HR_HEADER, TRACKERS, useFreshImport, writeExport } from './fixture.js';

const tempDir = useTmpDirs();
const importFresh = useFreshImport();

describe('corrupt input', () => {
  it('skips bad rows by file:line and counts them by reason', async () => {
    const { sink, report } = await importFresh({
      'Paired Devices/Trackers.csv': TRACKERS,
      'Physical Activity_GoogleData/heart_rate_2025-05-01.csv':
        HR_HEADER +
        '2025-05-01T10:00:00Z,60,Charge 6\n' +
        '2025-05-01T10:00:05Z,abc,Charge 6\n' +
        'yesterday,61,Charge 6\n' +
        '2025-05-01T10:00:15Z,62\n' +
        '2025-05-01T10:00:20Z,63,Charge 6\n',
    });
    expect(sink.of('HeartRate_Intraday').map((r) => r.record.fields.value)).toEqual([60, 63]);
    const hr = report.families.find((f) => f.family === 'Physical Activity_GoogleData/heart_rate')!;
    const byReason = Object.fromEntries(hr.skipped.map((s) => [s.reason, s.examples]));
    expect(byReason['not a heart rate']![0]).toMatch(/heart_rate_2025-05-01\.csv:3$/);
    expect(byReason['unreadable timestamp']![0]).toMatch(/heart_rate_2025-05-01\.csv:4$/);
    expect(byReason['wrong number of columns']![0]).toMatch(/heart_rate_2025-05-01\.csv:5$/);
    expect(report.corruptFiles).toEqual([]);
  });

  it('names a truncated JSON file and a CSV with a broken quote, and imports the other files', async () => {
    const { sink, report } = await importFresh({
      'Global Export Data/heart_rate-2025-05-02.json':
        '[\n{"dateTime":"05/02/25 10:00:00","value":{"bpm":70,"confidence":2}},\n{"dateTime":"05/02/25 10:00:05","value":{"bpm":7',
      'Global Export Data/heart_rate-2025-05-03.json':
        '[\n{"dateTime":"05/03/25 10:00:00","value":{"bpm":71,"confidence":2}},\n{"dateTime": nope},\n{"dateTime":"05/03/25 10:00:10","value":{"bpm":72,"confidence":2}}\n]',
      'Physical Activity_GoogleData/steps_2025-05-01.csv':
        'timestamp,steps,data source\n2025-05-01T10:00:00Z,10,Charge 6\n2025-05-01T10:01:00Z,"12,Charge 6\n2025-05-01T10:02:00Z,13,Charge 6\n',
      'Physical Activity_GoogleData/heart_rate_2025-05-04.csv':
        HR_HEADER + '2025-05-04T10:00:00Z,66,Charge 6\n',
      'Your Profile/Profile.csv': 'id,timezone\nA,Europe/London\n',
    });
    const corrupt = report.corruptFiles.map((c) => [c.file.split('/').pop(), c.line]);
    expect(corrupt).toContainEqual(['heart_rate-2025-05-02.json', 3]);
    expect(corrupt.find(([f]) => f === 'steps_2025-05-01.csv')).toBeDefined();
    expect(report.corruptFiles).toHaveLength(2);
    // The malformed element of the 05-03 file is skipped by line; its neighbours import.
    const json = report.families.find((f) => f.family === 'Global Export Data/heart_rate')!;
    expect(json.skipped.find((s) => s.reason === 'malformed JSON element')!.examples[0]).toMatch(
      /heart_rate-2025-05-03\.json:3$/,
    );
    expect(sink.of('HeartRate_Intraday', '2025-05-03').map((r) => r.record.fields.value)).toEqual([71, 72]);
    expect(sink.of('HeartRate_Intraday', '2025-05-04').map((r) => r.record.fields.value)).toEqual([66]);
  });

  it('aborts (does not mistake for a corrupt file) when the sink fails, e.g. a full disk', async () => {
    const dir = await tempDir();
    await writeExport(dir, {
      'Physical Activity_GoogleData/heart_rate_2025-05-04.csv':
        HR_HEADER + '2025-05-04T10:00:00Z,66,Charge 6\n',
    });
    const failing = {
      add: () => Promise.reject(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })),
      touch: () => undefined,
    };
    await expect(importTakeout([dir], failing)).rejects.toMatchObject({ code: 'disk-full' });
  });

  it('stops with `cancelled` when the signal aborts', async () => {
    const dir = await tempDir();
    await writeExport(dir, {
      'Physical Activity_GoogleData/heart_rate_2025-05-04.csv':
        HR_HEADER + '2025-05-04T10:00:00Z,66,Charge 6\n',
    });
    const ac = new AbortController();
    ac.abort();
    await expect(importTakeout([dir], new MemorySink(), { signal: ac.signal })).rejects.toMatchObject({
      code: 'cancelled',
    });
  });
});
