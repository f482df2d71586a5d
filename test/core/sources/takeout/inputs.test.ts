/**
 * Input shapes: folder, zip, multi-part zip (as files or as a folder of parts), tgz, and both
 * export roots give the same import; decoy files are never opened.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useFileTmpDir } from '../../../helpers/tmp-dir.js';
import {
  generateSyntheticTakeout,
  type SyntheticTakeout,
  type SyntheticTakeoutOptions,
} from '../../../../main/core/demo/synthetic-takeout.js';
import { ZipWriter } from '../../../../main/core/demo/zip-writer.js';
import { importTakeout } from '../../../../main/core/sources/takeout/import-takeout.js';
import type { ImportReport } from '../../../../main/core/sources/takeout/report.js';
import { MemorySink } from './memory-sink.js';

const dir = useFileTmpDir('syncbit-inputs-');

const base = (outDir: string): SyntheticTakeoutOptions => ({
  seed: 42,
  startDay: '2025-03-25',
  days: 12,
  zones: [{ from: '', zone: 'Europe/London' }],
  outDir,
  heartRateSeconds: 60,
  legacyJsonDays: 2,
});

async function run(
  gen: SyntheticTakeout,
  inputs = gen.inputs,
): Promise<{ sink: MemorySink; report: ImportReport }> {
  const sink = new MemorySink();
  const report = await importTakeout(inputs, sink);
  return { sink, report };
}

/** What must not depend on the input shape. */
function fingerprint(sink: MemorySink): string[] {
  return sink.records
    .map(
      (r) =>
        `${r.day} ${r.record.measurement} ${r.record.time} ${JSON.stringify(r.record.tags)} ${JSON.stringify(r.record.fields)}`,
    )
    .sort();
}

describe('input shapes', () => {
  let folder: { gen: SyntheticTakeout; sink: MemorySink; report: ImportReport };
  beforeAll(async () => {
    const gen = await generateSyntheticTakeout(base(join(dir(), 'folder')));
    folder = { gen, ...(await run(gen)) };
  });

  it('imports the extracted folder: steps match the generator, every heart-rate sample once', () => {
    const { gen, sink, report } = folder;
    expect(report.roots).toEqual(['Takeout/Fitbit']);
    expect(report.corruptFiles).toEqual([]);
    expect(sink.of('HeartRate_Intraday')).toHaveLength(gen.truth.heartRateSamples);
    expect(sink.daily('Activity-steps')).toEqual(gen.truth.steps);
  });

  it('handles the shapes of real exports the generator writes (mirrors, duplicate families, pages, GPS)', () => {
    const { gen, sink, report } = folder;
    expect(gen.truth.mirrorHeartRateRows).toBeGreaterThan(0);
    const hr = report.families.find((f) => f.family === 'Physical Activity_GoogleData/heart_rate');
    expect(hr?.skipped.find((s) => s.reason.startsWith('mirror'))?.count).toBe(gen.truth.mirrorHeartRateRows);
    const perDay = (m: string): number[] => {
      const n = new Map<string, number>();
      for (const r of sink.of(m)) n.set(r.day, (n.get(r.day) ?? 0) + 1);
      return [...new Set(n.values())];
    };
    expect(perDay('RestingHR')).toEqual([1]);
    expect(perDay('VO2Max')).toEqual([1]);
    expect(sink.of('BodyFat').length).toBeGreaterThan(0);
    // The first (legacy) days' exercises come from the numbered pages only.
    const legacyDays = new Set(gen.truth.days.slice(0, 2));
    expect(sink.of('ActivityRecords').some((r) => legacyDays.has(r.day))).toBe(true);
    const gps = sink.of('GPS');
    expect(gps).toHaveLength(gen.truth.gpsPoints);
    const runs = new Set(
      sink.of('ActivityRecords').map((r) => `${r.record.time}-${r.record.tags.ActivityName ?? ''}`),
    );
    for (const id of new Set(gps.map((r) => r.record.tags.ActivityID))) expect(runs.has(id ?? '')).toBe(true);
  });

  it.each(['zip', 'tgz'] as const)('imports a %s export to the same records', async (format) => {
    const gen = await generateSyntheticTakeout({ ...base(join(dir(), format)), format });
    expect(gen.inputs[0]).toMatch(format === 'zip' ? /\.zip$/ : /\.tgz$/);
    const { sink, report } = await run(gen);
    expect(report.corruptFiles).toEqual([]);
    expect(fingerprint(sink)).toEqual(fingerprint(folder.sink));
  });

  it('imports a multi-part zip given as several files or as a folder of parts', async () => {
    const outDir = join(dir(), 'parts');
    const gen = await generateSyntheticTakeout({ ...base(outDir), format: 'zip', zipPartBytes: 60_000 });
    expect(gen.inputs.length).toBeGreaterThan(2);
    const asFiles = await run(gen);
    expect(fingerprint(asFiles.sink)).toEqual(fingerprint(folder.sink));
    const asFolder = await run(gen, [outDir]);
    expect(fingerprint(asFolder.sink)).toEqual(fingerprint(folder.sink));
    // A missing part is not silent: fewer records, the rest still imports.
    const partial = await run(gen, gen.inputs.slice(1));
    expect(partial.sink.records.length).toBeGreaterThan(0);
    expect(partial.sink.records.length).toBeLessThan(folder.sink.records.length);
  });

  it('accepts the newer `Takeout/Google Health/` root', async () => {
    const gen = await generateSyntheticTakeout({ ...base(join(dir(), 'gh')), layout: 'Google Health' });
    const { sink, report } = await run(gen);
    expect(report.roots).toEqual(['Takeout/Google Health']);
    expect(fingerprint(sink)).toEqual(fingerprint(folder.sink));
  });

  it('accepts the export root folder itself', async () => {
    const { sink } = await run(folder.gen, [join(folder.gen.inputs[0]!, 'Takeout', 'Fitbit')]);
    expect(fingerprint(sink)).toEqual(fingerprint(folder.sink));
  });

  it('rejects a path that is not an export with an actionable error', async () => {
    const empty = join(dir(), 'empty');
    await mkdir(empty);
    await expect(importTakeout([empty], new MemorySink())).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(importTakeout([join(dir(), 'missing.zip')], new MemorySink())).rejects.toMatchObject({
      code: 'not-found',
    });
  });
});

