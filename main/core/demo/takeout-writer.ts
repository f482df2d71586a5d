/** Where the synthetic export goes: a folder, a (multi-part) zip, or a `.tgz` (tar-stream + gzip). */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { ZipWriter } from './zip-writer.js';

export type TakeoutFormat = 'folder' | 'zip' | 'tgz';

export interface TakeoutWriter {
  add(path: string, data: string | Buffer): Promise<void>;
  /** Finishes and returns what to pass to the importer (folder, zip part files, or the .tgz). */
  close(): Promise<string[]>;
}

const MTIME = new Date(Date.UTC(2026, 0, 1));

/** Creates a writer; `path`s given to `add` are full archive paths (`Takeout/Fitbit/…`). */
export async function createTakeoutWriter(
  outDir: string,
  format: TakeoutFormat,
  zipPartBytes?: number,
): Promise<TakeoutWriter> {
  await mkdir(outDir, { recursive: true });
  const base = 'takeout-20260101T000000Z-1';
  if (format === 'folder') {
    const made = new Set<string>();
    return {
      add: async (path, data) => {
        const full = join(outDir, ...path.split('/'));
        const d = dirname(full);
        if (!made.has(d)) {
          await mkdir(d, { recursive: true });
          made.add(d);
        }
        await writeFile(full, data);
      },
      close: () => Promise.resolve([outDir]),
    };
  }
  if (format === 'zip') {
    const zip = new ZipWriter(outDir, base, zipPartBytes);
    return {
      add: (path, data) => {
        zip.add(path, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
        return Promise.resolve();
      },
      close: () => Promise.resolve(zip.close()),
    };
  }
  const file = join(outDir, `${base}.tgz`);
  const pack = tar.pack();
  const gzip = createGzip({ level: 1 });
  const done = pipeline(pack, gzip, createWriteStream(file));
  return {
    add: async (path, data) => {
      const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      await new Promise<void>((resolve, reject) => {
        pack.entry({ name: path, size: buf.length, mtime: MTIME }, buf, (err) => {
          if (err) reject(err);
          else resolve();
        });
      });
      if (gzip.writableNeedDrain) await once(gzip, 'drain');
    },
    close: async () => {
      pack.finalize();
      await done;
      return [file];
    },
  };
}
