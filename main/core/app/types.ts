/**
 * The user's actions as the application layer offers them (the tray app's IPC handlers call only
 * these; main/core/app/compose.ts implements them over the workflows in this folder), and the
 * shapes they return (defined in common/app-types.ts, shared with the window). Nothing here ever
 * returns a secret.
 */
import type {
  AppStatus,
  CoverageCell,
  DestinationName,
  ExportOutcome,
  ImportProgress,
  ImportSummary,
  LogLine,
  PublicSettings,
  TestOutcome,
} from '../../../common/app-types.js';
import type { SettingsUpdate } from '../../../common/settings-schema.js';
import type { DataTypeId } from '../model/data-types.js';
import type { CivilDay, DataRecord } from '../model/record.js';

export type {
  AppStatus,
  CoverageCell,
  DestinationStatus,
  ImportProgress,
  ImportSummary,
  PublicSettings,
  SyncPhase,
  TypeProgress,
} from '../../../common/app-types.js';

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
  updateSettings(patch: SettingsUpdate): Promise<PublicSettings>;
  setSecret(name: string, value: string): Promise<void>;

  exportNow(destination: DestinationName): Promise<ExportOutcome>;
  testDestination(destination: DestinationName): Promise<TestOutcome>;

  recentLogs(limit: number): Promise<LogLine[]>;
}
