/**
 * The simulator's route table: one `{ method, pattern, scope, endpoint, handler }` per endpoint of
 * the Google Health API and Google's OAuth server. A request is matched once (matchRoute); the
 * match names the endpoint and data type for the counters, the scope rule for the 403 check, and
 * the handler, which only turns the request into a SimService or SimOAuth call.
 */
import { SIM_SCOPES, SIM_TYPES } from './catalog.js';
import type { HttpReply, SimOAuth } from './oauth.js';
import { ok } from './replies.js';
import type { SimWorld } from './world.js';

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

export const SIM_ENDPOINTS: readonly SimEndpoint[] = [
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
];

/** What an API call needs of its access token. */
export interface ScopeRule {
  readonly needs: readonly string[];
  /** The API method a 403 names. */
  readonly method: string;
  /** Any googlehealth scope is enough (identity); `needs` is what a 403 then asks for. */
  readonly anyHealthScope?: boolean;
}

export interface RouteRequest {
  /** Named groups of the pattern (`user`, `type`, `id`). */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The request body as text ('' for GET). */
  readonly body: string;
}

export interface SimRoute {
  readonly method: 'GET' | 'POST';
  /** Matched against the decoded path; named groups become `params`. */
  readonly pattern: RegExp;
  /**
   * What the token must grant; null for the OAuth endpoints, which run without a bearer token,
   * rate limit, injected failures or API counters.
   */
  readonly scope: ((params: Readonly<Record<string, string>>) => ScopeRule) | null;
  readonly endpoint: SimEndpoint;
  readonly handler: (req: RouteRequest) => HttpReply;
}

export interface RouteMatch {
  readonly route: SimRoute;
  readonly params: Readonly<Record<string, string>>;
}

const API = '^/v4/users/(?<user>[^/]+)/';
const api = (rest: string): RegExp => new RegExp(`${API}${rest}$`);

/** The data type's scope (none for an unknown type: its handler answers 400). */
const typeScope =
  (what: string) =>
  (params: Readonly<Record<string, string>>): ScopeRule => {
    const type = params.type ?? '';
    const info = SIM_TYPES[type];
    return { needs: info ? [SIM_SCOPES[info.scope]] : [], method: `${what} ${type}` };
  };

/** The route table of a simulator over `world` and `oauth`. */
export function simRoutes(world: SimWorld, oauth: SimOAuth): SimRoute[] {
  const s = world.service;
  return [
    {
      method: 'GET',
      pattern: api('identity'),
      scope: () => ({ needs: [SIM_SCOPES.activity], method: 'users.getIdentity', anyHealthScope: true }),
      endpoint: 'identity',
      handler: () => ok(s.identity()),
    },
    {
      method: 'GET',
      pattern: api('settings'),
      scope: () => ({ needs: [SIM_SCOPES.settings], method: 'users.getSettings' }),
      endpoint: 'settings',
      handler: () => ok(s.settings()),
    },
    {
      method: 'GET',
      pattern: api('pairedDevices'),
      scope: () => ({ needs: [SIM_SCOPES.settings], method: 'users.pairedDevices.list' }),
      endpoint: 'pairedDevices',
      handler: () => ok(s.pairedDevices()),
    },
    {
      method: 'GET',
      pattern: api('dataTypes/(?<type>[^/:]+)/dataPoints'),
      scope: typeScope('dataPoints.list'),
      endpoint: 'list',
      handler: (r) => ok(s.dataPoints(r.params.type ?? '', r.query, 'list')),
    },
    {
      method: 'GET',
      pattern: api('dataTypes/(?<type>[^/:]+)/dataPoints:reconcile'),
      scope: typeScope('dataPoints.reconcile'),
      endpoint: 'reconcile',
      handler: (r) => ok(s.dataPoints(r.params.type ?? '', r.query, 'reconcile')),
    },
    {
      method: 'POST',
      pattern: api('dataTypes/(?<type>[^/:]+)/dataPoints:dailyRollUp'),
      scope: typeScope('dataPoints.dailyRollUp'),
      endpoint: 'dailyRollUp',
      handler: (r) => ok(s.dailyRollUp(r.params.type ?? '', r.body)),
    },
    {
      method: 'GET',
      pattern: api('dataTypes/(?<type>exercise)/dataPoints/(?<id>[^/:]+):exportExerciseTcx'),
      scope: () => ({
        needs: [SIM_SCOPES.activity, SIM_SCOPES.location],
        method: 'dataPoints.exportExerciseTcx',
      }),
      endpoint: 'exportExerciseTcx',
      handler: (r) => ({
        status: 200,
        headers: { 'content-type': 'application/vnd.garmin.tcx+xml' },
        body: s.exerciseTcx(r.params.id ?? ''),
      }),
    },
    {
      method: 'GET',
      pattern: /^\/o\/oauth2\/v2\/auth$/,
      scope: null,
      endpoint: 'authorize',
      handler: (r) => oauth.authorize(r.query),
    },
    {
      method: 'POST',
      pattern: /^\/token$/,
      scope: null,
      endpoint: 'token',
      handler: (r) => oauth.token(new URLSearchParams(r.body)),
    },
    {
      method: 'POST',
      pattern: /^\/revoke$/,
      scope: null,
      endpoint: 'revoke',
      handler: (r) => oauth.revoke(r.query.get('token') ?? new URLSearchParams(r.body).get('token') ?? ''),
    },
  ];
}

/**
 * The route whose pattern matches `path`. An OAuth route matches only with its own method (else the
 * request is an unknown API call); an API route matches whatever the method, so a wrong method is
 * a 404 counted under that endpoint.
 */
export function matchRoute(
  routes: readonly SimRoute[],
  method: string,
  path: string,
): RouteMatch | undefined {
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (m === null || (route.scope === null && route.method !== method)) continue;
    return { route, params: { ...(m.groups ?? {}) } };
  }
  return undefined;
}
