/**
 * The user's actions as the application layer offers them (the tray app's IPC handlers call only
 * these; main/core/app/compose.ts implements them over the workflows in this folder), and the
 * shapes they return. Nothing here ever returns a secret.
 */
import type { DataTypeId } from '../model/data-types.js';
import type { CivilDay, DataRecord } from '../model/record.js';
import type { CoverageStatus } from '../store/coverage.js';

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
  /** While reading: bytes and source families done, and the estimated time left (ms). */
  readonly bytesDone?: number;
  readonly bytesTotal?: number;
  readonly familiesDone?: number;
  readonly familiesTotal?: number;
  readonly etaMs?: number;
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

/** Everything a person can do in the app (one method per IPC action). */
export interface AppActions {
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

  /** `signal` cancels the import; the archive is then left exactly as it was. */
  importTakeout(
    paths: readonly string[],
    onProgress: (p: ImportProgress) => void,
    signal?: AbortSignal,
  ): Promise<ImportSummary>;
  loadDemoData(): Promise<ImportSummary>;

  getSettings(): Promise<PublicSettings>;
  updateSettings(patch: Record<string, unknown>): Promise<PublicSettings>;
  setSecret(name: string, value: string): Promise<void>;

  exportNow(destination: 'victoria' | 's3'): Promise<{ exported: number; failed: number; message: string }>;
  testDestination(destination: 'victoria' | 's3'): Promise<{ ok: boolean; message: string }>;

  recentLogs(limit: number): Promise<{ time: number; level: string; scope: string; message: string }[]>;
}
