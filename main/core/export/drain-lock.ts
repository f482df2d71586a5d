/**
 * One drainer per destination at a time, across processes (tray app and CLI share a data folder).
 * The lock file holds the owner's pid; a lock left by a dead process (kill -9) is taken over.
 */
import { open, readFile, rm } from 'node:fs/promises';
import { toSyncBitError } from '../errors.js';

const heldHere = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: unknown }).code === 'EPERM';
  }
}

/** Takes the lock at `path`; returns a release function, or undefined when another live drainer holds it. */
export async function acquireDrainLock(path: string): Promise<(() => Promise<void>) | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(path, 'wx');
      try {
        await fh.writeFile(String(process.pid));
      } finally {
        await fh.close();
      }
      heldHere.add(path);
      return async () => {
        heldHere.delete(path);
        await rm(path, { force: true });
      };
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'EEXIST') throw toSyncBitError(err);
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      const ours = pid === process.pid;
      if ((ours && heldHere.has(path)) || (!ours && Number.isInteger(pid) && pid > 0 && alive(pid)))
        return undefined;
      // Stale: its owner died (or, in this process, an abandoned drain that never released it).
      await rm(path, { force: true });
    }
  }
  return undefined;
}
