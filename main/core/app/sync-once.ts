/**
 * "Sync once": the one place a sync run is written. `syncbit sync`, every tick of the sync timer
 * (tray app and daemon alike), "Sync now" and the app's re-fetch all come here: run the engine
 * over the Google Health API while holding the data folder, then flush the index and coverage and
 * queue and drain the changed days for export.
 */
import type { DataTypeId } from '../model/data-types.js';
import type { CivilDay } from '../model/record.js';
import type { Clock, Logger } from '../ports.js';
import type { HealthApi } from '../sources/google-health/api-types.js';
import type { ScopeGroup } from '../sources/google-health/collectors/types.js';
import { SCOPES } from '../sources/google-health/scopes.js';
import type { CoverageStore } from '../store/coverage.js';
import type { DayStore } from '../sync/day-store.js';
import { SyncEngine } from '../sync/engine.js';
import type { SyncEventListener, SyncResult } from '../sync/progress.js';

export interface SyncSettings {
  readonly backfillDays: number;
  readonly finalisationDays: number;
  readonly syncIntervalMinutes: number;
  /** The user's zone from settings (used when the account settings cannot be read). */
  readonly timezone?: string;
}

/** What a sync run reads from and writes to (google-sync.ts opens the real one; tests pass fakes). */
export interface SyncSource {
  readonly api: HealthApi;
  /** The archive. */
  readonly store: DayStore;
  readonly coverage: CoverageStore;
  readonly settings: SyncSettings;
  /** OAuth scope URLs the user granted; undefined when not known. */
  readonly grantedScopes?: readonly string[];
  /** Connects the HTTP client's quota waits to a listener (progress says "waiting until HH:MM"). */
  onRateLimitWait?(listener: (untilMs: number) => void): () => void;
  /** Holds the data folder around the whole run (the real source takes the cross-process lock). */
  exclusive?<T>(fn: () => Promise<T>): Promise<T>;
  /** After every run: flush the index and coverage, queue changed days for export, drain the outbox. */
  afterRun?(signal: AbortSignal): Promise<void>;
  close?(): Promise<void>;
}

export type SyncSourceFactory = (options: { env: NodeJS.ProcessEnv; log: Logger }) => Promise<SyncSource>;

export interface SyncOnceOptions {
  readonly signal: AbortSignal;
  readonly log: Logger;
  readonly clock?: Clock;
  readonly types?: readonly DataTypeId[];
  readonly from?: CivilDay;
  readonly to?: CivilDay;
  readonly force?: boolean;
  readonly onEvent?: SyncEventListener;
}

const GROUP_OF: Readonly<Record<string, ScopeGroup>> = {
  [SCOPES.activity]: 'activity',
  [SCOPES.metrics]: 'metrics',
  [SCOPES.sleep]: 'sleep',
  [SCOPES.settings]: 'settings',
  [SCOPES.location]: 'location',
};

/** Scope URLs → the groups collectors declare; undefined stays undefined (unknown: try everything). */
export function scopeGroupsOf(scopes: readonly string[] | undefined): ReadonlySet<ScopeGroup> | undefined {
  if (scopes === undefined) return undefined;
  const out = new Set<ScopeGroup>();
  for (const s of scopes) {
    const g = GROUP_OF[s];
    if (g) out.add(g);
  }
  return out;
}

/** Runs one sync over `source` (see module doc). */
export async function syncOnce(source: SyncSource, o: SyncOnceOptions): Promise<SyncResult> {
  const run = async (): Promise<SyncResult> => {
    const engine = new SyncEngine({
      api: source.api,
      store: source.store,
      coverage: source.coverage,
      log: o.log,
      ...(o.clock ? { clock: o.clock } : {}),
    });
    const off = source.onRateLimitWait?.((until) => {
      engine.notifyRateLimitWait(until);
    });
    try {
      const granted = scopeGroupsOf(source.grantedScopes);
      const s = source.settings;
      const result = await engine.run({
        signal: o.signal,
        backfillDays: s.backfillDays,
        finalisationDays: s.finalisationDays,
        ...(s.timezone === undefined ? {} : { timeZone: s.timezone }),
        ...(granted === undefined ? {} : { grantedScopes: granted }),
        ...(o.types ? { types: [...o.types] } : {}),
        ...(o.from ? { from: o.from } : {}),
        ...(o.to ? { to: o.to } : {}),
        ...(o.force ? { force: true } : {}),
        ...(o.onEvent ? { onEvent: o.onEvent } : {}),
      });
      await source.afterRun?.(o.signal);
      return result;
    } finally {
      off?.();
    }
  };
  return source.exclusive ? source.exclusive(run) : run();
}
