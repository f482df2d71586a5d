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

/** Who is signed in, as last recorded: the Google Health user id and granted scopes, never a token. */
export interface SignedInAccount {
  healthUserId: string;
  /** Written by early versions from the identity's resource name (`users/…/identity`); never shown. */
  name?: string;
  grantedScopes: string[];
  signedInAt: number;
  /** When the sign-in stops working (epoch ms), from `refresh_token_expires_in`; absent = no known limit. */
  signInLapsesAt?: number;
}

/**
 * Where the signed-in account is remembered (store/account-file.ts: `state/account.json`), so the
 * app can say "signed in as …" without a request. The sources read and write it through this port.
 */
export interface AccountStore {
  /** The recorded account; undefined when nobody is signed in (or the record is unreadable). */
  read(): Promise<SignedInAccount | undefined>;
  write(account: SignedInAccount): Promise<void>;
  /** Forgets who was signed in. */
  forget(): Promise<void>;
}

/** Desktop notifications (the CLI prints them). */
export interface Notifier {
  notify(n: { id: string; title: string; body: string; action?: 'reauthorize' | 'open' }): void;
}

/** Opens a URL in the system browser. */
export type OpenUrl = (url: string) => Promise<void>;
