/**
 * The data folder's write lock: held around each operation that writes the archive, index,
 * coverage, staging or an outbox (a sync run, an import, an export drain, rebuild-index, demo),
 * never for a program's lifetime, so the tray app keeps running while `syncbit import` writes.
 *
 * Within one process, operations queue behind each other; across processes, the second program
 * polls for a while and then fails with `folder-busy`, naming the holder (pid and command). A
 * nested call in the same async flow (an import that exports) runs inside the held lock.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { join } from 'node:path';
import { SyncBitError } from '../errors.js';
import { describeOwner, tryLock, type LockOwner } from './lock-file.js';

export const FOLDER_LOCK_FILE = '.syncbit.lock';

export interface FolderLockOptions {
  /** How long to wait for another program to finish (default 10 s). */
  readonly waitMs?: number;
  /** Poll interval while waiting (default 250 ms). */
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
}

/** Thrown when another program keeps the data folder busy longer than the wait. */
export class FolderBusyError extends SyncBitError {
  constructor(
    readonly owner: LockOwner,
    dataDir: string,
  ) {
    super(
      'folder-busy',
      `The data folder ${dataDir} is in use by ${describeOwner(owner)}; try again when it has finished.`,
      { retryable: true },
    );
  }
}

const held = new AsyncLocalStorage<ReadonlySet<string>>();
const queues = new Map<string, Promise<unknown>>();

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

/** The command line a lock records for this process (what the other program shows). */
export function currentCommand(): string {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  return args[0] === undefined ? 'syncbit' : `syncbit ${args[0]}`;
}

async function acquire(dataDir: string, command: string, o: FolderLockOptions): Promise<() => Promise<void>> {
  const path = join(dataDir, FOLDER_LOCK_FILE);
  const deadline = Date.now() + (o.waitMs ?? 10_000);
  for (;;) {
    const got = await tryLock(path, command);
    if (typeof got === 'function') return got;
    if (o.signal?.aborted)
      throw new SyncBitError('cancelled', 'Cancelled while waiting for the data folder.');
    if (Date.now() >= deadline) throw new FolderBusyError(got, dataDir);
    await sleep(Math.min(o.pollMs ?? 250, Math.max(1, deadline - Date.now())), o.signal);
  }
}

/** Runs `fn` while holding the data folder's write lock (see module doc). */
export async function withFolderLock<T>(
  dataDir: string,
  command: string,
  fn: () => Promise<T>,
  options: FolderLockOptions = {},
): Promise<T> {
  const mine = held.getStore();
  if (mine?.has(dataDir)) return fn();
  const prev = queues.get(dataDir) ?? Promise.resolve();
  const run = prev.then(async () => {
    const release = await acquire(dataDir, command, options);
    try {
      return await held.run(new Set([...(mine ?? []), dataDir]), fn);
    } finally {
      await release();
    }
  });
  const tail = run.catch(() => undefined);
  queues.set(dataDir, tail);
  void tail.then(() => {
    if (queues.get(dataDir) === tail) queues.delete(dataDir);
  });
  return run;
}
