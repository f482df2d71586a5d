/**
 * What the sync commands (`syncbit sync`, `syncbit daemon`) and the tray app need from the composed
 * core, kept small so they can be tested with fakes and wired by the composition root
 * (main/core/app-core.ts) without this folder knowing how tokens or settings are loaded.
 */
import type { Logger } from '../ports.js';
import type { HealthApi } from '../sources/google-health/api-types.js';
import type { ScopeGroup } from '../sources/google-health/collectors/types.js';
import { SCOPES } from '../sources/google-health/scopes.js';
import type { CoverageStore } from './coverage.js';
import type { DayStore } from './day-store.js';

export interface SyncCoreSettings {
  readonly backfillDays: number;
  readonly finalisationDays: number;
  readonly syncIntervalMinutes: number;
  /** The user's zone from settings (used when the account settings cannot be read). */
  readonly timezone?: string;
}

export interface SyncCore {
  readonly api: HealthApi;
  /** The archive. */
  readonly store: DayStore;
  readonly coverage: CoverageStore;
  readonly settings: SyncCoreSettings;
  /** OAuth scope URLs the user granted; undefined when not known. */
  readonly grantedScopes?: readonly string[];
  /**
   * Connects the HTTP client's wait notifications (HealthClientOptions.onWait) to a listener, so
   * progress can say "waiting for quota until HH:MM".
   */
  onRateLimitWait?(listener: (untilMs: number) => void): void;
  /** After every run: flush the index and coverage, queue changed days for export, drain the outbox. */
  afterRun?(): Promise<void>;
  close?(): Promise<void>;
}

export type SyncCoreFactory = (options: { env: NodeJS.ProcessEnv; log: Logger }) => Promise<SyncCore>;

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
