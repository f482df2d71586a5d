/**
 * Google Health API (v4) + Google OAuth simulator on 127.0.0.1:0, faithful to
 * shared/reference/google-health-api.md §1–4. See README.md in this folder for the exported API.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIM_SCOPES, SIM_TYPES } from './catalog.js';
import type { ScopeGroup } from './catalog.js';
import { SimData } from './data.js';
import { FilterError, parseFilter } from './filter.js';
import { SimOAuth } from './oauth.js';
import type { AccessGrant, ConsentBehaviour, HttpReply } from './oauth.js';
import type { QueryCursor } from './store.js';
import { DUPLICATED_IN_LIST, SimStore } from './store.js';
import { Timeline, addDays, daysBetween, durationString, rfc3339 } from './timeline.js';
import type { Trip } from './timeline.js';

export { SIM_SCOPES, SIM_TYPES } from './catalog.js';
export type { Trip } from './timeline.js';
export type { ConsentBehaviour } from './oauth.js';

export type SimEndpoint =
  | 'identity'
  | 'settings'
  | 'pairedDevices'
  | 'list'
  | 'reconcile'
  | 'dailyRollUp'
  | 'exportExerciseTcx'
  | 'authorize'
  | 'token'
  | 'revoke'
  | 'other';

export interface HealthSimulatorOptions {
  /** Seed of the generated data (default 42). Same seed, same data. */
  seed?: number;
  /** The simulator's clock (default Date.now). `controls.advanceTime` shifts it. */
  now?: () => number;
  /** Days of history served, ending today (default 120). */
  historyDays?: number;
  /** Home IANA zone (default Europe/Berlin: DST ends on the last Sunday of October). */
  homeZone?: string;
  /** Trips across zones. Default: America/New_York from today−24 to today−17 (7 days). */
  trips?: Trip[];
  /** Heart-rate sample cadence in seconds (default 2.6: ~33k samples a day, like real trackers, §6.7). */
  heartRateCadenceSeconds?: number;
  /**
   * Most points a list/reconcile page holds whatever `pageSize` asks (default 5000, like the live
   * API, §6.7; false = the documented 10,000). Clients must follow nextPageToken until it is absent.
   */
  pageCap?: number | false;
  /** Civil days the tracker was not worn at all: no intraday activity points, no rollup windows. */
  notWornDays?: readonly string[];
  /** Worn minutes without steps carry a 0 point for steps and distance (true zeros). Default false. */
  trueZeros?: boolean;
  /** The tracker's pairedDevices entry carries lastSyncTime (default false: often absent live, §6.7). */
  deviceLastSyncTime?: boolean;
  healthUserId?: string;
  legacyUserId?: string;
  clientId?: string;
  /** Required by the token endpoint when set (default 'sim-client-secret'). */
  clientSecret?: string;
  /** Access-token lifetime (default 3599 s). */
  accessTokenTtlSeconds?: number;
  /** Refresh-token lifetime, like the 7-day Testing expiry (default: none). */
  refreshTokenTtlSeconds?: number;
  rotateRefreshTokens?: boolean;
  /** Requests per minute per user before 429 (default 300; false = off). */
  rateLimitPerMinute?: number | false;
  /** Retry-After on 429: false (default, Google documents none), true (seconds until a slot frees) or a fixed number. */
  retryAfter?: boolean | number;
  /** Delay before every API response, in ms (default 0). */
  latencyMs?: number;
}

export interface SimCounters {
  /** Requests per endpoint (every response, including errors). */
  requests: Record<SimEndpoint, number>;
  /** Data-point/rollup requests per data type. */
  byType: Record<string, number>;
  /** All /v4 API requests. */
  api: number;
  rateLimited: number;
  serverErrors: number;
  unauthorized: number;
  byStatus: Record<number, number>;
  /** One entry per API request (time on the simulator clock). */
  log: { at: number; endpoint: SimEndpoint; type?: string; status: number }[];
}

