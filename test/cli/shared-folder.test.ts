/**
 * One data folder, two programs, in real child processes: the daemon syncing while `syncbit
 * import` runs finds every day intact, nothing lost or doubled; SIGTERM stops the daemon with exit
 * code 0; a program that finds the folder busy names the holder; a dead holder's lock is taken over.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { demoZones } from '../../main/core/demo/demo-zones.js';
import { generateSyntheticTakeout } from '../../main/core/demo/synthetic-takeout.js';
import { addDays } from '../../main/core/model/civil-day.js';
import { recordKey, type DataRecord } from '../../main/core/model/record.js';
import { FOLDER_LOCK_FILE } from '../../main/core/store/folder-lock.js';
import { tryLock } from '../../main/core/store/lock-file.js';
import { runCli } from '../helpers/run-cli.js';
import { signedInViaCli } from '../helpers/sim-env.js';
import { useTmpDirs } from '../helpers/tmp-dir.js';

const tmp = useTmpDirs();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const NOW = Date.now();
const TODAY = new Date(NOW).toISOString().slice(0, 10);

async function signedIn(): Promise<NodeJS.ProcessEnv> {
  const { env } = await signedInViaCli({
    sim: { heartRateCadenceSeconds: 60, historyDays: 20, now: () => NOW },
    dataDir: await tmp(),
    env: { SYNCBIT_BACKFILL_DAYS: '8', SYNCBIT_LOCK_WAIT_SECONDS: '120' },
    inherit: true,
    onCleanup: (stop) => cleanups.push(stop),
  });
  return env;
}

/** A Takeout export of days well before the synced range. */
async function takeout(): Promise<string[]> {
  const start = addDays(TODAY, -45);
  const gen = await generateSyntheticTakeout({
    seed: 11,
    startDay: start,
    days: 15,
    zones: demoZones(start, 15),
    outDir: join(await tmp(), 'export'),
    format: 'zip',
    heartRateSeconds: 60,
  });
  return gen.inputs;
}

/** Record keys per day file; fails on a duplicate within a day or an unreadable file. */
async function archiveKeys(dataDir: string): Promise<Map<string, string[]>> {
  const dir = join(dataDir, 'archive');
  const out = new Map<string, string[]>();
  for (const f of (await readdir(dir)).filter((n) => n.endsWith('.json.gz')).sort()) {
    const records = JSON.parse(gunzipSync(await readFile(join(dir, f))).toString()) as DataRecord[];
    const keys = records.map(recordKey).sort();
    expect(new Set(keys).size, `duplicates in ${f}`).toBe(keys.length);
    out.set(f, keys);
  }
  return out;
}

interface Child {
  readonly proc: ChildProcess;
  readonly stderr: () => string;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function cli(args: string[], env: NodeJS.ProcessEnv): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'main/cli.ts', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr.on('data', (b: Buffer) => (err += b.toString()));
  proc.stdout.resume();
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.once('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
  cleanups.push(async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await exit;
  });
  return { proc, stderr: () => err, exit };
}

