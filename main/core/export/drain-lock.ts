/**
 * One drainer per destination at a time, across processes (tray app and CLI share a data folder).
 * The lock file (store/lock-file.ts) is created atomically with its owner's pid, command and a
 * random token, so a reader never sees it empty; a lock left by a dead process (kill -9) is taken
 * over.
 */
import { rm } from 'node:fs/promises';
import { readLockOwner, tryLock } from '../store/lock-file.js';

const heldHere = new Set<string>();

/** Takes the lock at `path`; returns a release function, or undefined when another live drainer holds it. */
export async function acquireDrainLock(path: string): Promise<(() => Promise<void>) | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const got = await tryLock(path, 'export drain');
    if (typeof got === 'function') {
      heldHere.add(path);
      return async () => {
        heldHere.delete(path);
        await got();
      };
    }
    if (got.pid !== process.pid || heldHere.has(path)) return undefined;
    // Ours but abandoned (a drain in this process that never released it): take it back.
    const now = await readLockOwner(path);
    if (now?.token === got.token) await rm(path, { force: true });
  }
  return undefined;
}
