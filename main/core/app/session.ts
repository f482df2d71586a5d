/**
 * One opened session of the core: the data folder with its settings, archive, coverage, secret
 * store and account file, as every workflow of the application layer (main/core/app/*) runs over
 * it. Both entries (the tray app and the CLI) open it here, so they share exactly the same wiring:
 * this is where the store's implementations are plugged into the ports the sources use.
 */
import { CoverageStore } from '../store/coverage.js';
import { systemClock, type AccountStore, type Clock, type Logger, type SecretStore } from '../ports.js';
import { accountFile } from '../store/account-file.js';
import { Archive } from '../store/archive.js';
import { currentCommand, withFolderLock, type FolderLockOptions } from '../store/folder-lock.js';
import { resolveDataDir } from '../store/paths.js';

export { resolveDataDir };
import { createSecretStore } from '../store/secret-store.js';
import {
  loadSettings,
  resolveSecret as resolveSecretFrom,
  type LoadedSettings,
  type SecretName,
} from '../store/settings.js';

export interface Session {
  readonly dataDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly log: Logger;
  readonly loaded: LoadedSettings;
  readonly archive: Archive;
  readonly coverage: CoverageStore;
  /** The configured secret store (keychain, or the opted-in 0600 file), created on first use. */
  readonly secretStore: () => SecretStore;
  /** Who is signed in (`state/account.json`): the AccountStore port the Google connection writes. */
  readonly accounts: AccountStore;
  /** A secret from the environment, `/run/secrets`, or the secret store; a locked keychain counts as "not set". */
  readonly secret: (name: SecretName) => Promise<string | undefined>;
  /**
   * Runs a write operation (sync run, import, export drain, rebuild-index, demo) while holding the
   * data folder's cross-process lock (store/folder-lock.ts). Nested calls run inside the held lock.
   */
  readonly exclusive: <T>(fn: () => Promise<T>, options?: FolderLockOptions) => Promise<T>;
  /** The clock every workflow of this session reads (outbox retry times, sync "today"). */
  readonly clock: Clock;
}

export interface SessionOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly log: Logger;
  readonly dataDir?: string;
  /** What the folder lock records as the holder (default: this process's command line). */
  readonly command?: string;
  /** Default wait for another program holding the folder (SYNCBIT_LOCK_WAIT_SECONDS overrides). */
  readonly lockWaitMs?: number;
  /** Default: the system clock. */
  readonly clock?: Clock;
}

function lockWaitFrom(env: NodeJS.ProcessEnv, fallback: number): number {
  const n = Number(env.SYNCBIT_LOCK_WAIT_SECONDS);
  return env.SYNCBIT_LOCK_WAIT_SECONDS !== undefined && Number.isFinite(n) && n >= 0 ? n * 1000 : fallback;
}

/** Opens settings, archive and coverage for the data directory the environment (or `dataDir`) names. */
export async function openSession(options: SessionOptions): Promise<Session> {
  const dataDir = options.dataDir ?? resolveDataDir(options.env);
  const loaded = await loadSettings({ dataDir, env: options.env });
  const archive = await Archive.open(dataDir, { log: options.log.child('archive') });
  const coverage = await CoverageStore.open(dataDir);
  let store: SecretStore | undefined;
  const secretStore = (): SecretStore =>
    (store ??= createSecretStore({ kind: loaded.settings.tokenStore, dataDir }));
  const secret = async (name: SecretName): Promise<string | undefined> => {
    try {
      return await resolveSecretFrom(name, { dataDir, env: options.env }, secretStore());
    } catch (err) {
      options.log.debug('secret store unavailable while resolving a secret', { name, error: err });
      return resolveSecretFrom(name, { dataDir, env: options.env });
    }
  };
  const command = options.command ?? currentCommand();
  const waitMs = lockWaitFrom(options.env, options.lockWaitMs ?? 10_000);
  const exclusive = <T>(fn: () => Promise<T>, o: FolderLockOptions = {}): Promise<T> =>
    withFolderLock(dataDir, command, fn, { waitMs, ...o });
  return {
    dataDir,
    env: options.env,
    log: options.log,
    loaded,
    archive,
    coverage,
    secretStore,
    accounts: accountFile(dataDir),
    secret,
    exclusive,
    clock: options.clock ?? systemClock,
  };
}