/** Waits until the child's stderr matches (bounded by a number of polls). */
async function until(child: Child, pattern: RegExp): Promise<void> {
  for (let i = 0; i < 1200 && !pattern.test(child.stderr()); i++) {
    if (child.proc.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(child.stderr()).toMatch(pattern);
}

/** Waits until the first day file exists: mid-run, day files are being written. */
async function untilDayFiles(env: NodeJS.ProcessEnv): Promise<void> {
  const archive = join(env.SYNCBIT_DATA_DIR as string, 'archive');
  for (let i = 0; i < 1200; i++) {
    const files = await readdir(archive).catch(() => []);
    if (files.some((n) => n.endsWith('.json.gz'))) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A signed-in daemon caught mid-sync: it has started syncing and written its first day files. */
async function daemonWritingDays(): Promise<{ env: NodeJS.ProcessEnv; daemon: Child }> {
  const env = await signedIn();
  const daemon = cli(['daemon'], env);
  await until(daemon, /Syncing \d+ type-days/);
  await untilDayFiles(env);
  return { env, daemon };
}

describe('one data folder, two programs', () => {
  it('the daemon syncs while `syncbit import` runs: every day intact, nothing lost or doubled; SIGTERM exits 0', async () => {
    const inputs = await takeout();
    // References: each program alone in its own folder.
    const syncOnly = await signedIn();
    expect((await runCli(['sync'], syncOnly)).code).toBe(0);
    const importOnly = { ...process.env, SYNCBIT_DATA_DIR: await tmp(), SYNCBIT_SECRETS_DIR: '/nonexistent' };
    expect((await runCli(['import', ...inputs], importOnly)).code).toBe(0);
    const expected = new Map([
      ...(await archiveKeys(syncOnly.SYNCBIT_DATA_DIR as string)),
      ...(await archiveKeys(importOnly.SYNCBIT_DATA_DIR)),
    ]);

    // Both at once on one folder, in real processes.
    const shared = await signedIn();
    const daemon = cli(['daemon'], shared);
    await until(daemon, /Syncing \d+ type-days/);
    const importer = cli(['import', ...inputs], shared);
    const imported = await importer.exit;
    expect(imported.code, importer.stderr()).toBe(0);
    await until(daemon, /Sync finished/);
    daemon.proc.kill('SIGTERM');
    expect(await daemon.exit).toEqual({ code: 0, signal: null });
    expect(daemon.stderr()).toMatch(/Stopped\.\s*$/);

    const got = await archiveKeys(shared.SYNCBIT_DATA_DIR as string);
    expect([...got.keys()]).toEqual([...expected.keys()].sort());
    for (const [file, keys] of expected) expect(got.get(file), file).toEqual(keys);
    const status = await runCli(['status', '--json'], shared);
    expect((JSON.parse(status.out) as { days: number }).days).toBe(expected.size);
  }, 240_000);

  it('SIGTERM while the daemon is syncing finishes the current write and exits 0', async () => {
    const { env, daemon } = await daemonWritingDays();
    daemon.proc.kill('SIGTERM');
    expect(await daemon.exit).toEqual({ code: 0, signal: null });
    expect(daemon.stderr()).toMatch(/Stopping: finishing the current write…[\s\S]*Stopped\./);
    await archiveKeys(env.SYNCBIT_DATA_DIR as string); // every file written is whole
  }, 120_000);

  it('kill -9 of the daemon: its capped sync process stops as on SIGTERM and releases the folder', async () => {
    const { env, daemon } = await daemonWritingDays();
    daemon.proc.kill('SIGKILL');
    expect(await daemon.exit).toEqual({ code: null, signal: 'SIGKILL' });
    // The sync process inherited stderr: it still reports as it stops.
    await until(daemon, /Stopping: finishing the current write…[\s\S]*Stopped\./);
    await archiveKeys(env.SYNCBIT_DATA_DIR as string); // every file written is whole
    const status = await runCli(['status', '--json'], env);
    expect(status.code, status.err).toBe(0);
  }, 120_000);

  it('a second program that finds the folder busy names the holder (pid, command) and exits', async () => {
    const dataDir = await tmp();
    const release = await tryLock(join(dataDir, FOLDER_LOCK_FILE), 'syncbit daemon');
    if (typeof release !== 'function') throw new Error('lock not taken');
    cleanups.push(release);
    const env = {
      ...process.env,
      SYNCBIT_DATA_DIR: dataDir,
      SYNCBIT_SECRETS_DIR: '/nonexistent',
      SYNCBIT_LOCK_WAIT_SECONDS: '0.3',
    };
    const importer = cli(['rebuild-index'], env);
    const { code } = await importer.exit;
    expect(code).toBe(1);
    expect(importer.stderr()).toContain(`in use by pid ${process.pid} (syncbit daemon)`);
    expect(importer.stderr()).toContain('[folder-busy]');
  }, 60_000);

  it('a lock left by a dead program is taken over', async () => {
    const dataDir = await tmp();
    const dead = spawn(process.execPath, ['-e', '0']);
    const deadPid = dead.pid;
    await new Promise((r) => dead.once('exit', r));
    await writeFile(
      join(dataDir, FOLDER_LOCK_FILE),
      JSON.stringify({
        pid: deadPid,
        command: 'syncbit import',
        token: 'x',
        host: (await import('node:os')).hostname(),
        acquiredAt: 1,
      }),
    );
    const inputs = await takeout();
    const res = await runCli(['import', ...inputs], {
      SYNCBIT_DATA_DIR: dataDir,
      SYNCBIT_SECRETS_DIR: '/nonexistent',
      SYNCBIT_LOCK_WAIT_SECONDS: '1',
    });
    expect(res.code, res.err).toBe(0);
    expect((await archiveKeys(dataDir)).size).toBeGreaterThanOrEqual(15);
    await expect(readFile(join(dataDir, FOLDER_LOCK_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  }, 60_000);
});
