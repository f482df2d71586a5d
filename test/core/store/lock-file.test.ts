/** Cross-process lock files: atomic creation, holder reporting, safe takeover of dead holders. */
import { spawn } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDrainLock } from '../../../main/core/export/drain-lock.js';
import { FolderBusyError, withFolderLock } from '../../../main/core/store/folder-lock.js';
import { readLockOwner, tryLock, type LockOwner } from '../../../main/core/store/lock-file.js';
import { useTmpDirs } from '../../helpers/tmp-dir.js';

const tmp = useTmpDirs();

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

const owner = (over: Partial<LockOwner>): string =>
  JSON.stringify({ pid: process.pid, command: 'x', token: 't', host: hostname(), acquiredAt: 1, ...over });

describe('lock files', () => {
  it('are written whole before they appear, name their holder, and leave no temp file behind', async () => {
    const path = join(await tmp(), 'a.lock');
    const release = await tryLock(path, 'syncbit import');
    expect(typeof release).toBe('function');
    const held = await readLockOwner(path);
    expect(held).toMatchObject({ pid: process.pid, command: 'syncbit import' });
    expect(held?.token).toMatch(/^[0-9a-f]{24}$/);
    expect(await tryLock(path, 'syncbit export')).toMatchObject({
      pid: process.pid,
      command: 'syncbit import',
    });
    expect((await readdir(join(path, '..'))).sort()).toEqual(['a.lock']);
    if (typeof release === 'function') await release();
    expect(await readLockOwner(path)).toBeUndefined();
  });

  it('take over the lock of a dead process, and of a reused pid (start time differs)', async () => {
    const dir = await tmp();
    const dead = join(dir, 'dead.lock');
    await writeFile(dead, owner({ pid: await deadPid(), token: 'old' }));
    expect(typeof (await tryLock(dead, 'me'))).toBe('function');

    const reused = join(dir, 'reused.lock');
    await writeFile(reused, owner({ pid: process.pid, processStart: '1', token: 'old' }));
    expect(typeof (await tryLock(reused, 'me'))).toBe('function');
    expect((await readLockOwner(reused))?.command).toBe('me');
  });

  it('never take over a live holder, nor a lock another machine holds', async () => {
    const dir = await tmp();
    const other = join(dir, 'other-host.lock');
    await writeFile(other, owner({ pid: await deadPid(), host: 'elsewhere.example' }));
    expect(await tryLock(other, 'me')).toMatchObject({ host: 'elsewhere.example' });
    const parent = join(dir, 'parent.lock');
    await writeFile(parent, owner({ pid: process.ppid, command: 'the parent' }));
    expect(await tryLock(parent, 'me')).toMatchObject({ command: 'the parent' });
  });

  it('the export drain lock is never seen empty and is not taken from a live drainer', async () => {
    const path = join(await tmp(), '.drain.lock');
    const release = await acquireDrainLock(path);
    expect(release).toBeDefined();
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ pid: process.pid });
    expect(await acquireDrainLock(path)).toBeUndefined();
    await release?.();
    // An empty lock file (left by an older SyncBit that crashed) counts as stale.
    await writeFile(path, '');
    expect(await acquireDrainLock(path)).toBeDefined();
  });
});

describe('the data folder lock', () => {
  it('queues operations of one process and lets a nested one run inside', async () => {
    const dir = await tmp();
    const order: string[] = [];
    const a = withFolderLock(dir, 'a', async () => {
      order.push('a start');
      await withFolderLock(dir, 'a', () => Promise.resolve(order.push('a nested')));
      await new Promise((r) => setTimeout(r, 20));
      order.push('a end');
    });
    const b = withFolderLock(dir, 'b', () => Promise.resolve(order.push('b')));
    await Promise.all([a, b]);
    expect(order).toEqual(['a start', 'a nested', 'a end', 'b']);
  });

  it('fails with folder-busy naming the holder after the wait', async () => {
    const dir = await tmp();
    await writeFile(join(dir, '.syncbit.lock'), owner({ pid: process.ppid, command: 'syncbit daemon' }));
    const err = await withFolderLock(dir, 'me', () => Promise.resolve(1), { waitMs: 50, pollMs: 10 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FolderBusyError);
    expect((err as FolderBusyError).code).toBe('folder-busy');
    expect((err as Error).message).toContain(`pid ${process.ppid} (syncbit daemon)`);
  });
});
