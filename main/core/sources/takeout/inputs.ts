/**
 * Turns what the user passed (`.zip` files, parts of a multi-part export, a folder of parts, a
 * `.tgz`, an extracted folder) into one merged list of entries below the export root.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SyncBitError } from '../../errors.js';
import type { TakeoutEntry } from './entry.js';
import { folderEntries } from './input-folder.js';
import { openTgz } from './input-tgz.js';
import { openZip } from './input-zip.js';
import { ByteBudget, DEFAULT_LIMITS } from './limits.js';

export interface OpenedInputs {
  readonly entries: TakeoutEntry[];
  readonly roots: string[];
  /** Entries present in more than one part/input (the first one is used). */
  readonly duplicates: number;
  /** Files a `.tgz` held that were not extracted because they are not read (decoys, unused files). */
  readonly notExtracted: { readonly path: string; readonly display: string }[];
  close(): Promise<void>;
}

const isZip = (p: string): boolean => /\.zip$/i.test(p);
const isTgz = (p: string): boolean => /\.(tgz|tar\.gz)$/i.test(p);

/** Opens every input; `wanted` decides (by name only) which files a `.tgz` needs to extract. */
export async function openInputs(
  inputs: readonly string[],
  wanted: (rel: string) => boolean,
  signal?: AbortSignal,
  budget: ByteBudget = new ByteBudget(DEFAULT_LIMITS),
): Promise<OpenedInputs> {
  if (inputs.length === 0)
    throw new SyncBitError(
      'invalid-input',
      'No input given: pass a Takeout .zip/.tgz file, its parts, or the extracted folder.',
    );
  const closers: (() => Promise<void> | void)[] = [];
  const all: TakeoutEntry[] = [];
  const notExtracted: { path: string; display: string }[] = [];
  const closeAll = async (): Promise<void> => {
    for (const c of closers.reverse()) await c();
  };
  const openArchive = async (file: string): Promise<void> => {
    if (isZip(file)) {
      const z = await openZip(file, wanted, budget);
      closers.push(() => {
        z.close();
      });
      all.push(...z.entries);
    } else {
      const t = await openTgz(file, wanted, signal, budget);
      closers.push(() => t.close());
      all.push(...t.entries);
      notExtracted.push(...t.skipped);
    }
  };
  try {
    for (const input of inputs) {
      let st;
      try {
        st = await stat(input);
      } catch (err) {
        throw new SyncBitError('not-found', `Cannot find ${input}: check the path of the Takeout export.`, {
          cause: err,
        });
      }
      if (st.isDirectory()) {
        const parts = (await readdir(input)).filter((n) => isZip(n) || isTgz(n)).sort();
        for (const p of parts) await openArchive(join(input, p));
        all.push(...(await folderEntries(input)));
      } else if (isZip(input) || isTgz(input)) {
        await openArchive(input);
      } else {
        throw new SyncBitError(
          'invalid-input',
          `${input} is neither a .zip, a .tgz nor a folder: pass the Takeout archive (all its parts) or the extracted folder.`,
        );
      }
    }
  } catch (err) {
    await closeAll();
    throw err;
  }
  const seen = new Set<string>();
  const entries: TakeoutEntry[] = [];
  let duplicates = 0;
  for (const e of all) {
    if (seen.has(e.path)) {
      duplicates++;
      continue;
    }
    seen.add(e.path);
    entries.push(e);
  }
  if (entries.length === 0 && notExtracted.length === 0) {
    await closeAll();
    throw new SyncBitError(
      'invalid-input',
      `No Fitbit data found in ${inputs.join(', ')}: expected a Takeout export with a Takeout/Fitbit/ or Takeout/Google Health/ folder.`,
    );
  }
  const roots = [...new Set(entries.map((e) => e.root))].sort();
  return { entries, roots, duplicates, notExtracted, close: closeAll };
}
