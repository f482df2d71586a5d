/**
 * The real sync source: the Google Health connection of a session, its archive (recording which
 * days a run changed), coverage and settings, and the after-run step (flush, then queue and drain
 * exactly the changed days for export). Used by the tray app and the CLI alike.
 */
import { exportChangedDays } from './after-change.js';
import type { Clock, SignedInAccount } from '../ports.js';
import { connectGoogle, type GoogleConnection } from '../sources/google-health/connection.js';
import { RecordingDayStore } from '../sync/recording-store.js';
import type { Session } from './session.js';
import type { SyncSource, SyncSourceFactory } from './sync-once.js';
import { openSession } from './session.js';

/** Fans the HTTP client's quota waits out to whoever listens (one run's engine, the app's status). */
export class WaitRelay {
  private readonly listeners = new Set<(until: number) => void>();
  on(listener: (until: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(until: number): void {
    for (const l of this.listeners) l(until);
  }
}

/**
 * Connects the session's Google client (throws `invalid-settings` when none is configured), over
 * the session's secret store (tokens) and account file (who is signed in).
 */
export async function connectSessionGoogle(
  session: Session,
  relay: WaitRelay,
  options: { signal?: AbortSignal; clock?: Clock } = {},
): Promise<GoogleConnection> {
  const clientSecret = await session.secret('googleClientSecret').catch(() => undefined);
  return connectGoogle({
    google: session.loaded.settings.google,
    ...(clientSecret === undefined ? {} : { clientSecret }),
    secrets: session.secretStore(),
    accounts: session.accounts,
    log: session.log,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    onWait: (w) => {
      relay.emit(w.until);
    },
  });
}

/** The sync source over a session and its Google connection. */
export function googleSyncSource(
  session: Session,
  connection: GoogleConnection,
  relay: WaitRelay,
  account: SignedInAccount | undefined,
): SyncSource {
  const store = new RecordingDayStore(session.archive);
  const s = session.loaded.settings;
  return {
    api: connection.api,
    store,
    coverage: session.coverage,
    settings: {
      backfillDays: s.backfillDays,
      finalisationDays: s.finalisationDays,
      syncIntervalMinutes: s.syncIntervalMinutes,
      ...(s.timezone === undefined ? {} : { timezone: s.timezone }),
    },
    ...(account && account.grantedScopes.length > 0 ? { grantedScopes: account.grantedScopes } : {}),
    onRateLimitWait: (listener) => relay.on(listener),
    exclusive: (fn) => session.exclusive(fn),
    afterRun: async (signal) => {
      await session.archive.flushIndex();
      await session.coverage.flush();
      await exportChangedDays(session, store.takeChangedDays(), { signal });
    },
    close: async () => {
      await session.archive.flushIndex();
      await session.coverage.flush();
    },
  };
}

/** The CLI's sync source: opens the session named by the environment and connects Google. */
export const openCliSyncSource: SyncSourceFactory = async ({ env, log }) => {
  const session = await openSession({ env, log });
  const relay = new WaitRelay();
  const connection = await connectSessionGoogle(session, relay);
  return googleSyncSource(session, connection, relay, await session.accounts.read());
};
