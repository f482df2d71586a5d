/**
 * Reads an extracted export (or any folder holding one) as entries; nothing is opened until asked.
 * The folder is untrusted: it is listed without following links, only regular files are opened, and
 * a symlink is followed only when its real path stays inside the chosen folder and is a regular
 * file. A FIFO or a link to /dev/zero named like a data file is named as unreadable, never read.
 */
import { constants } from 'node:fs';
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { FileReadError } from './csv-rows.js';
import { splitRoot, type TakeoutEntry } from './entry.js';

export interface FolderFile {
  readonly rel: string;
  readonly size: number;
  /** The path to open (the link target for an accepted symlink); undefined when it must not be read. */
  readonly real: string | undefined;
  /** Why it is not read (not a regular file, a link leaving the folder, …). */
  readonly refused?: string;
}

/** Lists every file under `dir` (relative, `/`-separated), without opening any or following links. */
export async function walkFolder(dir: string): Promise<FolderFile[]> {
  const rootReal = await realpath(dir);
  const out: FolderFile[] = [];
  const visit = async (d: string): Promise<void> => {
    const items = await readdir(d, { withFileTypes: true });
    items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const it of items) {
      const full = join(d, it.name);
      const rel = relative(dir, full).split(sep).join('/');
      if (it.isDirectory()) await visit(full);
      else if (it.isFile()) out.push({ rel, size: (await lstat(full)).size, real: full });
      else if (it.isSymbolicLink()) out.push(await checkLink(full, rel, rootReal));
      else out.push({ rel, size: 0, real: undefined, refused: 'not a regular file (a pipe or device)' });
    }
  };
  await visit(dir);
  return out;
}

async function checkLink(full: string, rel: string, rootReal: string): Promise<FolderFile> {
  let target: string;
  try {
    target = await realpath(full);
  } catch {
    return { rel, size: 0, real: undefined, refused: 'a broken symbolic link' };
  }
  if (!target.startsWith(rootReal + sep))
    return { rel, size: 0, real: undefined, refused: 'a symbolic link leading outside the export folder' };
  const st = await stat(target);
  if (!st.isFile())
    return {
      rel,
      size: 0,
      real: undefined,
      refused: 'a symbolic link to something that is not a regular file',
    };
  return { rel, size: st.size, real: target };
}

/**
 * Opens a regular file without blocking on a FIFO swapped in after listing (O_NONBLOCK, O_NOFOLLOW)
 * and checks again that it is a regular file.
 */
async function openRegular(path: string): Promise<Readable> {
  const fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new FileReadError('not a regular file', undefined);
  } catch (err) {
    await fh.close();
    throw err;
  }
  return fh.createReadStream({ highWaterMark: 256 * 1024 });
}

/** Entries of an extracted export under `dir`; `label` prefixes display names. */
export async function folderEntries(dir: string, label: string = dir): Promise<TakeoutEntry[]> {
  const files = await walkFolder(dir);
  const entries: TakeoutEntry[] = [];
  for (const f of files) {
    const split = splitRoot(f.rel);
    if (!split) continue;
    const real = f.real;
    const refused = f.refused ?? 'not readable';
    entries.push({
      path: split.rel,
      root: split.root,
      display: `${label}/${f.rel}`,
      size: f.size,
      open: () =>
        real === undefined
          ? Promise.reject(new FileReadError(`refused: ${refused}`, undefined))
          : openRegular(real),
    });
  }
  return entries;
}