export interface SimControls {
  /** What the automatic consent screen does. Mutate it or call setConsent. */
  setConsent(c: ConsentBehaviour): void;
  setRateLimit(perMinute: number | false, retryAfter?: boolean | number): void;
  /**
   * Every API call answers 403 PERMISSION_DENIED / RESOURCE_PERMISSION_DENIED (true), as after the
   * app was disconnected on Google's side (§6.7), until called with false.
   */
  setDisconnected(disconnected: boolean): void;
  /** Calls for this data type answer 403 RESOURCE_PERMISSION_DENIED (that scope not granted). */
  denyType(type: string): void;
  /** The next `count` API requests (optionally only for one endpoint) fail with `status` (default 503). */
  failNext(count: number, opts?: { status?: number; endpoint?: SimEndpoint }): void;
  /** The next `count` API responses are malformed: not JSON, or JSON of the wrong shape. */
  malformNext(count: number, kind: 'not-json' | 'wrong-shape'): void;
  /** false → every API call answers 400 FAILED_PRECONDITION / ACCOUNT_NOT_LINKED. */
  setAccountLinked(linked: boolean): void;
  expireAccessTokens(): void;
  setAccessTokenTtl(seconds: number): void;
  /** Revokes every refresh and access token (the user removed access). */
  revokeAllTokens(): void;
  /** Mints a token pair without the browser flow (default: every read scope). */
  issueTokens(scopes?: readonly string[]): { accessToken: string; refreshToken: string; expiresIn: number };
  /** Moves the simulator clock forward (data horizon, token expiry, rate-limit window). */
  advanceTime(ms: number): void;
  /** Hides a day of one type ('*' = all types) as if the phone had not uploaded it yet. */
  hideDay(type: string, day: string): void;
  /** Undoes hideDay: the data "arrives late". */
  revealDay(type: string, day: string): void;
  /** Adds late-uploaded points to a past day (daily types: replaces the value). Returns how many. */
  addLateData(type: string, day: string, count?: number): number;
  setLatency(ms: number): void;
  resetCounters(): void;
}

export interface HealthSimulator {
  /** API root, e.g. http://127.0.0.1:41234 (paths start with /v4/…). Use as GOOGLE_HEALTH_API_URL. */
  readonly url: string;
  readonly oauth: {
    authorizeUrl: string;
    tokenUrl: string;
    revokeUrl: string;
    clientId: string;
    clientSecret: string | undefined;
  };
  readonly healthUserId: string;
  readonly counters: SimCounters;
  readonly controls: SimControls;
  readonly state: {
    /** Every authorize request's query parameters. */
    readonly authorizeRequests: readonly { params: Readonly<Record<string, string>>; at: number }[];
    readonly oauthStats: {
      codeExchanges: number;
      refreshes: number;
      invalidGrants: number;
      revocations: number;
    };
    /** Current simulator time and civil "today" in the person's zone. */
    now(): number;
    today(): string;
    /** First civil day with data. */
    firstDay(): string;
    /** Raw reconciled points of a type on a day as the API would render them (for assertions). */
    reconciledDay(type: string, day: string): Record<string, unknown>[];
    readonly timeline: Timeline;
  };
  stop(): Promise<void>;
}

const ALL_READ_SCOPES = Object.values(SIM_SCOPES);
const FAMILIES = ['all-sources', 'google-wearables', 'google-sources', 'self-sources'].map(
  (f) => `users/me/dataSourceFamilies/${f}`,
);

function emptyCounters(): SimCounters {
  const requests = Object.fromEntries(
    (
      [
        'identity',
        'settings',
        'pairedDevices',
        'list',
        'reconcile',
        'dailyRollUp',
        'exportExerciseTcx',
        'authorize',
        'token',
        'revoke',
        'other',
      ] as const
    ).map((k) => [k, 0]),
  ) as Record<SimEndpoint, number>;
  return {
    requests,
    byType: {},
    api: 0,
    rateLimited: 0,
    serverErrors: 0,
    unauthorized: 0,
    byStatus: {},
    log: [],
  };
}

