/**
 * The Google Health API (v4) surface SyncBit uses, as a port: the HTTP client
 * (health-client.ts) implements it, collectors and the sync engine depend only on this.
 * Shapes follow shared/reference/google-health-api.md §2 (camelCase payload keys, int64 as strings).
 */

/** Kebab-case data type id as it appears in the URL path (`heart-rate`, `daily-resting-heart-rate`). */
export type HealthDataType = string;

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export interface CivilTime {
  hours?: number;
  minutes?: number;
  seconds?: number;
  nanos?: number;
}

export interface CivilDateTime {
  date: CivilDate;
  time?: CivilTime;
}

export interface DataSource {
  platform?: string;
  recordingMethod?: string;
  device?: { displayName?: string; formFactor?: string; manufacturer?: string };
  application?: { packageName?: string; webClientId?: string; googleWebClientId?: string };
}

/** A data point as returned by list/reconcile: envelope plus one camelCase payload key. */
export interface HealthDataPoint {
  name?: string;
  dataPointName?: string;
  dataSource?: DataSource;
  [payloadKey: string]: unknown;
}

export interface DataPointPage {
  dataPoints: HealthDataPoint[];
  nextPageToken?: string;
}

export interface RollupDataPoint {
  civilStartTime?: CivilDateTime;
  civilEndTime?: CivilDateTime;
  startTime?: string;
  endTime?: string;
  [payloadKey: string]: unknown;
}

export interface RollupPage {
  rollupDataPoints: RollupDataPoint[];
  nextPageToken?: string;
}

export interface ReconcileQuery {
  /** AIP-160 filter with snake_case fields and only `>=` / `<` (built by filters.ts). */
  filter?: string;
  pageSize?: number;
  pageToken?: string;
  dataSourceFamily?: string;
}

export interface DailyRollUpRequest {
  range: { start: CivilDateTime; end: CivilDateTime };
  windowSizeDays: number;
  pageSize?: number;
  pageToken?: string;
  dataSourceFamily?: string;
}

export interface Identity {
  name?: string;
  healthUserId: string;
  legacyUserId?: string;
}

export interface UserSettings {
  timeZone?: string;
  utcOffset?: string;
  [key: string]: unknown;
}

export interface PairedDevice {
  name?: string;
  displayName?: string;
  deviceType?: string;
  batteryLevel?: number | string;
  batteryPercentage?: number | string;
  lastSyncTime?: string;
  [key: string]: unknown;
}

/**
 * The API port. Every method throws SyncBitError on failure: `auth-required` (refresh failed or
 * invalid_grant), `scope-missing` (403 insufficient scope for that type), `account-not-linked`,
 * `rate-limited` (after retries), `network`, `api-error` (400: a bug on our side, not retried).
 */
export interface HealthApi {
  getIdentity(): Promise<Identity>;
  getSettings(): Promise<UserSettings>;
  listPairedDevices(): Promise<PairedDevice[]>;
  reconcile(type: HealthDataType, query: ReconcileQuery): Promise<DataPointPage>;
  dailyRollUp(type: HealthDataType, request: DailyRollUpRequest): Promise<RollupPage>;
  exportExerciseTcx(dataPointName: string): Promise<string>;
  /** Requests made so far (for benches and progress). */
  readonly requestCount: number;
}
