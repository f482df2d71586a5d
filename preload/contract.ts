/**
 * The single typed IPC contract between the renderer and the main process. Every channel is named
 * `domain:verb-noun`, has a zod schema for its request payload (validated in the main process,
 * because the renderer is untrusted) and a response type. Events are main → renderer pushes only.
 *
 * This file is shared by the main process (handlers), the preload (channel names), the renderer
 * (types only) and the test harness. It may import nothing but zod: the types the core defines in
 * main/core/app-services.ts are mirrored here, and main/shell/ipc-handlers.ts proves at compile
 * time that the core's types are assignable to these.
 */
import { z } from 'zod';

/** A civil day `YYYY-MM-DD`. */
export type CivilDay = string;

/** Mirrors main/core/model/data-types.ts DATA_TYPE_IDS (checked for equality by the contract test). */
export const DATA_TYPE_IDS = [
  'steps',
  'distance',
  'calories',
  'floors',
  'elevation',
  'active-minutes',
  'active-zone-minutes',
  'heart-rate-zones',
  'heart-rate',
  'resting-heart-rate',
  'hrv',
  'breathing-rate',
  'spo2',
  'skin-temperature',
  'vo2-max',
  'weight',
  'body-fat',
  'sleep',
  'exercise',
  'devices',
] as const;
export type DataTypeId = (typeof DATA_TYPE_IDS)[number];

export type SyncPhase = 'idle' | 'syncing' | 'paused' | 'attention' | 'signed-out';

export interface TypeProgress {
  readonly type: DataTypeId;
  readonly daysDone: number;
  readonly daysLeft: number;
  readonly state: 'ok' | 'syncing' | 'failed' | 'scope-missing' | 'waiting';
  readonly message?: string;
}

export type DestinationName = 'victoria' | 's3';

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
  readonly signedInAs?: string;
  /** When the Google sign-in lapses (epoch ms; Testing projects: 7 days after consent). */
  readonly signInLapsesAt?: number;
  readonly lastSyncAt?: number;
  readonly nextSyncAt?: number;
  readonly pausedUntil?: number | 'indefinitely';
  readonly progress: readonly TypeProgress[];
  readonly etaSeconds?: number;
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

export type CoverageCellStatus = 'fetched' | 'empty' | 'failed' | 'final' | 'missing';

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
  readonly values: Readonly<Record<string, unknown>>;
  readonly secretsSet: Readonly<Record<string, boolean>>;
  readonly fromEnv: readonly string[];
}

export interface DataRecord {
  readonly measurement: string;
  readonly time: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly fields: Readonly<Record<string, number>>;
}

export interface LogLine {
  readonly time: number;
  readonly level: string;
  readonly scope: string;
  readonly message: string;
}

export interface AppInfo {
  readonly version: string;
  readonly platform: string;
  readonly startAtLogin: boolean;
}

/** One measurement field of one day as two columns (compact for 86,400 samples). */
export interface DaySeries {
  readonly times: readonly number[];
  readonly values: readonly number[];
}

/** Pages of Google's consoles the app may open in the system browser (never an arbitrary URL). */
export const GUIDE_PAGES = {
  'cloud-console': 'https://console.cloud.google.com/projectcreate',
  'health-api': 'https://console.cloud.google.com/apis/library',
  'consent-screen': 'https://console.cloud.google.com/auth/overview',
  credentials: 'https://console.cloud.google.com/auth/clients',
  takeout: 'https://takeout.google.com/',
} as const;
export type GuidePage = keyof typeof GUIDE_PAGES;

/** Secrets the renderer may set (write-only). Mirrors main/core/store/settings.ts SECRETS. */
export const SECRET_NAMES = [
  'googleClientSecret',
  'victoriaPassword',
  'victoriaToken',
  's3SecretAccessKey',
] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/** Views the main process may ask the renderer to show (tray items, notifications). */
export const VIEW_NAMES = ['dashboard', 'coverage', 'sync', 'settings', 'wizard'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day written YYYY-MM-DD');
const none = z.undefined();
const destination = z.enum(['victoria', 's3']);
const measurementName = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a measurement name such as HeartRate_Intraday');

/** Request payload schemas, one per channel. The key set IS the list of channels. */
export const REQUEST_SCHEMAS = {
  'app:get-info': none,
  'app:set-start-at-login': z.object({ enabled: z.boolean() }).strict(),
  'app:open-guide': z
    .object({ page: z.enum(Object.keys(GUIDE_PAGES) as [GuidePage, ...GuidePage[]]) })
    .strict(),
  'app:open-data-folder': none,
  'sync:get-status': none,
  'sync:run-now': none,
  'sync:pause-syncing': z
    .object({
      minutes: z
        .number()
        .int()
        .min(1, 'must be at least a minute')
        .max(7 * 24 * 60, 'must be at most a week')
        .nullable(),
    })
    .strict(),
  'sync:resume-syncing': none,
  'sync:refetch-days': z
    .object({
      types: z.array(z.enum(DATA_TYPE_IDS)).min(1, 'choose at least one data type').max(DATA_TYPE_IDS.length),
      days: z.array(day).min(1, 'choose at least one day').max(3660, 'at most ten years at once'),
    })
    .strict(),
  'data:list-days': none,
  'data:get-series': z
    .object({
      key: z
        .string()
        .regex(
          /^[A-Za-z0-9_-]{1,64}\.[A-Za-z0-9_ -]{1,64}$/,
          'must be Measurement.field, e.g. RestingHR.value',
        ),
      from: day.optional(),
      to: day.optional(),
    })
    .strict(),
  'data:get-day-records': z.object({ day, measurements: z.array(measurementName).min(1).max(32) }).strict(),
  'data:get-day-series': z
    .object({ day, measurement: measurementName, field: z.string().min(1).max(64) })
    .strict(),
  'data:get-coverage': z.object({ from: day, to: day }).strict(),
  'auth:authorize-account': z
    .object({
      clientId: z
        .string()
        .trim()
        .min(10, 'looks too short for a Google OAuth client id')
        .max(256)
        .regex(/^[A-Za-z0-9._-]+$/, 'may hold only letters, digits, dot, dash and underscore'),
      clientSecret: z.string().trim().min(1).max(256).optional(),
    })
    .strict(),
  'auth:sign-out': none,
  'import:pick-takeout': none,
  'import:run-takeout': z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(64) }).strict(),
  'import:load-demo': none,
  'import:cancel-takeout': none,
  'settings:get-all': none,
  'settings:update-values': z.object({ patch: z.record(z.string(), z.unknown()) }).strict(),
  'settings:set-secret': z
    .object({ name: z.enum(SECRET_NAMES), value: z.string().min(1, 'must not be empty').max(4096) })
    .strict(),
  'export:run-now': z.object({ destination }).strict(),
  'export:test-destination': z.object({ destination }).strict(),
  'log:get-recent': z.object({ limit: z.number().int().min(1).max(500) }).strict(),
} as const;

