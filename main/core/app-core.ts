/**
 * Composition of the headless core: settings, archive, coverage, the Google Health connection and
 * the export step, wired the same way for `syncbit sync`, `syncbit daemon` and the tray app.
 */
import { openCoreContext, type CoreContext } from './core-context.js';
import { exportChangedDays } from './export/after-change.js';
import type { Logger } from './ports.js';
import {
  connectGoogle,
  readSignedInAccount,
  type GoogleConnection,
} from './sources/google-health/connection.js';
import { RecordingDayStore } from './sync/recording-store.js';
import type { SyncCore } from './sync/sync-core.js';

export { createAppServices, type DesktopCore, type DesktopServicesOptions } from './desktop-services.js';

export interface AppCore extends SyncCore {
  readonly context: CoreContext;
  readonly google: GoogleConnection;
  readonly store: RecordingDayStore;
}

/** Opens everything a sync needs. Throws `invalid-settings` when no Google client is configured. */
export async function createSyncCore(options: {
  env: NodeJS.ProcessEnv;
  log: Logger;
  signal?: AbortSignal;
}): Promise<AppCore> {
  const context = await openCoreContext({ env: options.env, log: options.log });
  const waitListeners: ((until: number) => void)[] = [];
  const google = await connectGoogle({
    dataDir: context.dataDir,
    env: options.env,
    settings: context.loaded.settings,
    log: options.log,
    ...(options.signal ? { signal: options.signal } : {}),
    onWait: (w) => {
      for (const l of waitListeners) l(w.until);
    },
  });
  const account = await readSignedInAccount(context.dataDir);
  const store = new RecordingDayStore(context.archive);
  const { settings } = context.loaded;
  return {
    context,
    google,
    api: google.api,
    store,
    coverage: context.coverage,
    settings: {
      backfillDays: settings.backfillDays,
      finalisationDays: settings.finalisationDays,
      syncIntervalMinutes: settings.syncIntervalMinutes,
      ...(settings.timezone === undefined ? {} : { timezone: settings.timezone }),
    },
    ...(account && account.grantedScopes.length > 0 ? { grantedScopes: account.grantedScopes } : {}),
    onRateLimitWait: (listener) => {
      waitListeners.push(listener);
    },
    afterRun: async () => {
      await context.archive.flushIndex();
      await context.coverage.flush();
      await exportChangedDays(
        context,
        store.takeChangedDays(),
        options.signal ? { signal: options.signal } : {},
      );
    },
    close: async () => {
      await context.archive.flushIndex();
      await context.coverage.flush();
    },
  };
}