class ApiError extends Error {
  constructor(
    readonly http: number,
    readonly status: string,
    message: string,
    readonly reason?: string,
    readonly metadata?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

function errorReply(e: ApiError): HttpReply {
  const details =
    e.reason !== undefined
      ? [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: e.reason,
            domain: 'health.googleapis.com',
            metadata: e.metadata ?? {},
          },
        ]
      : [];
  return {
    status: e.http,
    headers: { 'content-type': 'application/json; charset=UTF-8', ...(e.headers ?? {}) },
    body: JSON.stringify(
      {
        error: {
          code: e.http,
          message: e.message,
          status: e.status,
          ...(details.length > 0 ? { details } : {}),
        },
      },
      null,
      2,
    ),
  };
}

const ok = (body: unknown): HttpReply => ({
  status: 200,
  headers: { 'content-type': 'application/json; charset=UTF-8' },
  body: JSON.stringify(body),
});

function encodeToken(v: unknown): string {
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}
function decodeToken(t: string): unknown {
  try {
    return JSON.parse(Buffer.from(t, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
function hashOf(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 16);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the simulator on 127.0.0.1 with a random free port. */
export async function startHealthSimulator(opts: HealthSimulatorOptions = {}): Promise<HealthSimulator> {
  let shift = 0;
  const baseNow = opts.now ?? Date.now;
  const now = (): number => baseNow() + shift;
  const homeZone = opts.homeZone ?? 'Europe/Berlin';
  const historyDays = opts.historyDays ?? 120;
  const todayAtStart = new Timeline(homeZone, []).dayOf(now());
  const trips = opts.trips ?? [
    { from: addDays(todayAtStart, -24), to: addDays(todayAtStart, -17), zone: 'America/New_York' },
  ];
  const timeline = new Timeline(homeZone, trips);
  const userId = opts.healthUserId ?? 'sim-7f3a9c2e4b';
  const data = new SimData(opts.seed ?? 42, timeline, userId, opts.heartRateCadenceSeconds ?? 2.6, {
    notWornDays: new Set(opts.notWornDays ?? []),
    trueZeros: opts.trueZeros ?? false,
  });
  const pageCap = opts.pageCap ?? 5000;
  let disconnected = false;
  const deniedTypes = new Set<string>();
  const today = (): string => timeline.dayOf(now());
  const firstDay = (): string => addDays(today(), -(historyDays - 1));
  const store = new SimStore(data, () => ({ first: firstDay(), today: today(), now: now() }));
  const clientId = opts.clientId ?? 'syncbit-sim.apps.googleusercontent.com';
  const clientSecret = 'clientSecret' in opts ? opts.clientSecret : 'sim-client-secret';
  const oauthOpts = {
    clientId,
    clientSecret,
    accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? 3599,
    refreshTokenTtlSeconds: opts.refreshTokenTtlSeconds,
    rotateRefreshTokens: opts.rotateRefreshTokens ?? false,
    now,
  };
  const oauth = new SimOAuth(oauthOpts);
  const counters = emptyCounters();
  let rateLimit = opts.rateLimitPerMinute ?? 300;
  let retryAfter = opts.retryAfter ?? false;
  let latency = opts.latencyMs ?? 0;
  let linked = true;
  const failures: { remaining: number; status: number; endpoint?: SimEndpoint }[] = [];
  const malformed: { remaining: number; kind: 'not-json' | 'wrong-shape' }[] = [];
  const windows = new Map<string, number[]>();

  const authenticate = (req: IncomingMessage): AccessGrant => {
    const h = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    const grant = m?.[1] !== undefined ? oauth.accessTokens.get(m[1]) : undefined;
    if (!m)
      throw new ApiError(
        401,
        'UNAUTHENTICATED',
        'Request is missing required authentication credential. Expected OAuth 2 access token.',
        'CREDENTIALS_MISSING',
      );
    if (!grant || grant.revoked)
      throw new ApiError(
        401,
        'UNAUTHENTICATED',
        'Request had invalid authentication credentials. Expected OAuth 2 access token.',
        'ACCESS_TOKEN_TYPE_UNSUPPORTED',
      );
    if (grant.expiresAt <= now())
      throw new ApiError(
        401,
        'UNAUTHENTICATED',
        'Request had invalid authentication credentials. INVALID_AUTHENTICATOR: Token expired',
        'ACCESS_TOKEN_EXPIRED',
      );
    return grant;
  };

  const requireScope = (grant: AccessGrant, needed: readonly string[], what: string): void => {
    const missing = needed.filter((s) => !grant.scopes.includes(s));
    if (missing.length > 0)
      throw new ApiError(
        403,
        'PERMISSION_DENIED',
        `Request had insufficient authentication scopes for ${what}.`,
        'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
        {
          method: what,
          service: 'health.googleapis.com',
        },
      );
  };

  const scopeOf = (g: ScopeGroup): string => SIM_SCOPES[g];

  const rateCheck = (): void => {
    if (rateLimit === false) return;
    const t = now();
    const w = (windows.get(userId) ?? []).filter((x) => x > t - 60_000);
    windows.set(userId, w);
    if (w.length >= rateLimit) {
      counters.rateLimited++;
      const wait = Math.max(1, Math.ceil(((w[0] ?? t) + 60_000 - t) / 1000));
      const ra = retryAfter === true ? wait : typeof retryAfter === 'number' ? retryAfter : undefined;
      throw new ApiError(
        429,
        'RESOURCE_EXHAUSTED',
        `Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'health.googleapis.com'.`,
        'RATE_LIMIT_EXCEEDED',
        {
          quota_limit: 'ReadRequestsPerMinutePerUser',
          quota_limit_value: String(rateLimit),
          service: 'health.googleapis.com',
        },
        ra !== undefined ? { 'retry-after': String(ra) } : undefined,
      );
    }
    w.push(t);
  };

  const pageSizeOf = (raw: string | null, max: number, def: number): number => {
    if (raw === null || raw === '') return def;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0)
      throw new ApiError(400, 'INVALID_ARGUMENT', `Invalid value for page_size: ${raw}`, 'INVALID_ARGUMENT');
    return n === 0 ? def : Math.min(n, max);
  };

  const dataPoints = (type: string, q: URLSearchParams, mode: 'list' | 'reconcile'): HttpReply => {
    const info = SIM_TYPES[type];
    if (!info)
      throw new ApiError(
        400,
        'INVALID_ARGUMENT',
        `The data type ID ${type} is not supported.`,
        'INVALID_PARENT_DATA_TYPE_COLLECTION',
      );
    if ((mode === 'list' && !info.list) || (mode === 'reconcile' && !info.reconcile)) {
      const ops = [
        info.list ? 'list' : '',
        info.reconcile ? 'reconcile' : '',
        info.dailyRollUp ? 'rollUp, dailyRollUp' : '',
      ]
        .filter((x) => x !== '')
        .join(', ');
      throw new ApiError(
        400,
        'INVALID_ARGUMENT',
        `${mode === 'list' ? 'List' : 'Reconcile'} is not supported for data type ${type}, the following actions are supported: ${ops}.`,
        'UNSUPPORTED_ACTION',
      );
    }
    const family = q.get('dataSourceFamily');
    if (family !== null) {
      if (!FAMILIES.includes(family))
        throw new ApiError(
          400,
          'INVALID_ARGUMENT',
          `Invalid data source family: ${family}`,
          'INVALID_DATA_POINT_DATA_SOURCE_FAMILY',
        );
      if (mode === 'list' && type === 'sleep')
        throw new ApiError(
          400,
          'INVALID_ARGUMENT',
          'Filtering by data source family is not supported for sleep.',
          'INVALID_DATA_POINT_DATA_SOURCE_FAMILY',
        );
    }
    const filterText = q.get('filter') ?? '';
    let filter;
    try {
      filter = parseFilter(filterText, type, info.kind);
    } catch (e) {
      if (e instanceof FilterError)
        throw new ApiError(400, 'INVALID_ARGUMENT', e.message, 'INVALID_DATA_POINT_FILTER');
      throw e;
    }
    const pageSize = pageSizeOf(q.get('pageSize'), info.maxPageSize, info.defaultPageSize);
    const h = hashOf(mode, type, filterText, q.get('pageSize') ?? '', family ?? '');
    let cursor: QueryCursor | undefined;
    const tok = q.get('pageToken');
    if (tok !== null && tok !== '') {
      const d = decodeToken(tok) as { h?: unknown; s?: unknown; i?: unknown } | undefined;
      if (!d || d.h !== h || typeof d.s !== 'number' || typeof d.i !== 'string')
        throw new ApiError(
          400,
          'INVALID_ARGUMENT',
          'The page token is invalid or does not match the request parameters.',
          'INVALID_PAGE_TOKEN',
        );
      cursor = { start: d.s, id: d.i };
    }
    const duplicates =
      mode === 'list' && DUPLICATED_IN_LIST.has(type) && (family === null || family.endsWith('/all-sources'));
    // Live pages hold about 5,000 points whatever pageSize asks (§6.7).
    const served = pageCap === false ? pageSize : Math.min(pageSize, pageCap);
    const r = store.query(type, info, filter, served, cursor, duplicates);
    const body: Record<string, unknown> = { dataPoints: r.points.map((p) => store.render(type, p, mode)) };
    if (r.next) body.nextPageToken = encodeToken({ h, s: r.next.start, i: r.next.id });
    return ok(body);
  };

  const parseCivilDate = (v: unknown, where: string): string => {
    const d = (v as { date?: { year?: unknown; month?: unknown; day?: unknown } } | undefined)?.date;
    if (!d || typeof d !== 'object')
      throw new ApiError(
        400,
        'INVALID_ARGUMENT',
        `Invalid JSON payload received. Missing ${where}.date`,
        'INVALID_ARGUMENT',
      );
    const { year, month, day } = d;
    if (
      typeof year !== 'number' ||
      typeof month !== 'number' ||
      typeof day !== 'number' ||
      ![year, month, day].every(Number.isInteger)
    )
      throw new ApiError(
        400,
        'INVALID_ARGUMENT',
        `Invalid value at '${where}.date' (TYPE_INT32): year, month and day must be integers`,
        'INVALID_ARGUMENT',
      );
    const s = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    if (
      Number.isNaN(Date.parse(`${s}T00:00:00Z`)) ||
      new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) !== s
    )
      throw new ApiError(
        400,
        'INVALID_ARGUMENT',
        `Invalid date at '${where}.date': ${s}`,
        'INVALID_ARGUMENT',
      );
    return s;
  };

  const dailyRollUp = (type: string, raw: string): HttpReply => {
    const info = SIM_TYPES[type];
    if (!info)
      throw new ApiError(
        400,
        'INVALID_ARGUMENT',
        `The data type ID ${type} is not supported.`,
        'INVALID_PARENT_DATA_TYPE_COLLECTION',
      );
    if (!info.dailyRollUp)
      throw new ApiError(
        400,
        'INVALID_ARGUMENT',
        `DailyRollup is not supported for data type ${type}, the following actions are supported: list, reconcile.`,
        'UNSUPPORTED_ACTION',
      );
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw new ApiError(
        400,
        'INVALID_ARGUMENT',
        'Invalid JSON payload received. Unexpected token.',
        'INVALID_ARGUMENT',
      );
    }
    if (typeof body !== 'object' || body === null)
      throw new ApiError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.', 'INVALID_ARGUMENT');
    const b = body as Record<string, unknown>;
    const range = b.range as Record<string, unknown> | undefined;
    if (!range || typeof range !== 'object')
      throw new ApiError(400, 'INVALID_ARGUMENT', 'range is required.', 'INVALID_ARGUMENT');
    for (const k of Object.keys(range))
      if (k !== 'start' && k !== 'end')
        throw new ApiError(
          400,
          'INVALID_ARGUMENT',
          `Invalid JSON payload received. Unknown name "${k}" at 'range': Cannot find field.`,
          'INVALID_ARGUMENT',
        );
    const start = parseCivilDate(range.start, 'range.start');
    const end = parseCivilDate(range.end, 'range.end');
    if (end <= start)
      throw new ApiError(400, 'INVALID_ARGUMENT', 'range.end must be after range.start.', 'INVALID_ARGUMENT');
    const w = b.windowSizeDays ?? 1;
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 1)
      throw new ApiError(
        400,
        'INVALID_ARGUMENT',
        'windowSizeDays must be a positive integer.',
        'INVALID_ARGUMENT',
      );
    const ps = b.pageSize ?? 1440;
    if (typeof ps !== 'number' || !Number.isInteger(ps) || ps < 1)
      throw new ApiError(400, 'INVALID_ARGUMENT', 'pageSize must be a positive integer.', 'INVALID_ARGUMENT');
    const family = b.dataSourceFamily;
    if (family !== undefined && (typeof family !== 'string' || !FAMILIES.includes(family)))
      throw new ApiError(
        400,
        'INVALID_ARGUMENT',
        `Invalid data source family: ${JSON.stringify(family)}`,
        'INVALID_DATA_POINT_DATA_SOURCE_FAMILY',
      );
    const days = daysBetween(start, end);
    const cap = info.rollupCapDays;
    if (days > cap || w * ps > cap)
      throw new ApiError(
        400,
        'INVALID_ARGUMENT',
        `The requested rollup duration exceeds the maximum of ${cap} days (range ${days} days, windowSizeDays × pageSize = ${w * ps}).`,
        'INVALID_ROLLUP_QUERY_DURATION',
        { maxDurationDays: String(cap) },
      );
    const h = hashOf(
      'rollup',
      type,
      start,
      end,
      String(w),
      String(ps),
      typeof family === 'string' ? family : '',
    );
    let first = 0;
    if (typeof b.pageToken === 'string' && b.pageToken !== '') {
      const d = decodeToken(b.pageToken) as { h?: unknown; w?: unknown } | undefined;
      if (!d || d.h !== h || typeof d.w !== 'number')
        throw new ApiError(
          400,
          'INVALID_ARGUMENT',
          'The page token is invalid or does not match the request parameters.',
          'INVALID_PAGE_TOKEN',
        );
      first = d.w;
    }
    const windowsTotal = Math.ceil(days / w);
    const last = Math.min(windowsTotal, first + ps);
    const out: Record<string, unknown>[] = [];
    for (let i = first; i < last; i++) {
      const ws = addDays(start, i * w);
      const we = addDays(start, Math.min(days, (i + 1) * w));
      const v = store.rollupValue(type, ws, we);
      if (!v) continue;
      const civil = (d: string): Record<string, unknown> => ({
        date: { year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)), day: Number(d.slice(8, 10)) },
        time: {},
      });
      out.push({ civilStartTime: civil(ws), civilEndTime: civil(we), ...v });
    }
    return ok({
      rollupDataPoints: out,
      ...(last < windowsTotal ? { nextPageToken: encodeToken({ h, w: last }) } : {}),
    });
  };

  const api = async (
    req: IncomingMessage,
    path: string,
    q: URLSearchParams,
  ): Promise<{ endpoint: SimEndpoint; type?: string; reply: HttpReply }> => {
    const m = /^\/v4\/users\/([^/]+)\/(.*)$/.exec(path);
    let endpoint: SimEndpoint = 'other';
    let type: string | undefined;
    let handler: ((grant: AccessGrant) => HttpReply | Promise<HttpReply>) | undefined;
    const rest = m?.[2] ?? '';
    const userOk = m !== null && (m[1] === 'me' || m[1] === userId);
    const method = req.method ?? 'GET';
    let dm: RegExpExecArray | null;
    if (userOk && rest === 'identity' && method === 'GET') {
      endpoint = 'identity';
      handler = (g) => {
        if (!g.scopes.some((s) => s.startsWith('https://www.googleapis.com/auth/googlehealth.')))
          requireScope(g, [SIM_SCOPES.activity], 'users.getIdentity');
        return ok({
          name: `users/${userId}/identity`,
          healthUserId: userId,
          legacyUserId: opts.legacyUserId ?? 'ABC12D',
        });
      };
    } else if (userOk && rest === 'settings' && method === 'GET') {
      endpoint = 'settings';
      handler = (g) => {
        requireScope(g, [SIM_SCOPES.settings], 'users.getSettings');
        const t = now();
        return ok({
          name: `users/${userId}/settings`,
          timeZone: timeline.zoneAt(t),
          utcOffset: durationString(timeline.offsetSecondsAt(t)),
          languageLocale: 'en_US',
          measurementSystem: 'METRIC',
        });
      };
    } else if (userOk && rest === 'pairedDevices' && method === 'GET') {
      endpoint = 'pairedDevices';
      handler = (g) => {
        requireScope(g, [SIM_SCOPES.settings], 'users.pairedDevices.list');
        const t = now();
        return ok({
          pairedDevices: [
            {
              name: `users/${userId}/pairedDevices/charge6-1`,
              displayName: 'Charge 6',
              deviceType: 'TRACKER',
              batteryLevel: 64,
              batteryStatus: 'MEDIUM',
              deviceVersion: 'Charge 6',
              ...(opts.deviceLastSyncTime === true
                ? { lastSyncTime: rfc3339(Math.floor((t - 7 * 60_000) / 1000) * 1000) }
                : {}),
            },
            {
              name: `users/${userId}/pairedDevices/aria-1`,
              displayName: 'Aria Air',
              deviceType: 'SCALE',
              batteryLevel: 90,
              batteryStatus: 'HIGH',
              lastSyncTime: rfc3339(Math.floor((t - 30 * 3_600_000) / 1000) * 1000),
            },
          ],
        });
      };
    } else if (
      userOk &&
      (dm = /^dataTypes\/([^/:]+)\/dataPoints(:reconcile|:dailyRollUp)?$/.exec(rest)) !== null
    ) {
      type = dm[1] ?? '';
      const t = type;
      const action = dm[2];
      const info = SIM_TYPES[t];
      const scope = info ? [scopeOf(info.scope)] : [];
      if (action === undefined && method === 'GET') {
        endpoint = 'list';
        handler = (g) => {
          requireScope(g, scope, `dataPoints.list ${t}`);
          return dataPoints(t, q, 'list');
        };
      } else if (action === ':reconcile' && method === 'GET') {
        endpoint = 'reconcile';
        handler = (g) => {
          requireScope(g, scope, `dataPoints.reconcile ${t}`);
          return dataPoints(t, q, 'reconcile');
        };
      } else if (action === ':dailyRollUp' && method === 'POST') {
        endpoint = 'dailyRollUp';
        const body = await readBody(req);
        handler = (g) => {
          requireScope(g, scope, `dataPoints.dailyRollUp ${t}`);
          return dailyRollUp(t, body);
        };
      }
    } else if (
      userOk &&
      (dm = /^dataTypes\/exercise\/dataPoints\/([^/:]+):exportExerciseTcx$/.exec(rest)) !== null &&
      method === 'GET'
    ) {
      endpoint = 'exportExerciseTcx';
      type = 'exercise';
      const id = dm[1] ?? '';
      handler = (g) => {
        requireScope(g, [SIM_SCOPES.activity, SIM_SCOPES.location], 'dataPoints.exportExerciseTcx');
        const p = store.find('exercise', id);
        if (!p)
          throw new ApiError(
            404,
            'NOT_FOUND',
            `Data point users/${userId}/dataTypes/exercise/dataPoints/${id} not found.`,
            'DATA_POINT_NOT_FOUND',
          );
        return {
          status: 200,
          headers: { 'content-type': 'application/vnd.garmin.tcx+xml' },
          body: data.tcx(p),
        };
      };
    }
    const fail = failures.find(
      (f) => f.remaining > 0 && (f.endpoint === undefined || f.endpoint === endpoint),
    );
    if (fail) {
      fail.remaining--;
      counters.serverErrors++;
      throw new ApiError(
        fail.status,
        fail.status === 503 ? 'UNAVAILABLE' : fail.status === 504 ? 'DEADLINE_EXCEEDED' : 'INTERNAL',
        fail.status === 503 ? 'The service is currently unavailable.' : 'Internal error encountered.',
      );
    }
    if (!handler) throw new ApiError(404, 'NOT_FOUND', `Method not found: ${method} ${path}`);
    let grant: AccessGrant;
    try {
      grant = authenticate(req);
    } catch (e) {
      counters.unauthorized++;
      throw e;
    }
    rateCheck();
    if (disconnected || (type !== undefined && deniedTypes.has(type)))
      throw new ApiError(
        403,
        'PERMISSION_DENIED',
        'The caller does not have permission to access the requested resource.',
        'RESOURCE_PERMISSION_DENIED',
        { service: 'health.googleapis.com' },
      );
    if (!linked)
      throw new ApiError(
        400,
        'FAILED_PRECONDITION',
        'The Google account is not linked to a Google Health profile.',
        'ACCOUNT_NOT_LINKED',
      );
    const reply = await handler(grant);
    const bad = malformed.find((x) => x.remaining > 0);
    if (bad && reply.status === 200) {
      bad.remaining--;
      return bad.kind === 'not-json'
        ? {
            endpoint,
            ...(type !== undefined ? { type } : {}),
            reply: {
              status: 200,
              headers: { 'content-type': 'text/html' },
              body: '<html><body>Service temporarily rewritten by a proxy</body></html>',
            },
          }
        : {
            endpoint,
            ...(type !== undefined ? { type } : {}),
            reply: ok({
              dataPoints: 'not-an-array',
              rollupDataPoints: 7,
              healthUserId: 42,
              pairedDevices: {},
            }),
          };
    }
    return { endpoint, ...(type !== undefined ? { type } : {}), reply };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname);
    let reply: HttpReply;
    let endpoint: SimEndpoint = 'other';
    if (path === '/o/oauth2/v2/auth' && req.method === 'GET') {
      endpoint = 'authorize';
      reply = oauth.authorize(url.searchParams);
    } else if (path === '/token' && req.method === 'POST') {
      endpoint = 'token';
      reply = oauth.token(new URLSearchParams(await readBody(req)));
    } else if (path === '/revoke' && req.method === 'POST') {
      endpoint = 'revoke';
      const body = new URLSearchParams(await readBody(req));
      reply = oauth.revoke(url.searchParams.get('token') ?? body.get('token') ?? '');
    } else {
      let type: string | undefined;
      try {
        const r = await api(req, path, url.searchParams);
        endpoint = r.endpoint;
        type = r.type;
        reply = r.reply;
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        reply = errorReply(e);
        const m = /\/dataTypes\/([^/:]+)/.exec(path);
        type = m?.[1];
        endpoint = /:reconcile$/.test(path)
          ? 'reconcile'
          : /:dailyRollUp$/.test(path)
            ? 'dailyRollUp'
            : /:exportExerciseTcx$/.test(path)
              ? 'exportExerciseTcx'
              : /\/dataPoints$/.test(path)
                ? 'list'
                : /\/identity$/.test(path)
                  ? 'identity'
                  : /\/settings$/.test(path)
                    ? 'settings'
                    : /\/pairedDevices$/.test(path)
                      ? 'pairedDevices'
                      : 'other';
      }
      counters.api++;
      if (type !== undefined) counters.byType[type] = (counters.byType[type] ?? 0) + 1;
      counters.log.push({
        at: now(),
        endpoint,
        ...(type !== undefined ? { type } : {}),
        status: reply.status,
      });
      if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    }
    counters.requests[endpoint]++;
    counters.byStatus[reply.status] = (counters.byStatus[reply.status] ?? 0) + 1;
    res.writeHead(reply.status, reply.headers ?? {});
    res.end(reply.body);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const r = errorReply(
        new ApiError(500, 'INTERNAL', `simulator bug: ${e instanceof Error ? e.message : String(e)}`),
      );
      if (!res.headersSent) res.writeHead(r.status, r.headers ?? {});
      res.end(r.body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  const controls: SimControls = {
    setConsent: (c) => {
      oauth.consent.mode = c.mode;
      if (c.grantScopes) oauth.consent.grantScopes = c.grantScopes;
      else delete oauth.consent.grantScopes;
    },
    setRateLimit: (perMinute, ra) => {
      rateLimit = perMinute;
      if (ra !== undefined) retryAfter = ra;
      windows.clear();
    },
    setDisconnected: (d) => {
      disconnected = d;
    },
    denyType: (type) => {
      deniedTypes.add(type);
    },
    failNext: (count, o = {}) => {
      failures.push({
        remaining: count,
        status: o.status ?? 503,
        ...(o.endpoint !== undefined ? { endpoint: o.endpoint } : {}),
      });
    },
    malformNext: (count, kind) => {
      malformed.push({ remaining: count, kind });
    },
    setAccountLinked: (l) => {
      linked = l;
    },
    expireAccessTokens: () => {
      oauth.expireAccessTokens();
    },
    setAccessTokenTtl: (s) => {
      oauthOpts.accessTokenTtlSeconds = s;
    },
    revokeAllTokens: () => {
      oauth.revokeAll();
    },
    issueTokens: (scopes = ALL_READ_SCOPES) => oauth.issue(scopes),
    advanceTime: (ms) => {
      shift += ms;
    },
    hideDay: (type, day) => {
      store.hidden.add(`${type}|${day}`);
    },
    revealDay: (type, day) => {
      store.hidden.delete(`${type}|${day}`);
    },
    addLateData: (type, day, count = 30) => store.addLate(type, day, count),
    setLatency: (ms) => {
      latency = ms;
    },
    resetCounters: () => {
      Object.assign(counters, emptyCounters());
    },
  };

  const sim: { -readonly [K in keyof HealthSimulator]: HealthSimulator[K] } = {
    url,
    oauth: {
      authorizeUrl: `${url}/o/oauth2/v2/auth`,
      tokenUrl: `${url}/token`,
      revokeUrl: `${url}/revoke`,
      clientId,
      clientSecret,
    },
    healthUserId: userId,
    counters,
    controls,
    state: {
      authorizeRequests: oauth.authorizeRequests,
      oauthStats: oauth.stats,
      now,
      today,
      firstDay,
      reconciledDay: (type, day) =>
        store.day(type, day).map((p) => store.render(type, { ...p, source: 'tracker' }, 'reconcile')),
      timeline,
    },
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      });
    },
  };
  return sim;
}

export type { ScopeGroup };
