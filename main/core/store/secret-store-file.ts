/**
 * The opt-in plaintext token store for servers and containers (SYNCBIT_TOKEN_STORE=file): one JSON
 * file, mode 0600, in the data folder's state directory (0700), written atomically (temp file in
 * the same directory, fsync, rename). It refuses to read or write a file other users can access.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { SyncBitError, toSyncBitError } from '../errors.js';
import type { SecretStore } from '../ports.js';

export interface FileSecretStoreOptions {
  /** The token file (dataPaths(dataDir).tokenFile). */
  readonly file: string;
  readonly platform?: NodeJS.Platform;
}

const fileSchema = z.object({ version: z.literal(1), secrets: z.record(z.string(), z.string()) });

/** Creates the file-backed store. */
export function createFileSecretStore(opts: FileSecretStoreOptions): SecretStore {
  const { file } = opts;
  const posix = (opts.platform ?? process.platform) !== 'win32';
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };

  const read = async (): Promise<Record<string, string>> => {
    let st;
    try {
      st = await stat(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw toSyncBitError(e);
    }
    if (posix && (st.mode & 0o077) !== 0)
      throw new SyncBitError(
        'io',
        `The token file ${file} can be read by other users (mode ${(st.mode & 0o777).toString(8)}), so SyncBit will not use it. Run \`chmod 600 ${file}\` (or delete it and run \`syncbit authorize\`).`,
      );
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(file, 'utf8'));
    } catch (e) {
      if (e instanceof SyntaxError)
        throw new SyncBitError(
          'io',
          `The token file ${file} is damaged. Delete it and run \`syncbit authorize\` again.`,
        );
      throw toSyncBitError(e);
    }
    const r = fileSchema.safeParse(parsed);
    if (!r.success)
      throw new SyncBitError(
        'io',
        `The token file ${file} has an unexpected format. Delete it and run \`syncbit authorize\` again.`,
      );
    return r.data.secrets;
  };

  const write = async (secrets: Record<string, string>): Promise<void> => {
    const dir = dirname(file);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    const fh = await open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(JSON.stringify({ version: 1, secrets }, null, 2));
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      if (posix) await chmod(tmp, 0o600);
      await rename(tmp, file);
    } catch (e) {
      await rm(tmp, { force: true });
      throw toSyncBitError(e);
    }
  };

  return {
    kind: 'file',
    get: (account) => serial(async () => (await read())[account]),
    set: (account, secret) =>
      serial(async () => {
        const all = await read();
        all[account] = secret;
        await write(all);
      }),
    delete: (account) =>
      serial(async () => {
        const all = await read();
        if (!(account in all)) return false;
        // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- a plain record keyed by account
        delete all[account];
        await write(all);
        return true;
      }),
    list: () => serial(async () => Object.keys(await read()).sort()),
  };
}
