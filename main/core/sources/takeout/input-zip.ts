/**
 * Zip input via yauzl: the central directory is read once, entries are streamed on demand (random
 * access), so a multi-GB part never sits in memory and decoy entries are never decompressed.
 */
import { basename } from 'node:path';
import yauzl from 'yauzl';
import { SyncBitError } from '../../errors.js';
import { splitRoot, type TakeoutEntry } from './entry.js';

export interface OpenedZip {
  readonly entries: TakeoutEntry[];
  close(): void;
}

/** Opens one zip (a whole export or one part of a multi-part export). */
export async function openZip(file: string): Promise<OpenedZip> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
  } catch (err) {
    throw new SyncBitError(
      'invalid-input',
      `${file} is not a readable zip file (${(err as Error).message}). Re-download that part from Google Takeout.`,
      {
        cause: err,
      },
    );
  }
  const entries: TakeoutEntry[] = [];
  const label = basename(file);
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      if (!e.fileName.endsWith('/')) {
        const split = splitRoot(e.fileName);
        if (split) {
          entries.push({
            path: split.rel,
            root: split.root,
            display: `${label}:${e.fileName}`,
            size: e.uncompressedSize,
            open: () => zip.openReadStreamPromise(e),
          });
        }
      }
      zip.readEntry();
    });
    zip.once('end', () => {
      resolve();
    });
    zip.once('error', (err: unknown) => {
      reject(err instanceof Error ? err : new Error(String(err)));
    });
    zip.readEntry();
  }).catch((err: unknown) => {
    zip.close();
    throw new SyncBitError(
      'invalid-input',
      `${file}: the zip directory is damaged (${(err as Error).message}). Re-download that part.`,
      { cause: err },
    );
  });
  return {
    entries,
    close: () => {
      zip.close();
    },
  };
}
