/**
 * `syncbit sync` and `syncbit daemon` run in a Node whose heap is capped (SYNCBIT_HEAP_MB, default
 * 128 MB), which is what keeps a sync's RSS under 250 MB (bench:sync); other commands run as they
 * are; a bad value is a clear error. Runs the real entry (main/cli.ts) in child processes.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { capToApply, heapCapMb, type ProcessFacts } from '../../main/cli/heap-cap.js';
import { useTmpDirs } from '../helpers/tmp-dir.js';

const tmp = useTmpDirs();

function facts(argv: string[], env: NodeJS.ProcessEnv = {}, more: Partial<ProcessFacts> = {}): ProcessFacts {
  return { argv, env, execArgv: [], platform: 'linux', ...more };
}

/** Runs the CLI as a terminal would; resolves with its exit code and stderr. */
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'main/cli.ts', ...args], {
      env: { ...process.env, LOG_LEVEL: 'debug', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    proc.stderr.on('data', (b: Buffer) => (err += b.toString()));
    proc.once('error', reject);
    proc.once('close', (code) => {
      resolve({ code, err });
    });
  });
}

const heapLimitMb = (stderr: string): number => Number(/V8 heap limit \{"mb":(\d+)\}/.exec(stderr)?.[1]);

describe('the heap cap of the syncing commands', () => {
  it('applies to sync and daemon only, not twice, not on Windows, and can be switched off', () => {
    expect(capToApply(facts(['sync']))).toBe(128);
    expect(capToApply(facts(['daemon'], { SYNCBIT_HEAP_MB: '192' }))).toBe(192);
    expect(capToApply(facts(['import', 'x.zip']))).toBeUndefined();
    expect(capToApply(facts(['status']))).toBeUndefined();
    expect(capToApply(facts([]))).toBeUndefined();
    expect(capToApply(facts(['sync'], { SYNCBIT_HEAP_MB: '0' }))).toBeUndefined();
    expect(capToApply(facts(['sync'], {}, { execArgv: ['--max-old-space-size=300'] }))).toBeUndefined();
    expect(capToApply(facts(['sync'], {}, { platform: 'win32' }))).toBeUndefined();
  });

  it.each(['abc', '12', '1.5', '9000', '-1'])('refuses SYNCBIT_HEAP_MB=%s with what it accepts', (v) => {
    expect(() => heapCapMb({ SYNCBIT_HEAP_MB: v })).toThrow(
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
});
