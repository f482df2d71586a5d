/**
 * The single typed IPC contract between the renderer and the main process. Every channel is named
 * `domain:verb-noun`, has a zod schema for its request payload (validated in the main process,
 * because the renderer is untrusted) and a response type. Events are main → renderer pushes only.
 *
 * This file is shared by the main process (handlers), the preload (channel names), the renderer
 * (types only) and the test harness. It may import nothing but zod and common/: the shapes that
 * cross (status, settings, errors…) are defined once in common/, which the core uses too.
 */
import { z } from 'zod';
import type {
  AppStatus,
  CivilDay,
  CoverageCell,
  NumericRecord,
  DaySeries,
  ExportOutcome,
  ImportProgress,
  ImportSummary,
  LogLine,
  PublicSettings,
  TestOutcome,
} from '../common/app-types.js';
import { DATA_TYPE_IDS, type DataTypeId } from '../common/data-types.js';
import type { ErrorInfo } from '../common/error-codes.js';
import { SECRET_NAMES, clientIdSchema, settingsPatchSchema } from '../common/settings-schema.js';

export interface AppInfo {
  readonly version: string;
  readonly platform: string;
  readonly startAtLogin: boolean;
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
      clientId: clientIdSchema,
      clientSecret: z.string().trim().min(1).max(256).optional(),
    })
    .strict(),
  'auth:sign-out': none,
  'import:pick-takeout': none,
  'import:run-takeout': z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(64) }).strict(),
  'import:load-demo': none,
  'import:cancel-takeout': none,
  'settings:get-all': none,
  'settings:update-values': z.object({ patch: settingsPatchSchema }).strict(),
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
  'data:get-day-records': NumericRecord[];
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
  'export:run-now': ExportOutcome;
  'export:test-destination': TestOutcome;
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

/** A failed request's error: a code from common/error-codes.ts and a message for people. */
export type IpcError = ErrorInfo;
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
