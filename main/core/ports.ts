/**
 * Ports: what the core needs from the outside world. The Electron shell and the CLI each provide
 * adapters; tests provide fakes. Keeping these small is what keeps main/core Electron-free.
 */
import type { LogLevel } from './log.js';

/** Time source; tests inject a fake clock. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

export interface LogEntry {
  readonly time: number;
  readonly level: LogLevel;
  readonly scope: string;
  readonly message: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Where redacted log entries go (stderr, a file, the renderer's log view). */
export type LogSink = (entry: LogEntry) => void;

export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

/** The OS keychain (keytar) or, when the user opts in, a 0600 file. Values never reach logs. */
export interface SecretStore {
  readonly kind: 'keychain' | 'file' | 'memory';
  get(account: string): Promise<string | undefined>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
  list(): Promise<string[]>;
}

/** Desktop notifications (the CLI prints them). */
export interface Notifier {
  notify(n: { id: string; title: string; body: string; action?: 'reauthorize' | 'open' }): void;
}

/** Opens a URL in the system browser. */
export type OpenUrl = (url: string) => Promise<void>;
