/**
 * Google Health API (v4) + Google OAuth simulator on 127.0.0.1:0, faithful to
 * shared/reference/google-health-api.md §1–4. See README.md in this folder for the exported API.
 * This file is the composition: the HTTP server, the per-request pipeline (injected failures →
 * auth → rate limit → disconnected/denied → account link → scope → route handler → malformed
 * replies), the counters and the controls. The routes are in routes.ts, the request rules in
 * service.ts, the data in world.ts/store.ts/data.ts.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SCOPE_PREFIX, SIM_SCOPES } from './catalog.js';
import type { ScopeGroup } from './catalog.js';
import { SimOAuth } from './oauth.js';
import type { AccessGrant, ConsentBehaviour, HttpReply } from './oauth.js';
import { ApiError, errorReply, ok } from './replies.js';
import { SIM_ENDPOINTS, matchRoute, simRoutes } from './routes.js';
import type { RouteMatch, RouteRequest, ScopeRule, SimEndpoint } from './routes.js';
import type { Timeline } from './timeline.js';
import { SimWorld } from './world.js';
import type { SimDataControls, SimWorldOptions } from './world.js';

export { SIM_SCOPES, SIM_TYPES } from './catalog.js';
export type { Trip } from './timeline.js';
export type { ConsentBehaviour } from './oauth.js';
export type { SimEndpoint } from './routes.js';
export type { SimDataControls } from './world.js';

export interface HealthSimulatorOptions extends SimWorldOptions {
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

export interface SimControls extends SimDataControls {
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

function emptyCounters(): SimCounters {
  return {
    requests: Object.fromEntries(SIM_ENDPOINTS.map((k) => [k, 0])) as Record<SimEndpoint, number>,
    byType: {},
    api: 0,
    rateLimited: 0,
    serverErrors: 0,
    unauthorized: 0,
    byStatus: {},
    log: [],
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const unauthenticated = (message: string, reason: string): ApiError =>
  new ApiError(401, 'UNAUTHENTICATED', message, reason);

/** The bearer token's grant, or the 401 Google answers. */
function authenticate(req: IncomingMessage, oauth: SimOAuth, now: number): AccessGrant {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m)
    throw unauthenticated(
      'Request is missing required authentication credential. Expected OAuth 2 access token.',
      'CREDENTIALS_MISSING',
    );
  const grant = m[1] !== undefined ? oauth.accessTokens.get(m[1]) : undefined;
  if (!grant || grant.revoked)
    throw unauthenticated(
      'Request had invalid authentication credentials. Expected OAuth 2 access token.',
      'ACCESS_TOKEN_TYPE_UNSUPPORTED',
    );
  if (grant.expiresAt <= now)
    throw unauthenticated(
      'Request had invalid authentication credentials. INVALID_AUTHENTICATOR: Token expired',
      'ACCESS_TOKEN_EXPIRED',
    );
  return grant;
}

/** 403 ACCESS_TOKEN_SCOPE_INSUFFICIENT when the grant lacks what the route needs. */
function requireScope(grant: AccessGrant, rule: ScopeRule): void {
  if (rule.anyHealthScope === true && grant.scopes.some((s) => s.startsWith(`${SCOPE_PREFIX}.`))) return;
  if (rule.needs.every((s) => grant.scopes.includes(s))) return;
  throw new ApiError(
    403,
    'PERMISSION_DENIED',
    `Request had insufficient authentication scopes for ${rule.method}.`,
    'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
    { method: rule.method, service: 'health.googleapis.com' },
  );
}

/** A 60 s sliding window of request times on the simulator clock: 429 once it is full. */
class RateLimit {
  private window: number[] = [];
  constructor(
    public perMinute: number | false,
    public retryAfter: boolean | number,
  ) {}

  check(t: number): void {
    if (this.perMinute === false) return;
    this.window = this.window.filter((x) => x > t - 60_000);
    if (this.window.length >= this.perMinute) {
      const wait = Math.max(1, Math.ceil(((this.window[0] ?? t) + 60_000 - t) / 1000));
      const ra =
        this.retryAfter === true ? wait : typeof this.retryAfter === 'number' ? this.retryAfter : undefined;
      throw new ApiError(
        429,
        'RESOURCE_EXHAUSTED',
        `Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'health.googleapis.com'.`,
        'RATE_LIMIT_EXCEEDED',
        {
          quota_limit: 'ReadRequestsPerMinutePerUser',
          quota_limit_value: String(this.perMinute),
          service: 'health.googleapis.com',
        },
        ra !== undefined ? { 'retry-after': String(ra) } : undefined,
      );
    }
    this.window.push(t);
  }

