/**
 * Hostile or broken archives: an export is a file from the internet that a person picks. Each test
 * crafts the archive it needs (tgz via the demo writer, zip via the demo ZipWriter, a folder with
 * pipes and links) and checks the importer refuses it clearly, or skips just the bad file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useFileTmpDir } from '../../../helpers/tmp-dir.js';
import { createTakeoutWriter } from '../../../../main/core/demo/takeout-writer.js';
import { ZipWriter } from '../../../../main/core/demo/zip-writer.js';
import { importTakeout } from '../../../../main/core/sources/takeout/import-takeout.js';
import { unsafeEntryName } from '../../../../main/core/sources/takeout/input-tgz.js';
import { writeExport } from './fixture.js';
import { MemorySink } from './memory-sink.js';

const dir = useFileTmpDir('syncbit-hostile-');

const PA = 'Takeout/Fitbit/Physical Activity_GoogleData';
const HR = 'timestamp,beats per minute,data source\n2025-01-02T10:00:00Z,61,Charge 6\n';

async function tgz(name: string, files: Record<string, string | Buffer>): Promise<string> {
  const out = join(dir(), name);
  const w = await createTakeoutWriter(out, 'tgz');
  for (const [p, data] of Object.entries(files)) await w.add(p, data);
  const [file] = await w.close();
  return file ?? '';
}

/** syncbit-tgz-* folders left in the temp dir (an import must remove its own). */
async function tgzTempFolders(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((n) => n.startsWith('syncbit-tgz-'));
}

describe('tgz entry names', () => {
  it.each([
    ['a Windows ..\\ path', `${PA}/..\\..\\..\\Startup\\evil.csv`, /backslash/],
    ['a drive letter', `${PA}/C:evil.csv`, /":"/],
    ['a .. segment', `${PA}/../../../../evil_heart_rate.csv`, /"\.\." segment/],
  ])('refuses an archive holding %s and writes nothing', async (_what, name, why) => {
    const before = await tgzTempFolders();
    const file = await tgz(`names-${before.length}-${Math.random().toString(36).slice(2)}`, {
      [`${PA}/heart_rate_2025-01-02.csv`]: HR,
      [name]: HR,
    });
    const sink = new MemorySink();
    const err = await importTakeout([file], sink).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid-input' });
    expect((err as Error).message).toMatch(why);
    expect((err as Error).message).toContain('not a safe file name');
    expect(sink.records).toEqual([]);
    expect(existsSync(join(dir(), 'evil_heart_rate.csv'))).toBe(false);
    expect(await tgzTempFolders()).toEqual(before);
  });

  it('refuses NUL characters in a name (tar headers cannot carry them, pax headers can)', () => {
    expect(unsafeEntryName('Takeout/Fitbit/a\0.csv')).toMatch(/NUL/);
    expect(unsafeEntryName('Takeout/Fitbit/Physical Activity_GoogleData/heart_rate.csv')).toBeUndefined();
  });
});

describe('bombs', () => {
  const zeros = Buffer.alloc(24 * 1024 * 1024, 0x30);

  it('refuses a zip entry that expands too much, naming the entry', async () => {
    const out = join(dir(), 'zip-bomb');
    await mkdir(out);
    const zip = new ZipWriter(out, 'takeout');
    zip.add(`${PA}/heart_rate_2025-01-02.csv`, Buffer.from(HR));
    zip.add(`${PA}/steps_2025-01-02.csv`, zeros);
    const err = await importTakeout(zip.close(), new MemorySink()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid-input' });
    expect((err as Error).message).toMatch(/steps_2025-01-02\.csv: it expands \d+×/);
  });

  it('refuses a tgz that expands too much, naming the entry, and removes what it extracted', async () => {
    const before = await tgzTempFolders();
    const file = await tgz('tgz-bomb', {
      [`${PA}/heart_rate_2025-01-02.csv`]: HR,
      [`${PA}/steps_2025-01-02.csv`]: zeros,
    });
    const err = await importTakeout([file], new MemorySink()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid-input' });
    expect((err as Error).message).toMatch(/steps_2025-01-02\.csv: the archive expands more than 200×/);
    expect(await tgzTempFolders()).toEqual(before);
  });

  it('stops at the budget of uncompressed bytes', async () => {
    const file = await tgz('tgz-budget', { [`${PA}/heart_rate_2025-01-02.csv`]: HR.repeat(50) });
    const err = await importTakeout([file], new MemorySink(), { limits: { maxTotalBytes: 1000 } }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'invalid-input' });
    expect((err as Error).message).toMatch(/heart_rate_2025-01-02\.csv: the export's used files exceed/);
  });

  it('names a CSV with a record over the size cap as unreadable and imports the rest', async () => {
    const root = join(dir(), 'long-record');
    await writeExport(root, {
      'Physical Activity_GoogleData/heart_rate_2025-01-02.csv': HR,
      'Physical Activity_GoogleData/heart_rate_2025-01-03.csv': `timestamp,beats per minute,data source\n2025-01-03T10:00:00Z,${'9'.repeat(2 * 1024 * 1024)},x\n`,
    });
    const sink = new MemorySink();
    const report = await importTakeout([root], sink);
    expect(report.corruptFiles.map((c) => c.file.split('/').pop())).toEqual(['heart_rate_2025-01-03.csv']);
    expect(sink.of('HeartRate_Intraday')).toHaveLength(1);
  });
});

describe('extracted folders', () => {
  it('never reads a FIFO, a link to /dev/zero or a link leaving the folder; follows a link inside it', async () => {
    const root = join(dir(), 'links');
    const outside = join(dir(), 'outside');
    await mkdir(outside, { recursive: true });
    await writeFile(join(outside, 'heart_rate_2025-01-05.csv'), HR.replace('2025-01-02', '2025-01-05'));
    await writeExport(root, {
      'Physical Activity_GoogleData/heart_rate_2025-01-02.csv': HR,
      'real/heart_rate_copy.csv': HR.replace('2025-01-02', '2025-01-04'),
    });
    const pa = join(root, 'Takeout', 'Fitbit', 'Physical Activity_GoogleData');
    // A pipe with no writer: opening it for reading would block forever.
    execFileSync('mkfifo', [join(pa, 'heart_rate_2025-01-03.csv')]);
    await symlink('/dev/zero', join(pa, 'steps_2025-01-02.csv'));
    await symlink(join(outside, 'heart_rate_2025-01-05.csv'), join(pa, 'heart_rate_2025-01-05.csv'));
    await symlink(
      join(root, 'Takeout', 'Fitbit', 'real', 'heart_rate_copy.csv'),
      join(pa, 'heart_rate_2025-01-04.csv'),
    );
    const sink = new MemorySink();
    const report = await importTakeout([root], sink);
    expect(report.corruptFiles.map((c) => `${c.file.split('/').pop() ?? ''}: ${c.message}`).sort()).toEqual([
      'heart_rate_2025-01-03.csv: refused: not a regular file (a pipe or device)',
      'heart_rate_2025-01-05.csv: refused: a symbolic link leading outside the export folder',
      'steps_2025-01-02.csv: refused: a symbolic link leading outside the export folder',
    ]);
    expect(sink.of('HeartRate_Intraday').map((r) => r.day)).toEqual(['2025-01-02', '2025-01-04']);
  });
});