describe('decoys', () => {
  it('never opens UserActivityProbabilities*/UserSensorCompressionToken* in a folder (they are named pipes here)', async () => {
    const root = join(dir(), 'decoy-folder');
    const hfd = join(root, 'Takeout', 'Fitbit', 'Health Fitness Data_GoogleData');
    await mkdir(hfd, { recursive: true });
    await writeFile(
      join(hfd, 'UserSleeps_2025-01-01.csv'),
      'sleep_id,sleep_type,minutes_asleep,minutes_awake,start_utc_offset,sleep_start,end_utc_offset,sleep_end,data_source\n1,STAGES,400,20,+00:00,2025-01-01T23:00:00Z,+00:00,2025-01-02T06:30:00Z,Charge 6\n',
    );
    // Named pipes with no writer: opening one for reading blocks forever, so a single attempt to
    // read a decoy would hang this test until it times out.
    execFileSync('mkfifo', [
      join(hfd, 'UserActivityProbabilities_2025-01-01.csv'),
      join(hfd, 'UserSensorCompressionToken_2025-01-01.csv'),
    ]);
    const sink = new MemorySink();
    const report = await importTakeout([root], sink);
    expect(report.corruptFiles).toEqual([]);
    expect(report.neverOpened.map((p) => p.split('/').pop())).toEqual([
      'UserActivityProbabilities_2025-01-01.csv',
      'UserSensorCompressionToken_2025-01-01.csv',
    ]);
    expect(sink.of('SleepSummary')).toHaveLength(1);
  });

  it('never decompresses decoy zip entries (damaged decoy entries cause no error)', async () => {
    const outDir = join(dir(), 'decoy-zip');
    await mkdir(outDir);
    const zip = new ZipWriter(outDir, 'takeout');
    zip.add(
      'Takeout/Fitbit/Physical Activity_GoogleData/heart_rate_2025-01-02.csv',
      Buffer.from('timestamp,beats per minute,data source\n2025-01-02T10:00:00Z,61,Charge 6\n'),
    );
    // Payloads no inflater accepts: decompressing either decoy would fail and be reported.
    const hfd = 'Takeout/Fitbit/Health Fitness Data_GoogleData';
    zip.add(`${hfd}/UserActivityProbabilities_2025-01-01.csv`, Buffer.from('timestamp,p\n'.repeat(100)), {
      damage: true,
    });
    zip.add(`${hfd}/UserSensorCompressionToken_2025-01-01.csv`, Buffer.from('x'.repeat(100)), {
      damage: true,
    });
    // The same damage on a file that is read is caught and named (so the check above can fail).
    zip.add(
      'Takeout/Fitbit/Physical Activity_GoogleData/heart_rate_2025-01-03.csv',
      Buffer.from('timestamp,beats per minute,data source\n'),
      {
        damage: true,
      },
    );
    const files = zip.close();
    const sink = new MemorySink();
    const report = await importTakeout(files, sink);
    expect(report.corruptFiles.map((c) => c.file.split('/').pop())).toEqual(['heart_rate_2025-01-03.csv']);
    expect(report.neverOpened).toHaveLength(2);
    expect(sink.of('HeartRate_Intraday')).toHaveLength(1);
  });

  it('lists tgz decoys as never opened (they are skipped, not extracted)', async () => {
    const gen = await generateSyntheticTakeout({ ...base(join(dir(), 'decoy-tgz')), days: 2, format: 'tgz' });
    const { report } = await run(gen);
    expect(report.neverOpened.map((p) => p.split('/').pop()!.replace(/_.*$/, ''))).toEqual([
      'UserActivityProbabilities',
      'UserSensorCompressionToken',
    ]);
  });
});
