/**
 * What the desktop app (through IPC) asks of the core. The Electron shell's IPC handlers call only
 * this interface; `createAppServices` (app-core.ts) implements it over the real archive, coverage,
 * sync engine, exporters and settings. Nothing here ever returns a secret.
 */
import type { DataTypeId } from './model/data-types.js';
import type { CivilDay, DataRecord } from './model/record.js';
import type { CoverageStatus } from './sync/coverage.js';

export type SyncPhase = 'idle' | 'syncing' | 'paused' | 'attention' | 'signed-out';

export interface TypeProgress {
  readonly type: DataTypeId;
  readonly daysDone: number;
  readonly daysLeft: number;
  readonly state: 'ok' | 'syncing' | 'failed' | 'scope-missing' | 'waiting';
  readonly message?: string;
}

export interface DestinationStatus {
  readonly name: 'victoria' | 's3';
  readonly enabled: boolean;
  readonly pending: number;
  readonly failed: number;
  readonly lastError?: string;
  readonly nextAttemptAt?: number;
  readonly warnings: readonly string[];
}

export interface AppStatus {
  readonly phase: SyncPhase;
  /** "Signed in as …" (the Google account's display name or health user id); never a token. */
  readonly signedInAs?: string;
  /** When the Google sign-in lapses (epoch ms; Testing projects: 7 days after consent). */
  readonly signInLapsesAt?: number;
  readonly lastSyncAt?: number;
  readonly nextSyncAt?: number;
  readonly pausedUntil?: number | 'indefinitely';
  readonly progress: readonly TypeProgress[];
  readonly etaSeconds?: number;
  /** "Waiting for quota until 14:05" style message while rate-limited. */
  readonly quotaWaitUntil?: number;
  readonly message?: string;
  readonly errorCode?: string;
  readonly destinations: readonly DestinationStatus[];
  readonly archive: {
    readonly days: number;
    readonly firstDay?: CivilDay;
    readonly lastDay?: CivilDay;
    readonly dataDir: string;
  };
}

export interface CoverageCell {
  readonly day: CivilDay;
  readonly status: CoverageStatus | 'missing';
}

export interface ImportProgress {
  readonly phase: 'reading' | 'writing' | 'done';
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly daysWritten: number;
  readonly daysTotal: number;
}

export interface ImportSummary {
  readonly days: number;
  readonly records: number;
  readonly families: readonly {
    family: string;
    files: number;
    records: number;
    days: number;
    skipped: number;
  }[];
  readonly warnings: readonly string[];
}

export interface PublicSettings {
  readonly values: Readonly<Record<string, unknown>>;
  /** Which secrets are set (true/false), never their values. */
  readonly secretsSet: Readonly<Record<string, boolean>>;
  /** Settings fixed by environment variables (read-only in the UI). */
  readonly fromEnv: readonly string[];
}

export interface AppServices {
  getStatus(): Promise<AppStatus>;
  onStatusChanged(listener: (status: AppStatus) => void): () => void;

  listDays(): Promise<CivilDay[]>;
  getDailySeries(key: string, from?: CivilDay, to?: CivilDay): Promise<{ day: CivilDay; value: number }[]>;
  getDayRecords(day: CivilDay, measurements?: readonly string[]): Promise<DataRecord[]>;
  getCoverage(from: CivilDay, to: CivilDay): Promise<Record<DataTypeId, CoverageCell[]>>;

  syncNow(): Promise<void>;
  pause(untilMs: number | null): Promise<void>;
  resume(): Promise<void>;
  refetch(types: readonly DataTypeId[], days: readonly CivilDay[]): Promise<void>;

  authorize(clientId: string, clientSecret: string | undefined): Promise<{ signedInAs: string }>;
  signOut(): Promise<void>;

  importTakeout(paths: readonly string[], onProgress: (p: ImportProgress) => void): Promise<ImportSummary>;
  loadDemoData(): Promise<ImportSummary>;

  getSettings(): Promise<PublicSettings>;
  updateSettings(patch: Record<string, unknown>): Promise<PublicSettings>;
  setSecret(name: string, value: string): Promise<void>;

  exportNow(destination: 'victoria' | 's3'): Promise<{ exported: number; failed: number; message: string }>;
  testDestination(destination: 'victoria' | 's3'): Promise<{ ok: boolean; message: string }>;

  recentLogs(limit: number): Promise<{ time: number; level: string; scope: string; message: string }[]>;
}
