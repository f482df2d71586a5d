/**
 * The shapes the application layer returns and the window shows: status, progress, coverage,
 * import results, settings as the app presents them, records and logs. Defined once here; the core
 * (main/core/app/types.ts) returns them and the IPC contract carries them.
 */
import type { DataTypeId } from './data-types.js';
import type { SecretName, Settings } from './settings-schema.js';

/** A civil day `YYYY-MM-DD`. */
export type CivilDay = string;

export type SyncPhase = 'idle' | 'syncing' | 'paused' | 'attention' | 'signed-out';

export interface TypeProgress {
  readonly type: DataTypeId;
  readonly daysDone: number;
  readonly daysLeft: number;
  readonly state: 'ok' | 'syncing' | 'failed' | 'scope-missing' | 'waiting';
  readonly message?: string;
}

/** Destination names; each has its own outbox folder `<dataDir>/state/outbox/<name>/`. */
export const DESTINATIONS = ['victoria', 's3'] as const;
export type DestinationName = (typeof DESTINATIONS)[number];

export interface DestinationStatus {
  readonly name: DestinationName;
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
  /** Why the phase is `attention`: an error code, or a sync run's state (e.g. `failed`). */
  readonly errorCode?: string;
  readonly destinations: readonly DestinationStatus[];
  readonly archive: {
    readonly days: number;
    readonly firstDay?: CivilDay;
    readonly lastDay?: CivilDay;
    readonly dataDir: string;
  };
}

/** What the archive knows of one type on one day. */
export type CoverageStatus = 'fetched' | 'empty' | 'failed' | 'final';

export type CoverageCellStatus = CoverageStatus | 'missing';

export interface CoverageCell {
  readonly day: CivilDay;
  readonly status: CoverageCellStatus;
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
  readonly values: Readonly<Settings>;
  /** Which secrets are set (true/false), never their values. */
  readonly secretsSet: Readonly<Partial<Record<SecretName, boolean>>>;
  /** Settings fixed by environment variables (dotted paths; read-only in the UI). */
  readonly fromEnv: readonly string[];
}

/**
 * A field value: a number, except the few text fields CromWell wrote (`SleepSummary.endTime`, a UTC
 * ISO-8601 string; formats.md §2). Readers that do arithmetic must skip strings.
 */
export type FieldValue = number | string;

/**
 * One measurement at one instant (`time` UTC ISO-8601), byte-compatible with what CromWell wrote
 * (`{measurement, time, tags, fields}`). `F` narrows the field values.
 */
export interface DataRecord<F extends FieldValue = FieldValue> {
  readonly measurement: string;
  readonly time: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly fields: Readonly<Record<string, F>>;
}

/** A record whose fields are all numbers: what the window receives and charts (text fields dropped). */
export type NumericRecord = DataRecord<number>;

export interface LogLine {
  readonly time: number;
  readonly level: string;
  readonly scope: string;
  readonly message: string;
}

/** One measurement field of one day as two columns (compact for 86,400 samples). */
export interface DaySeries {
  readonly times: readonly number[];
  readonly values: readonly number[];
}

/** What an export pass or a connection test reports. */
export interface ExportOutcome {
  readonly exported: number;
  readonly failed: number;
  readonly message: string;
}
export interface TestOutcome {
  readonly ok: boolean;
  readonly message: string;
}
