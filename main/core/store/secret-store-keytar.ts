/**
 * The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux) through
 * keytar, behind the SecretStore port. This is the only file that imports keytar. Any keychain
 * failure becomes `keychain-unavailable` with a message that names the opt-in file store.
 */
import { SyncBitError } from '../errors.js';
import { redactText } from '../log.js';
import type { SecretStore } from '../ports.js';

/** The keytar functions SyncBit uses (lets tests inject a fake module). */
export interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<{ account: string; password: string }[]>;
}

export interface KeytarSecretStoreOptions {
  /** Keychain service name (default `SyncBit`). */
  readonly service?: string;
  /** Loads keytar (default: dynamic import, so a missing native module is a clear error, not a crash at start-up). */
  readonly load?: () => Promise<KeytarModule>;
}

export const KEYCHAIN_SERVICE = 'SyncBit';

function unavailable(action: string, e: unknown): SyncBitError {
  const why = redactText(e instanceof Error ? e.message : String(e));
  return new SyncBitError(
    'keychain-unavailable',
    `The system keychain is not available (${action}: ${why}). On a desktop, unlock your keyring (e.g. GNOME Keyring / KWallet) and try again. ` +
      'On a server or in a container, set SYNCBIT_TOKEN_STORE=file to keep the token in a 0600 file in the data folder instead.',
  );
}

async function defaultLoad(): Promise<KeytarModule> {
  const mod = (await import('keytar')) as unknown as KeytarModule & { default?: KeytarModule };
  return typeof mod.getPassword === 'function' ? mod : (mod.default ?? mod);
}

/** Creates a keychain-backed store. keytar is loaded on first use. */
export function createKeytarSecretStore(opts: KeytarSecretStoreOptions = {}): SecretStore {
  const service = opts.service ?? KEYCHAIN_SERVICE;
  const load = opts.load ?? defaultLoad;
  let loaded: Promise<KeytarModule> | undefined;
  const keytar = (): Promise<KeytarModule> => {
    loaded ??= load().catch((e: unknown) => {
      loaded = undefined;
      throw unavailable('loading keytar', e);
    });
    return loaded;
  };
  const run = async <T>(action: string, fn: (k: KeytarModule) => Promise<T>): Promise<T> => {
    const k = await keytar();
    try {
      return await fn(k);
    } catch (e) {
      throw unavailable(action, e);
    }
  };
  return {
    kind: 'keychain',
    get: (account) => run('reading', async (k) => (await k.getPassword(service, account)) ?? undefined),
    set: (account, secret) => run('writing', (k) => k.setPassword(service, account, secret)),
    delete: (account) => run('deleting', (k) => k.deletePassword(service, account)),
    list: () => run('listing', async (k) => (await k.findCredentials(service)).map((c) => c.account).sort()),
  };
}
