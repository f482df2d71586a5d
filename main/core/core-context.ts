/**
 * Opens the pieces every entry point needs (data dir, settings, archive, coverage) in one place,
 * so the CLI commands and the tray app's composition root share exactly the same wiring.
 */
import { Archive } from './store/archive.js';
import { resolveDataDir } from './store/paths.js';
import { loadSettings, type LoadedSettings } from './store/settings.js';
import { CoverageStore } from './sync/coverage.js';
import type { Logger, SecretStore } from './ports.js';
import { createSecretStore } from './store/secret-store.js';
import { resolveSecret as resolveSecretFrom, type SecretName } from './store/settings.js';

export interface CoreContext {
  readonly dataDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly log: Logger;
  readonly loaded: LoadedSettings;
  readonly archive: Archive;
  readonly coverage: CoverageStore;
  /** The configured secret store (keychain, or the opted-in 0600 file), created on first use. */
  readonly secretStore: () => SecretStore;
  /** A secret from the environment, `/run/secrets`, or the secret store; a locked keychain counts as "not set". */
  readonly secret: (name: SecretName) => Promise<string | undefined>;
}

/** Opens settings, archive and coverage for the data directory the environment names. */
export async function openCoreContext(options: {
  env: NodeJS.ProcessEnv;
  log: Logger;
  dataDir?: string;
}): Promise<CoreContext> {
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
  return { dataDir, env: options.env, log: options.log, loaded, archive, coverage, secretStore, secret };
}
