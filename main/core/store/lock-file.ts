/**
 * Cross-process lock files in the data folder. The tray app, `syncbit` commands and the daemon may
 * share one data folder; a lock file says which program writes it right now.
 *
 * - Created atomically: the owner record is written to a private temp file first and then
 *   hard-linked to the lock path (link fails with EEXIST when the lock is held), so a reader never
 *   sees an empty or half-written lock.
 * - Stale locks are taken over safely: the owner is dead (no such pid), or its pid was reused by
 *   another process (the recorded process start time differs, where the OS tells it). Removal
 *   happens under a short-lived takeover guard and only if the lock still carries the dead owner's
 *   random token, so two programs taking over at once never delete each other's live lock.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { SyncBitError, toSyncBitError } from '../errors.js';

/** Who holds a lock (what the second program tells the user). */
export interface LockOwner {
  readonly pid: number;
  /** The command line of the holder, e.g. "syncbit import" or "SyncBit (tray app)". */
  readonly command: string;
  /** Random per acquisition: a takeover only removes the exact lock it judged stale. */
  readonly token: string;
  readonly host: string;
  /** The holder's process start time as the OS reports it (Linux), to detect pid reuse. */
  readonly processStart?: string;
  readonly acquiredAt: number;
}

/** Releases a held lock (idempotent). */
export type ReleaseLock = () => Promise<void>;

/** Start time of a process from /proc (Linux); undefined where the OS does not say. */
function processStartOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime) counts from after the parenthesised command name, which may hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: unknown }).code === 'EPERM';
  }
}

/** True when the owner can no longer be running: its pid is gone or now belongs to another process. */
export function ownerIsDead(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false; // another machine's lock (network folder): never guess
  if (!Number.isInteger(owner.pid) || owner.pid <= 0 || !pidAlive(owner.pid)) return true;
  if (owner.pid === process.pid) return owner.processStart !== processStartOf(process.pid);
  const now = processStartOf(owner.pid);
  return owner.processStart !== undefined && now !== undefined && now !== owner.processStart;
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (typeof o.pid !== 'number' || typeof o.token !== 'string') return undefined;
    return {
      pid: o.pid,
      command: typeof o.command === 'string' ? o.command : 'unknown program',
      token: o.token,
      host: typeof o.host === 'string' ? o.host : hostname(),
      ...(typeof o.processStart === 'string' ? { processStart: o.processStart } : {}),
      acquiredAt: typeof o.acquiredAt === 'number' ? o.acquiredAt : 0,
    };
  } catch {
    return undefined;
  }
}

/** Reads the owner of the lock at `path`; undefined when free. An unreadable lock counts as a dead owner. */
export async function readLockOwner(path: string): Promise<LockOwner | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return undefined;
    throw toSyncBitError(err);
  }
  // Only a crash of an older SyncBit (which created the file empty) leaves such a file.
  return (
    parseOwner(text) ?? { pid: 0, command: 'unknown program', token: '', host: hostname(), acquiredAt: 0 }
  );
}

/** Writes `content` to a temp file and links it to `path`: true when linked, false when `path` exists. */
async function linkInto(path: string, content: string): Promise<boolean> {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await mkdir(dirname(path), { recursive: true });
  const fh = await open(tmp, 'wx', 0o644);
  try {
    await fh.writeFile(content);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await link(tmp, path);
    return true;
  } catch (err) {
    if ((err as { code?: unknown }).code === 'EEXIST') return false;
    throw toSyncBitError(err);
  } finally {
    await rm(tmp, { force: true });
  }
}

const GUARD_STALE_MS = 30_000;

/** Removes the lock at `path` if it still carries `stale.token`, under a takeover guard. */
async function removeStale(path: string, stale: LockOwner): Promise<void> {
  const guard = `${path}.takeover`;
  if (!(await linkInto(guard, String(process.pid)))) {
    const age = await stat(guard).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > GUARD_STALE_MS) await rm(guard, { force: true });
    return; // someone else is taking over; the caller retries
  }
  try {
    const now = await readLockOwner(path);
    if (now !== undefined && now.token === stale.token && now.pid === stale.pid)
      await rm(path, { force: true });
  } finally {
    await rm(guard, { force: true });
  }
}

/**
 * One attempt to take the lock at `path` for `command`. Returns the release function, or the live
 * owner when another program holds it. A dead owner's lock is taken over.
 */
export async function tryLock(path: string, command: string): Promise<ReleaseLock | LockOwner> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const owner: LockOwner = {
      pid: process.pid,
      command,
      token: randomBytes(12).toString('hex'),
      host: hostname(),
      ...(processStartOf(process.pid) === undefined ? {} : { processStart: processStartOf(process.pid) }),
      acquiredAt: Date.now(),
    };
    if (await linkInto(path, JSON.stringify(owner))) {
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        const now = await readLockOwner(path).catch(() => undefined);
        if (now?.token === owner.token) await rm(path, { force: true });
      };
    }
    const holder = await readLockOwner(path);
    if (holder === undefined) continue; // released meanwhile
    if (!ownerIsDead(holder)) return holder;
    await removeStale(path, holder);
  }
  const holder = await readLockOwner(path);
  if (holder !== undefined) return holder;
  throw new SyncBitError('io', `Could not take the lock ${path}; try again.`);
}

/** The message the second program shows. */
export function describeOwner(owner: LockOwner): string {
  return `pid ${owner.pid} (${owner.command})`;
}