  clear(): void {
    this.window = [];
  }
}

const MALFORMED: Record<'not-json' | 'wrong-shape', HttpReply> = {
  'not-json': {
    status: 200,
    headers: { 'content-type': 'text/html' },
    body: '<html><body>Service temporarily rewritten by a proxy</body></html>',
  },
  'wrong-shape': ok({ dataPoints: 'not-an-array', rollupDataPoints: 7, healthUserId: 42, pairedDevices: {} }),
};

/** Starts the simulator on 127.0.0.1 with a random free port. */
export async function startHealthSimulator(opts: HealthSimulatorOptions = {}): Promise<HealthSimulator> {
  const world = new SimWorld(opts);
  const { now, userId } = world;
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
  const routes = simRoutes(world, oauth);
  const counters = emptyCounters();
  const rateLimit = new RateLimit(opts.rateLimitPerMinute ?? 300, opts.retryAfter ?? false);
  let latency = opts.latencyMs ?? 0;
  let linked = true;
  let disconnected = false;
  const deniedTypes = new Set<string>();
  const failures: { remaining: number; status: number; endpoint?: SimEndpoint }[] = [];
  const malformed: { remaining: number; kind: 'not-json' | 'wrong-shape' }[] = [];

  /** Everything between the route match and the reply of one /v4 call; throws ApiError. */
  const apiPipeline = (
    req: IncomingMessage,
    hit: RouteMatch | undefined,
    request: RouteRequest,
    path: string,
  ): HttpReply => {
    const endpoint = hit?.route.endpoint ?? 'other';
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
    const user = hit?.params.user;
    if (!hit?.route.scope || hit.route.method !== req.method || (user !== 'me' && user !== userId))
      throw new ApiError(404, 'NOT_FOUND', `Method not found: ${req.method ?? 'GET'} ${path}`);
    let grant: AccessGrant;
    try {
      grant = authenticate(req, oauth, now());
    } catch (e) {
      counters.unauthorized++;
      throw e;
    }
    try {
      rateLimit.check(now());
    } catch (e) {
      counters.rateLimited++;
      throw e;
    }
    const type = hit.params.type;
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
    requireScope(grant, hit.route.scope(hit.params));
    const reply = hit.route.handler(request);
    const bad = malformed.find((x) => x.remaining > 0);
    if (!bad || reply.status !== 200) return reply;
    bad.remaining--;
    return MALFORMED[bad.kind];
  };

  /** One /v4 call: the pipeline's reply or error, then the API counters and the latency. */
  const apiCall = async (
    req: IncomingMessage,
    hit: RouteMatch | undefined,
    request: RouteRequest,
    path: string,
  ): Promise<HttpReply> => {
    let reply: HttpReply;
    try {
      reply = apiPipeline(req, hit, request, path);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      reply = errorReply(e);
    }
    const type = hit?.params.type;
    counters.api++;
    if (type !== undefined) counters.byType[type] = (counters.byType[type] ?? 0) + 1;
    counters.log.push({
      at: now(),
      endpoint: hit?.route.endpoint ?? 'other',
      ...(type !== undefined ? { type } : {}),
      status: reply.status,
    });
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    return reply;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname);
    const hit = matchRoute(routes, req.method ?? 'GET', path);
    const body = req.method === 'POST' ? await readBody(req) : '';
    const request: RouteRequest = { params: hit?.params ?? {}, query: url.searchParams, body };
    const reply =
      hit !== undefined && hit.route.scope === null
        ? hit.route.handler(request)
        : await apiCall(req, hit, request, path);
    counters.requests[hit?.route.endpoint ?? 'other']++;
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
    ...world.controls,
    setConsent: (c) => {
      oauth.consent.mode = c.mode;
      if (c.grantScopes) oauth.consent.grantScopes = c.grantScopes;
      else delete oauth.consent.grantScopes;
    },
    setRateLimit: (perMinute, ra) => {
      rateLimit.perMinute = perMinute;
      if (ra !== undefined) rateLimit.retryAfter = ra;
      rateLimit.clear();
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
    setLatency: (ms) => {
      latency = ms;
    },
    resetCounters: () => {
      Object.assign(counters, emptyCounters());
    },
  };

  return {
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
      today: world.today,
      firstDay: world.firstDay,
      reconciledDay: (type, day) => world.reconciledDay(type, day),
      timeline: world.timeline,
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
}

export type { ScopeGroup };
