/**
 * `.tgz` input. A tar stream can only be read in order, but the importer needs some files before
 * others (offsets from sleep logs, CSV coverage before JSON), so the used files are streamed once
 * to a private temporary folder (decoys and unused files are skipped without being written) and
 * then read like an extracted export. Memory stays bounded; disk holds the used files only.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { SyncBitError } from '../../errors.js';
import { splitRoot, type TakeoutEntry } from './entry.js';
import { folderEntries } from './input-folder.js';

export interface OpenedTgz {
  readonly entries: TakeoutEntry[];
  /** Files below an export root that were not extracted (`wanted` said no): display name and path. */
  readonly skipped: { readonly path: string; readonly display: string }[];
  close(): Promise<void>;
}

/**
 * Extracts the files `wanted(relPath)` accepts into a temp folder and returns them as entries.
 * `wanted` sees only the name: unwanted entries are drained, never written.
 */
export async function openTgz(
  file: string,
  wanted: (rel: string) => boolean,
  signal?: AbortSignal,
): Promise<OpenedTgz> {
  const dir = await mkdtemp(join(tmpdir(), 'syncbit-tgz-'));
  const extract = tar.extract();
  const label = basename(file);
  const skipped: { path: string; display: string }[] = [];
  const done = (async (): Promise<void> => {
    for await (const entry of extract) {
      signal?.throwIfAborted();
      const name = entry.header.name;
      const split = entry.header.type === 'file' ? splitRoot(name) : undefined;
      if (split && wanted(split.rel)) {
        const target = join(dir, ...name.split('/').filter((s) => s !== '' && s !== '.' && s !== '..'));
        await mkdir(dirname(target), { recursive: true });
        await pipeline(entry, createWriteStream(target));
      } else {
        if (split) skipped.push({ path: split.rel, display: `${label}:${name}` });
        entry.resume();
        await new Promise<void>((resolve, reject) => {
          entry.once('end', resolve);
          entry.once('error', reject);
        });
      }
    }
  })();
  try {
    await Promise.all([pipeline(createReadStream(file), createGunzip(), extract), done]);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    if (signal?.aborted) throw new SyncBitError('cancelled', 'Import cancelled.', { cause: err });
    throw new SyncBitError(
      'invalid-input',
      `${file} is not a readable .tgz export (${(err as Error).message}). Re-download it from Google Takeout.`,
      {
        cause: err,
      },
    );
  }
  const entries = (await folderEntries(dir, label)).map((e) => ({
    ...e,
    display: e.display.replace(`${label}/`, `${label}:`),
  }));
  return {
    entries,
    skipped,
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
