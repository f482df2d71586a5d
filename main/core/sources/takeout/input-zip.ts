/**
 * Zip input via yauzl: the central directory is read once, entries are streamed on demand (random
 * access), so a multi-GB part never sits in memory and decoy entries are never decompressed.
 */
import { basename } from 'node:path';
import yauzl from 'yauzl';
import { SyncBitError } from '../../errors.js';
import { splitRoot, type TakeoutEntry } from './entry.js';
import { ByteBudget, DEFAULT_LIMITS } from './limits.js';

export interface OpenedZip {
  readonly entries: TakeoutEntry[];
  close(): void;
}

/**
 * Opens one zip (a whole export or one part of a multi-part export). Entries `wanted` accepts are
 * budgeted from their declared sizes (yauzl checks while reading that an entry holds what it declares).
 */
export async function openZip(
  file: string,
  wanted: (rel: string) => boolean = () => true,
  budget: ByteBudget = new ByteBudget(DEFAULT_LIMITS),
): Promise<OpenedZip> {
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
  let refused: Error | undefined;
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      if (!e.fileName.endsWith('/')) {
        const split = splitRoot(e.fileName);
        if (split && wanted(split.rel)) {
          try {
            budget.checkDeclared(`${label}:${e.fileName}`, e.uncompressedSize, e.compressedSize);
          } catch (err) {
            refused = err instanceof Error ? err : new Error(String(err));
            resolve();
            return;
          }
        }
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
    if (err instanceof SyncBitError) throw err;
    throw new SyncBitError(
      'invalid-input',
      `${file}: the zip directory is damaged (${(err as Error).message}). Re-download that part.`,
      { cause: err },
    );
  });
  if (refused !== undefined) {
    zip.close();
    throw refused;
  }
  return {
    entries,
    close: () => {
      zip.close();
    },
  };
}
