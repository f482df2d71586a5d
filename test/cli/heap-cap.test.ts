/**
 * `syncbit sync`, `daemon`, `import` and `demo` run in a Node whose heap is capped (SYNCBIT_HEAP_MB,
 * default 128 or 160 MB), which is what keeps their RSS under 250/300 MB (bench:sync,
 * bench:import); other commands run as they are; a bad value is a clear error. Runs the real
 * entry (main/cli.ts) in child processes.
 */
import { spawn } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { capToApply, heapCapMb, type ProcessFacts } from '../../main/cli/heap-cap.js';
import { smallTakeout } from '../harness/fixtures.js';
import { useTmpDirs } from '../helpers/tmp-dir.js';

const tmp = useTmpDirs();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function facts(argv: string[], env: NodeJS.ProcessEnv = {}, more: Partial<ProcessFacts> = {}): ProcessFacts {
  return { argv, env, execArgv: [], platform: 'linux', ...more };
}

/**
 * Runs the CLI as a terminal would; resolves with its exit code and stderr. `onErr` sees stderr as
 * it grows (and may signal the process).
 */
function cli(
  args: string[],
  env: NodeJS.ProcessEnv,
  onErr?: (err: string, proc: ReturnType<typeof spawn>) => void,
): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'main/cli.ts', ...args], {
      env: { ...process.env, LOG_LEVEL: 'debug', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    proc.stderr.on('data', (b: Buffer) => {
      err += b.toString();
      onErr?.(err, proc);
    });
    proc.once('error', reject);
    proc.once('close', (code) => {
      resolve({ code, err });
    });
  });
}

const heapLimitMb = (stderr: string): number => Number(/V8 heap limit \{"mb":(\d+)\}/.exec(stderr)?.[1]);

describe('the heap cap of the syncing commands', () => {
  it('applies to sync, daemon, import and demo only, not twice, not on Windows, and can be switched off', () => {
    expect(capToApply(facts(['sync']))).toBe(128);
    expect(capToApply(facts(['daemon'], { SYNCBIT_HEAP_MB: '192' }))).toBe(192);
    expect(capToApply(facts(['import', 'x.zip']))).toBe(160);
    expect(capToApply(facts(['demo']))).toBe(160);
    expect(capToApply(facts(['status']))).toBeUndefined();
    expect(capToApply(facts(['export']))).toBeUndefined();
    expect(capToApply(facts([]))).toBeUndefined();
    expect(capToApply(facts(['sync'], { SYNCBIT_HEAP_MB: '0' }))).toBeUndefined();
    expect(capToApply(facts(['sync'], {}, { execArgv: ['--max-old-space-size=300'] }))).toBeUndefined();
    expect(capToApply(facts(['sync'], {}, { platform: 'win32' }))).toBeUndefined();
  });

  it.each(['abc', '12', '1.5', '9000', '-1'])('refuses SYNCBIT_HEAP_MB=%s with what it accepts', (v) => {
    expect(() => heapCapMb({ SYNCBIT_HEAP_MB: v }, 128)).toThrow(
      /0 \(no cap\) or a whole number of MB from 64 to 8192/,
    );
  });

  it('runs `syncbit sync` capped, with the same exit code and message as uncapped', async () => {
    const env = { SYNCBIT_DATA_DIR: await tmp(), GOOGLE_CLIENT_ID: '', GOOGLE_CLIENT_SECRET: '' };
    const capped = await cli(['sync'], env);
    const uncapped = await cli(['sync'], { ...env, SYNCBIT_HEAP_MB: '0' });
    expect(heapLimitMb(capped.err)).toBeLessThan(256);
    expect(heapLimitMb(uncapped.err)).toBeGreaterThan(256);
    // Not configured: both say so and exit alike.
    expect(capped.code).toBe(uncapped.code);
    expect(capped.code).not.toBe(0);
    expect(capped.err).toContain('No Google OAuth client is configured');
    expect(uncapped.err).toContain('No Google OAuth client is configured');
  });

  it('runs other commands uncapped, and a bad value exits 2 with a clear message', async () => {
    const dir = await tmp();
    expect(heapLimitMb((await cli(['status'], { SYNCBIT_DATA_DIR: dir })).err)).toBeGreaterThan(256);
    const bad = await cli(['daemon'], { SYNCBIT_DATA_DIR: dir, SYNCBIT_HEAP_MB: 'lots' });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('SYNCBIT_HEAP_MB must be 0 (no cap) or a whole number of MB');
  });

  it('Ctrl+C reaches a capped import once: it is cancelled and the archive stays as it was', async () => {
    const gen = await smallTakeout(40, 5);
    cleanups.push(() => rm(gen.dir, { recursive: true, force: true }));
    const dataDir = await tmp();
    let sent = false;
    const res = await cli(['import', ...gen.inputs], { SYNCBIT_DATA_DIR: dataDir }, (err, proc) => {
      if (!sent && /reading… \d+%/.test(err)) {
        sent = true;
        proc.kill('SIGINT');
      }
    });
    expect(sent).toBe(true);
    expect(heapLimitMb(res.err)).toBeLessThan(256);
    expect(res.code, res.err).not.toBe(0);
    expect(res.err).toMatch(/cancel/i);
    const files = await readdir(join(dataDir, 'archive')).catch(() => []);
    expect(files.filter((f) => f.endsWith('.json.gz'))).toEqual([]);
  }, 120_000);
});
