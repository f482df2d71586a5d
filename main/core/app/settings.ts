/**
 * "Update settings": save the change, and run an export pass so that a destination switched on
 * now starts receiving the archive's days (the export-now path). Secrets go to the secret store.
 */
import { SyncBitError, toSyncBitError } from '../errors.js';
import {
  SECRETS,
  resolveSecret,
  updateSettingsFile,
  type SecretName,
  type SettingsPersister,
} from '../store/settings.js';
import { exportNow } from './export-now.js';
import type { Session } from './session.js';
import type { PublicSettings } from './types.js';

/** Settings as the app shows them: values, which secrets are set (never their values), env-fixed keys. */
export async function publicSettings(session: Session): Promise<PublicSettings> {
  const secretsSet: Record<string, boolean> = {};
  for (const name of Object.keys(SECRETS) as SecretName[]) {
    const value = await resolveSecret(
      name,
      { dataDir: session.dataDir, env: session.env },
      session.secretStore(),
    ).catch(() => undefined);
    secretsSet[name] = value !== undefined;
  }
  return {
    values: session.loaded.settings,
    secretsSet,
    fromEnv: Object.entries(session.loaded.origins)
      .filter(([, o]) => o === 'env')
      .map(([k]) => k),
  };
}

/** Writes a settings patch to the data folder's settings file. */
export async function saveSettings(
  dataDir: string,
  patch: Record<string, unknown>,
  persist?: SettingsPersister,
): Promise<void> {
  await updateSettingsFile(dataDir, patch, persist);
}

/** Sets (or, with "", deletes) a named secret in the session's secret store. */
export async function setSecret(session: Session, name: string, value: string): Promise<void> {
  if (!(name in SECRETS)) throw new SyncBitError('invalid-input', `Unknown secret ${name}.`);
  if (value === '') await session.secretStore().delete(`secret:${name}`);
  else await session.secretStore().set(`secret:${name}`, value);
}

/**
 * The export pass after a settings change: every enabled destination gets the archive days it
 * lacks and is drained. A destination that is down only leaves its days queued (logged).
 */
export async function exportAfterSettingsChange(session: Session): Promise<void> {
  try {
    await exportNow(session, { queueArchive: true });
  } catch (err) {
    session.log.warn('export after a settings change did not complete; the outbox keeps the days', {
      error: toSyncBitError(err).message,
    });
  }
}
