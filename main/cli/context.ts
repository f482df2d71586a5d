/**
 * What every CLI command receives. Commands are Electron-free and write only through `out`/`err`
 * so that tests can run them in-process and read what a person would see.
 */
import type { Logger } from '../core/ports.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface CliContext {
  readonly env: NodeJS.ProcessEnv;
  readonly io: CliIo;
  readonly log: Logger;
  /** Resolves when SIGINT/SIGTERM arrives (the daemon finishes its current write, then exits). */
  readonly shutdown: AbortSignal;
}

/** One CLI command: parses its own arguments, returns the process exit code. */
export type CliCommand = (args: readonly string[], ctx: CliContext) => Promise<number>;