export type Channel = keyof typeof REQUEST_SCHEMAS;
export type RequestOf<C extends Channel> = z.output<(typeof REQUEST_SCHEMAS)[C]>;

/** Response value per channel (`null` for "done, nothing to return"). */
export interface Responses {
  'app:get-info': AppInfo;
  'app:set-start-at-login': { startAtLogin: boolean };
  'app:open-guide': null;
  'app:open-data-folder': null;
  'sync:get-status': AppStatus;
  'sync:run-now': null;
  'sync:pause-syncing': null;
  'sync:resume-syncing': null;
  'sync:refetch-days': null;
  'data:list-days': CivilDay[];
  'data:get-series': { day: CivilDay; value: number }[];
  'data:get-day-records': DataRecord[];
  'data:get-day-series': DaySeries;
  'data:get-coverage': Partial<Record<DataTypeId, CoverageCell[]>>;
  'auth:authorize-account': { signedInAs: string };
  'auth:sign-out': null;
  'import:pick-takeout': { paths: string[] };
  'import:run-takeout': ImportSummary;
  'import:load-demo': ImportSummary;
  'import:cancel-takeout': null;
  'settings:get-all': PublicSettings;
  'settings:update-values': PublicSettings;
  'settings:set-secret': null;
  'export:run-now': { exported: number; failed: number; message: string };
  'export:test-destination': { ok: boolean; message: string };
  'log:get-recent': LogLine[];
}

/** Main → renderer events and their payloads. */
export interface Events {
  'sync:status-changed': AppStatus;
  'import:progress-changed': ImportProgress;
  'app:navigate-requested': { view: ViewName };
}
export type EventName = keyof Events;
export const EVENT_NAMES = [
  'sync:status-changed',
  'import:progress-changed',
  'app:navigate-requested',
] as const satisfies readonly EventName[];

/** Every channel, in declaration order. */
export const CHANNELS = Object.keys(REQUEST_SCHEMAS) as Channel[];

/** Error codes a result may carry: the core's codes plus the IPC layer's own. */
export interface IpcError {
  readonly code: string;
  readonly message: string;
}
export type IpcResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

type Camel<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;
type DomainOf<C extends string> = C extends `${infer D}:${string}` ? D : never;
type VerbOf<C extends string> = C extends `${string}:${infer V}` ? Camel<V> : never;
export type Domain = DomainOf<Channel> | DomainOf<EventName>;

type MethodArgs<C extends Channel> =
  undefined extends RequestOf<C> ? [] : [payload: z.input<(typeof REQUEST_SCHEMAS)[C]>];

/** The API the preload exposes as `window.syncbit`: `api.sync.runNow()`, `api.sync.onStatusChanged(fn)`. */
export type SyncBitApi = {
  readonly [D in Domain]: {
    readonly [C in Channel as DomainOf<C> extends D ? VerbOf<C> : never]: (
      ...args: MethodArgs<C>
    ) => Promise<IpcResult<Responses[C]>>;
  } & {
    readonly [E in EventName as DomainOf<E> extends D ? `on${Capitalize<VerbOf<E>>}` : never]: (
      listener: (payload: Events[E]) => void,
    ) => () => void;
  };
};

function camel(s: string): string {
  return s.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** `sync:run-now` → `['sync', 'runNow']`: where a channel appears on the exposed API. */
export function methodPath(channel: Channel): [Domain, string] {
  const [domain = '', verb = ''] = channel.split(':');
  return [domain as Domain, camel(verb)];
}

/** `sync:status-changed` → `['sync', 'onStatusChanged']`. */
export function eventPath(event: EventName): [Domain, string] {
  const [domain = '', verb = ''] = event.split(':');
  const c = camel(verb);
  return [domain as Domain, `on${c.charAt(0).toUpperCase()}${c.slice(1)}`];
}

/** The name under which the preload exposes the API on `window`. */
export const API_KEY = 'syncbit';
