import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { readDayFile, type DayFileRead } from '../../../main/core/export/day-file-read.js';
import { DayReadThread, startDayReadWorker } from '../../../main/core/export/day-read-thread.js';
import { fileDaySource } from '../../../main/core/export/day-source.js';
import { encodeDayJson } from '../../../main/core/store/day-file.js';
import { dataPaths, dayFileName } from '../../../main/core/store/paths.js';
import { useTmpDirs } from '../../helpers/tmp-dir.js';
import { makeDayRecords, writeArchiveDays } from './day-fixture.js';

const DAY = '2025-03-10';
const tmp = useTmpDirs();
const threads: DayReadThread[] = [];
afterEach(async () => {
  await Promise.all(threads.splice(0).map((t) => t.close()));
});

function thread(start: () => Worker): DayReadThread {
  const t = new DayReadThread(start);
  threads.push(t);
  return t;
}

/** A data folder holding DAY (1-second heart rate and the daily metrics); the path of its day file. */
async function archivedDay(): Promise<string> {
  const dir = await tmp();
  await writeArchiveDays(dir, new Map([[DAY, makeDayRecords(DAY, { hrEverySeconds: 1 })]]));
  return join(dataPaths(dir).archiveDir, dayFileName(DAY));
}

/** What a read holds, comparable across threads: every column's samples and every other record. */
function contentOf(read: DayFileRead): unknown {
  if (read.kind !== 'scanned') return read.kind;
  return {
    count: read.scan.count,
    items: read.scan.items.map((item) =>
      'column' in item
        ? { ...item.column, ts: [...item.column.ts], values: [...item.column.values] }
        : item.record,
    ),
  };
}

describe('reading day files on a worker thread', () => {
  it('gives exactly what reading the file on the main thread gives', async () => {
    const path = await archivedDay();
    let started = 0;
    const reader = thread(() => {
      started++;
      return startDayReadWorker();
    });
    const [a, b] = await Promise.all([reader.read(path), reader.read(path)]);
    const inline = await readDayFile(path);
    expect(started).toBe(1);
    expect(a.kind).toBe('scanned');
    expect(contentOf(a)).toEqual(contentOf(inline));
    expect(contentOf(b)).toEqual(contentOf(inline));
    // 86,400 heart-rate samples came across as one column.
    const hr =
      a.kind === 'scanned'
        ? a.scan.items.find((i) => 'column' in i && i.column.ts.length > 80_000)
        : undefined;
    expect(hr).toBeDefined();
  });

  it('finishes the reads a dying worker held, and every later one, on the main thread', async () => {
    const path = await archivedDay();
    const inline = contentOf(await readDayFile(path));
    // A worker that takes requests and never answers, then exits.
    const reader = thread(() => new Worker('setTimeout(() => process.exit(3), 200)', { eval: true }));
    const held = await Promise.all([reader.read(path), reader.read(path)]);
    for (const r of held) expect(contentOf(r)).toEqual(inline);
    expect(contentOf(await reader.read(path))).toEqual(inline);
  });

  it('reads on the main thread when no worker can be started', async () => {
    const path = await archivedDay();
    const reader = thread(() => {
      throw new Error('no threads here');
    });
    expect(contentOf(await reader.read(path))).toEqual(contentOf(await readDayFile(path)));
  });

  it('reads a missing day as missing and names a damaged one', async () => {
    const dir = await tmp();
    const archive = dataPaths(dir).archiveDir;
    await mkdir(archive, { recursive: true });
    const source = fileDaySource(dir);
    await expect(source.readDay(DAY)).resolves.toEqual([]);
    await writeFile(join(archive, dayFileName(DAY)), 'not gzip at all');
    await expect(source.readDay(DAY)).rejects.toMatchObject({
      code: 'io',
      message: expect.stringContaining(`archive file of ${DAY} is damaged`) as unknown,
    });
    const gz = gzipSync(encodeDayJson(makeDayRecords(DAY)));
    await writeFile(join(archive, dayFileName(DAY)), gz.subarray(0, gz.length >> 1));
    await expect(source.readDay(DAY)).rejects.toMatchObject({ code: 'io' });
  });

  it('fails a day file it cannot read instead of reading it as an empty day', async () => {
    const dir = await tmp();
    // A folder where the day file should be: reading it fails (EISDIR), as an unreadable disk would.
    await mkdir(join(dataPaths(dir).archiveDir, dayFileName(DAY)), { recursive: true });
    await expect(fileDaySource(dir).readDay(DAY)).rejects.toMatchObject({
      message: expect.stringContaining('EISDIR') as unknown,
    });
  });

  it('does not keep a process alive once its reads are done', async () => {
    const path = await archivedDay();
    const dir = join(path, '..', '..');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'day-read-child.ts'), dir, DAY],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    // A worker left referenced would keep the child running until the test times out.
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(Number(out.trim())).toBeGreaterThan(86_000);
  }, 30_000);
});
