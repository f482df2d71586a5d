/** Reads an extracted export (or any folder holding one) as entries; nothing is opened until asked. */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { splitRoot, type TakeoutEntry } from './entry.js';

/** Lists every regular file under `dir` (relative, `/`-separated), without opening any. */
export async function walkFolder(dir: string): Promise<{ rel: string; size: number }[]> {
  const out: { rel: string; size: number }[] = [];
  const visit = async (d: string): Promise<void> => {
    const items = await readdir(d, { withFileTypes: true });
    items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const it of items) {
      const full = join(d, it.name);
      if (it.isDirectory()) await visit(full);
      else if (it.isFile() || it.isSymbolicLink() || it.isFIFO()) {
        let size = 0;
        if (it.isFile()) size = (await stat(full)).size;
        out.push({ rel: relative(dir, full).split(sep).join('/'), size });
      }
    }
  };
  await visit(dir);
  return out;
}

/** Entries of an extracted export under `dir`; `label` prefixes display names. */
export async function folderEntries(dir: string, label: string = dir): Promise<TakeoutEntry[]> {
  const files = await walkFolder(dir);
  const entries: TakeoutEntry[] = [];
  for (const f of files) {
    const split = splitRoot(f.rel);
    if (!split) continue;
    const full = join(dir, ...f.rel.split('/'));
    entries.push({
      path: split.rel,
      root: split.root,
      display: `${label}/${f.rel}`,
      size: f.size,
      open: () => Promise.resolve<Readable>(createReadStream(full, { highWaterMark: 256 * 1024 })),
    });
  }
  return entries;
}
