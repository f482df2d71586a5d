/**
 * Chooses where the Google refresh token lives: the OS keychain (default) or, only when the user
 * opts in with SYNCBIT_TOKEN_STORE=file, a 0600 file in the data folder. There is no silent
 * fallback: if the keychain fails, the error says so and names the opt-in.
 */
import { SyncBitError } from '../errors.js';
import type { SecretStore } from '../ports.js';
import { dataPaths } from './paths.js';
import { createFileSecretStore } from './secret-store-file.js';
import { createKeytarSecretStore } from './secret-store-keytar.js';
import type { KeytarModule } from './secret-store-keytar.js';

export type SecretStoreKind = 'keychain' | 'file';

export interface SecretStoreConfig {
  readonly kind: SecretStoreKind;
  readonly dataDir: string;
  /** Keychain service name (default `SyncBit`). */
  readonly service?: string;
  /** For tests: a fake keytar module. */
  readonly loadKeytar?: () => Promise<KeytarModule>;
}

/** Reads SYNCBIT_TOKEN_STORE (`keychain` default, or `file`). */
export function secretStoreKindFromEnv(env: NodeJS.ProcessEnv = process.env): SecretStoreKind {
  const v = (env.SYNCBIT_TOKEN_STORE ?? '').trim().toLowerCase();
  if (v === '' || v === 'keychain' || v === 'keytar') return 'keychain';
  if (v === 'file') return 'file';
  throw new SyncBitError(
    'invalid-settings',
    `SYNCBIT_TOKEN_STORE must be "keychain" or "file", not "${env.SYNCBIT_TOKEN_STORE ?? ''}".`,
  );
}

/** Creates the configured store. Never falls back from the keychain to a file. */
export function createSecretStore(config: SecretStoreConfig): SecretStore {
  if (config.kind === 'file') return createFileSecretStore({ file: dataPaths(config.dataDir).tokenFile });
  return createKeytarSecretStore({
    ...(config.service !== undefined ? { service: config.service } : {}),
    ...(config.loadKeytar !== undefined ? { load: config.loadKeytar } : {}),
  });
}

/** An in-memory store (tests, and `--dry-run` style flows); never persisted. */
export function createMemorySecretStore(): SecretStore & { readonly entries: ReadonlyMap<string, string> } {
  const entries = new Map<string, string>();
  return {
    kind: 'memory',
    entries,
    get: (account) => Promise.resolve(entries.get(account)),
    set: (account, secret) => {
      entries.set(account, secret);
      return Promise.resolve();
    },
    delete: (account) => Promise.resolve(entries.delete(account)),
    list: () => Promise.resolve([...entries.keys()].sort()),
  };
}
