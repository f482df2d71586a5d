import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { recordKey, type DataRecord } from '../../main/core/model/record.js';
import { runCli } from '../helpers/run-cli.js';
import { useTmpDirs } from '../helpers/tmp-dir.js';
import { signedInViaCli } from '../helpers/sim-env.js';

const tmp = useTmpDirs();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const NOW = Date.now();

async function signedIn(): Promise<NodeJS.ProcessEnv> {
  // Each run gets its own simulator with the same seed and clock: identical data.
  const { env } = await signedInViaCli({
    sim: { heartRateCadenceSeconds: 30, historyDays: 20, now: () => NOW },
    dataDir: await tmp(),
    env: { SYNCBIT_BACKFILL_DAYS: '10' },
    inherit: true,
    onCleanup: (stop) => cleanups.push(stop),
  });
  return env;
}

async function archiveContent(dataDir: string): Promise<Map<string, string>> {
  const dir = join(dataDir, 'archive');
  const out = new Map<string, string>();
  for (const f of (await readdir(dir)).filter((n) => n.endsWith('.json.gz')).sort()) {
    const records = JSON.parse(gunzipSync(await readFile(join(dir, f))).toString()) as DataRecord[];
    const keys = records.map(recordKey);
    expect(new Set(keys).size, `duplicates in ${f}`).toBe(keys.length);
    out.set(f, createHash('sha256').update(JSON.stringify(records)).digest('hex'));
  }
  return out;
}

/** Runs `syncbit sync` in a child process and SIGKILLs it once `killAfterFiles` day files exist. */
function syncAndKill(env: NodeJS.ProcessEnv, killAfterFiles: number): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli.ts', 'sync'], {
      env,
      stdio: 'ignore',
    });
    const dir = join(env.SYNCBIT_DATA_DIR as string, 'archive');
    let done = false;
    const poll = (): void => {
      if (done) return;
      readdir(dir)
        .then((names) => {
          if (names.filter((n) => n.endsWith('.json.gz')).length >= killAfterFiles) child.kill('SIGKILL');
        })
        .catch(() => undefined)
        .finally(() => setTimeout(poll, 20));
    };
    poll();
    child.once('exit', (_code, signal) => {
      done = true;
      resolve(signal);
    });
    child.once('error', (e) => {
      done = true;
      reject(e);
    });
  });
}

describe('kill -9 during a sync', () => {
  it('loses nothing and duplicates nothing: after a restart the archive equals an uninterrupted run', async () => {
    const reference = await signedIn();
    expect((await runCli(['sync'], reference)).code).toBe(0);
    const expected = await archiveContent(reference.SYNCBIT_DATA_DIR as string);

    const crashed = await signedIn();
    expect(await syncAndKill(crashed, 3)).toBe('SIGKILL'); // killed mid-run, not after it finished
    const restarted = await runCli(['sync'], crashed);
    expect(restarted.code, restarted.err).toBe(0);
    expect(await archiveContent(crashed.SYNCBIT_DATA_DIR as string)).toEqual(expected);
  }, 120_000);
});
