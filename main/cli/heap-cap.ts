/**
 * The commands that sync or import run in a Node whose V8 old space is capped (SYNCBIT_HEAP_MB,
 * default 128 MB for `sync` and `daemon`, 160 MB for `import` and `demo`; 0 = V8's own limit).
 * Their live sets are small and do not grow with the data (a sync's stays under 64 MB; an import
 * streams into disk-backed staging), but with V8's default limit the heap fills with garbage
 * before it collects, which takes a sync past 250 MB of RSS and a 2-year import to 330 MB
 * (bench:sync, bench:import; capped: 233 MB and 217 MB, no slower). A flag cannot be set once V8
 * runs, so the CLI runs the command again in a child Node with `--max-old-space-size` and relays
 * to it: SIGINT/SIGTERM/SIGHUP are forwarded once each, the child's exit code is the CLI's, and a
 * child whose parent vanishes (kill -9) stops as on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { SyncBitError } from '../core/errors.js';

/** The commands that run capped, and their default cap in MB. */
export const DEFAULT_HEAP_MB: Readonly<Record<string, number>> = {
  sync: 128,
  daemon: 128,
  import: 160,
  demo: 160,
};

/**
 * SYNCBIT_HEAP_MB as a number of MB: 0 (no cap) or 64–8192, else `fallback`; anything else is an
 * error that says so.
 */
export function heapCapMb(env: NodeJS.ProcessEnv, fallback: number): number {
  const raw = env.SYNCBIT_HEAP_MB;
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || (n !== 0 && (n < 64 || n > 8192)))
    throw new SyncBitError(
      'invalid-settings',
      `SYNCBIT_HEAP_MB must be 0 (no cap) or a whole number of MB from 64 to 8192, got "${raw}".`,
    );
  return n;
}

export interface ProcessFacts {
  readonly argv: readonly string[];
  readonly execArgv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly platform: NodeJS.Platform;
}

/**
 * The cap (MB) to re-run this command under, or undefined to run it here: not a capped command,
 * the cap is off, this Node already has a heap flag, or Windows (no signals to relay).
 */
export function capToApply(facts: ProcessFacts): number | undefined {
  const fallback = facts.argv[0] === undefined ? undefined : DEFAULT_HEAP_MB[facts.argv[0]];
  if (fallback === undefined || facts.platform === 'win32') return undefined;
  if (facts.execArgv.some((a) => a.startsWith('--max-old-space-size'))) return undefined;
  const mb = heapCapMb(facts.env, fallback);
  return mb === 0 ? undefined : mb;
}

const RELAYED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs `script argv…` in a child Node capped at `mb` and resolves with its exit code (128 + the
 * signal's number when a signal ended it). The child has its own process group, so a terminal's
 * Ctrl+C reaches it once, through this relay; a second Ctrl+C is relayed too (forcing the exit).
 */
export function runCapped(mb: number, script: string, facts: ProcessFacts): Promise<number> {
  const child: ChildProcess = spawn(
    process.execPath,
    [...facts.execArgv, `--max-old-space-size=${mb}`, script, ...facts.argv],
    { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env: facts.env, detached: true },
  );
  const relay = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  for (const s of RELAYED) process.on(s, relay);
  return new Promise((resolve) => {
    child.once('error', (err) => {
      process.stderr.write(`syncbit: could not start the command in a capped Node: ${err.message}\n`);
      resolve(1);
    });
    child.once('exit', (code, signal) => {
      for (const s of RELAYED) process.off(s, relay);
      resolve(code ?? 128 + (signal === null ? 0 : constants.signals[signal]));
    });
  });
}

/**
 * In the capped child: when the parent that relays signals goes away (it was killed), stop as on
 * SIGTERM. The IPC channel is unref'd so that it never keeps the child alive by itself.
 */
export function stopWhenOrphaned(stop: () => void): void {
  if (process.channel === undefined) return;
  process.channel.unref();
  process.once('disconnect', stop);
}
