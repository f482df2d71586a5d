import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { SyncBitError } from '../../../main/core/errors.js';
import { makeRecord, type DataRecord } from '../../../main/core/model/record.js';
import { Archive } from '../../../main/core/store/archive.js';
import { DayFileError } from '../../../main/core/store/day-file.js';
import {
  createDayWriteThread,
  startDayWriteWorker,
  type DayWriteThread,
} from '../../../main/core/store/day-write-thread.js';
import { dataPaths } from '../../../main/core/store/paths.js';
import { DayStaging } from '../../../main/core/store/staging.js';
import { useTmpDirs } from '../../helpers/tmp-dir.js';

const tmp = useTmpDirs();
const DAYS = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'];

/** A day of minute heart rate and steps (so the worn minutes add zero-step lines) per day. */
async function stagedImport(dir: string): Promise<DayStaging> {
  const staging = await DayStaging.create(dir, { spillThreshold: 500 });
  for (const day of DAYS) {
    const t0 = Date.parse(`${day}T00:00:00Z`);
    for (let m = 0; m < 1440; m++) {
      const t = t0 + m * 60_000;
      await staging.add(
        day,
        'heart-rate',
        makeRecord('HeartRate_Intraday', t, { Device: 'Charge 6' }, { value: 60 + (m % 50) }) as DataRecord,
      );
      if (m % 3 === 0)
        await staging.add(
          day,
          'steps',
          makeRecord('Steps_Intraday', t, { Device: 'Charge 6' }, { value: m % 7 }) as DataRecord,
        );
    }
  }
  return staging;
}

/** Every day file's bytes and the index entries, as the archive on disk holds them. */
async function archiveOnDisk(dir: string): Promise<{ files: Record<string, string>; index: unknown }> {
  const archiveDir = dataPaths(dir).archiveDir;
  const files: Record<string, string> = {};
  for (const name of (await readdir(archiveDir)).sort())
    if (name.endsWith('.json.gz')) files[name] = (await readFile(join(archiveDir, name))).toString('base64');
  const archive = await Archive.open(dir);
  return {
    files,
    index: archive.days().map((d) => [d, archive.dayContentHash(d), archive.dayEntry(d)?.types]),
  };
}

async function finishWith(
  thread: DayWriteThread,
): Promise<{ files: Record<string, string>; index: unknown }> {
  const dir = await tmp();
  const staging = await stagedImport(dir);
  const results = await staging.finish(await Archive.open(dir), { mode: 'merge', thread });
  expect(results.map((r) => r.day)).toEqual(DAYS);
  await thread.close();
  return archiveOnDisk(dir);
}

describe('writing an import’s days on two threads', () => {
  it('writes the same archive, byte for byte, as writing every day on the main thread', async () => {
    let started = 0;
    const both = await finishWith(
      createDayWriteThread(() => {
        started++;
        return startDayWriteWorker();
      }),
    );
    const mainOnly = await finishWith(
      createDayWriteThread(() => {
        throw new Error('no threads here');
      }),
    );
    expect(started).toBe(1);
    expect(Object.keys(both.files)).toHaveLength(DAYS.length);
    expect(both).toEqual(mainOnly);
  });

  it('loses no day when the worker dies in the middle of the finish', async () => {
    const dying = await finishWith(
      createDayWriteThread(() => new Worker('setTimeout(() => process.exit(5), 100)', { eval: true })),
    );
    const mainOnly = await finishWith(
      createDayWriteThread(() => {
        throw new Error('no threads here');
      }),
    );
    expect(dying).toEqual(mainOnly);
  });

  it('names a corrupt day file found on the worker as the main thread would', async () => {
    const dir = await tmp();
    const thread = createDayWriteThread();
    const path = join(dir, 'fitbit_backup_2026-03-01.json.gz');
    await writeFile(path, 'not gzip');
    await expect(
      thread.run({ at: { path, knownHash: undefined }, types: [], mode: 'merge' }),
    ).rejects.toBeInstanceOf(DayFileError);
    await thread.close();

    const staging = await stagedImport(dir);
    const archive = await Archive.open(dir);
    const archiveDir = dataPaths(dir).archiveDir;
    await mkdir(archiveDir, { recursive: true });
    await writeFile(join(archiveDir, 'fitbit_backup_2026-03-02.json.gz'), 'not gzip either');
    const failed = staging.finish(archive, { mode: 'merge', thread: createDayWriteThread() });
    await expect(failed).rejects.toBeInstanceOf(SyncBitError);
    await expect(failed).rejects.toThrow(/archive file for 2026-03-02 is corrupt/);
    // The staging folder is gone; what was not written is re-imported by running the import again.
    expect(await readdir(dataPaths(dir).stateDir).catch(() => [])).not.toContain('staging');
  });
});
