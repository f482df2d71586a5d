/**
 * `.tgz` input. A tar stream can only be read in order, but the importer needs some files before
 * others (offsets from sleep logs, CSV coverage before JSON), so the used files are streamed once
 * to a private temporary folder (decoys and unused files are skipped without being written) and
 * then read like an extracted export. Memory stays bounded; disk holds the used files only.
 *
 * The archive is untrusted: entry names with `\`, `:`, NUL or `..` segments are refused (on
 * Windows they could reach any folder), every target is checked to stay inside the temp folder,
 * files are created exclusively, and the extracted bytes and the compression ratio are budgeted.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { SyncBitError } from '../../errors.js';
import { splitRoot, type TakeoutEntry } from './entry.js';
import { folderEntries } from './input-folder.js';
import { ByteBudget, DEFAULT_LIMITS } from './limits.js';

export interface OpenedTgz {
  readonly entries: TakeoutEntry[];
  /** Files below an export root that were not extracted (`wanted` said no): display name and path. */
  readonly skipped: { readonly path: string; readonly display: string }[];
  close(): Promise<void>;
}

/**
 * Why a tar entry name is unsafe to extract anywhere, or undefined when it is a plain relative
 * `/`-separated path. Checked for every entry, extracted or not: such a name means a crafted archive.
 */
export function unsafeEntryName(name: string): string | undefined {
  if (name.includes('\0')) return 'it contains a NUL character';
  if (name.includes('\\')) return 'it contains a backslash (a Windows path separator)';
  if (name.includes(':')) return 'it contains ":" (a drive letter or alternate data stream on Windows)';
  if (name.startsWith('/')) return 'it is an absolute path';
  if (name.split('/').some((s) => s === '..')) return 'it contains a ".." segment';
  return undefined;
}

/**
 * Extracts the files `wanted(relPath)` accepts into a temp folder and returns them as entries.
 * `wanted` sees only the name: unwanted entries are drained, never written.
 */
export async function openTgz(
  file: string,
  wanted: (rel: string) => boolean,
  signal?: AbortSignal,
  budget: ByteBudget = new ByteBudget(DEFAULT_LIMITS),
): Promise<OpenedTgz> {
  const dir = resolve(await mkdtemp(resolve(tmpdir(), 'syncbit-tgz-')));
  const extract = tar.extract();
  const label = basename(file);
  const skipped: { path: string; display: string }[] = [];
  let compressedRead = 0;
  const source = createReadStream(file);
  source.on('data', (chunk) => {
    compressedRead += chunk.length;
  });
  const done = (async (): Promise<void> => {
    for await (const entry of extract) {
      signal?.throwIfAborted();
      const name = entry.header.name;
      const unsafe = unsafeEntryName(name);
      if (unsafe !== undefined)
        throw new SyncBitError(
          'invalid-input',
          `Refusing ${label}: entry "${name.replace(/\0/g, '\\0')}" is not a safe file name (${unsafe}). A Takeout export never holds such names; nothing was imported.`,
        );
      const split = entry.header.type === 'file' ? splitRoot(name) : undefined;
      if (split && wanted(split.rel)) {
        const target = resolve(dir, ...name.split('/').filter((s) => s !== '' && s !== '.'));
        if (!target.startsWith(dir + sep))
          throw new SyncBitError(
            'invalid-input',
            `Refusing ${label}: entry "${name}" points outside the export.`,
          );
        await mkdir(dirname(target), { recursive: true });
        // `wx`: never overwrite (a second entry of the same name, or a planted file, is an error).
        await pipeline(
          entry,
          budget.meter(`${label}:${name}`, () => compressedRead),
          createWriteStream(target, { flags: 'wx' }),
        );
      } else {
        if (split) skipped.push({ path: split.rel, display: `${label}:${name}` });
        entry.resume();
        await new Promise<void>((resolveDrain, reject) => {
          entry.once('end', resolveDrain);
          entry.once('error', reject);
        });
      }
    }
  })();
  try {
    await Promise.all([pipeline(source, createGunzip(), extract), done]);
  } catch (err) {
    extract.destroy();
    source.destroy();
    await done.catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    if (signal?.aborted) throw new SyncBitError('cancelled', 'Import cancelled.', { cause: err });
    if (err instanceof SyncBitError) throw err;
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
