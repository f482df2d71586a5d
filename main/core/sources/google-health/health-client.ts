/**
 * The Google Health API client (implements the HealthApi port) on axios. Every request goes
 * through the client-side rate limiter, carries a bearer token from the token provider, and is
 * retried on 429/5xx/network errors with exponential backoff and jitter (honouring Retry-After when
 * present). A 401 triggers one shared refresh, then `auth-required`. Responses are validated with
 * zod; anything malformed is an `api-error`. Tokens never appear in errors or logs.
 */
import axios from 'axios';
import type { AxiosInstance, AxiosResponse } from 'axios';
import { z } from 'zod';
import { SyncBitError } from '../../errors.js';
import { redactText, silentLogger } from '../../log.js';
import type { Clock, Logger } from '../../ports.js';
import { systemClock } from '../../ports.js';
import { isRetryableStatus, parseApiError, toApiError } from './api-errors.js';
import type { ErrorContext } from './api-errors.js';
import type {
  DailyRollUpRequest,
  DataPointPage,
  HealthApi,
  HealthDataPoint,
  HealthDataType,
  Identity,
  PairedDevice,
  ReconcileQuery,
  RollupPage,
  UserSettings,
} from './api-types.js';
import { RateLimiter } from './rate-limiter.js';
import type { AccessTokenProvider } from './token-manager.js';

export const DEFAULT_HEALTH_API_URL = 'https://health.googleapis.com';

export interface HealthClientOptions {
  /** API root (GOOGLE_HEALTH_API_URL); paths `/v4/…` are appended. */
  readonly baseUrl?: string;
  readonly tokens: AccessTokenProvider;
  /** Shared pacing (default: 5 requests/s, burst 2, at most 290 in any 60 s, on `clock`). */
  readonly limiter?: RateLimiter;
  readonly clock?: Clock;
  readonly log?: Logger;
  /** Retries after the first attempt for 429/5xx/network errors (default 6). */
  readonly maxRetries?: number;
  /** First backoff step (default 1 s); doubles per attempt up to maxDelayMs (default 64 s). */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the call fails `rate-limited` (default 15 min). */
  readonly maxRetryAfterMs?: number;
  /** Jitter source in [0, 1) (tests pin it). */
  readonly random?: () => number;
  readonly timeoutMs?: number;
  readonly http?: AxiosInstance;
  /** Aborts waits and pending requests (SIGTERM, cancel in the app). */
  readonly signal?: AbortSignal;
  /** Told whenever the client waits because of a 429 or an outage (progress: "waiting until HH:MM"). */
  readonly onWait?: (w: { until: number; reason: 'rate-limited' | 'server-error' }) => void;
}

const TYPE_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * A page's points are checked to be objects in place: a looseObject schema would copy each of up
 * to 5,000 points per page (dense heart rate), doubling the memory a page costs.
 */
const pointInPlace = z.custom<HealthDataPoint>((v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const p = v as Record<string, unknown>;
  return (
    (p.name === undefined || typeof p.name === 'string') &&
    (p.dataPointName === undefined || typeof p.dataPointName === 'string')
  );
}, 'a data point must be an object');
const pageSchema = z.looseObject({
  dataPoints: z.array(pointInPlace).optional(),
  nextPageToken: z.string().optional(),
});
const rollupPageSchema = z.looseObject({
  rollupDataPoints: z.array(z.looseObject({})).optional(),
  nextPageToken: z.string().optional(),
});
const identitySchema = z.looseObject({
  healthUserId: z.string().min(1),
  name: z.string().optional(),
  legacyUserId: z.string().optional(),
});
const settingsSchema = z.looseObject({ timeZone: z.string().optional(), utcOffset: z.string().optional() });
const devicesSchema = z.looseObject({
  pairedDevices: z.array(z.looseObject({})).optional(),
  nextPageToken: z.string().optional(),
});

interface RequestSpec {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query?: Record<string, string | number | undefined>;
  readonly body?: unknown;
  readonly ctx: ErrorContext;
  /** `json` (default) parses and returns the body; `text` returns it raw (TCX). */
  readonly expect?: 'json' | 'text';
}

/** Parses Retry-After (seconds or HTTP date) into ms from `now`. */
export function parseRetryAfter(header: unknown, now: number): number | undefined {
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  const s = header.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const at = Date.parse(s);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export class HealthClient implements HealthApi {
  private readonly http: AxiosInstance;
  private readonly baseUrl: string;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly limiter: RateLimiter;
  private readonly random: () => number;
  private count = 0;

  constructor(private readonly opts: HealthClientOptions) {
    this.http = opts.http ?? axios.create();
    this.baseUrl = (opts.baseUrl ?? DEFAULT_HEALTH_API_URL).replace(/\/+$/, '');
    this.clock = opts.clock ?? systemClock;
    this.log = opts.log ?? silentLogger;
    this.limiter = opts.limiter ?? new RateLimiter({ clock: this.clock });
    this.random = opts.random ?? Math.random;
  }

  /** HTTP requests sent so far (retries included). */
  get requestCount(): number {
    return this.count;
  }

  async getIdentity(): Promise<Identity> {
    const data = await this.request({
      method: 'GET',
      path: '/v4/users/me/identity',
      ctx: { what: 'identity' },
    });
    return this.validate(identitySchema, data, 'identity');
  }

  async getSettings(): Promise<UserSettings> {
    const data = await this.request({
      method: 'GET',
      path: '/v4/users/me/settings',
      ctx: { what: 'settings' },
    });
    const settings: UserSettings = this.validate(settingsSchema, data, 'settings');
    return settings;
  }

  async listPairedDevices(): Promise<PairedDevice[]> {
    const out: PairedDevice[] = [];
    let pageToken: string | undefined;
    for (let i = 0; i < 50; i++) {
      const data = await this.request({
        method: 'GET',
        path: '/v4/users/me/pairedDevices',
        query: { pageSize: 100, pageToken },
        ctx: { what: 'paired devices' },
      });
      const page = this.validate(devicesSchema, data, 'paired devices');
      out.push(...((page.pairedDevices ?? []) as PairedDevice[]));
      pageToken =
        page.nextPageToken !== undefined && page.nextPageToken !== '' ? page.nextPageToken : undefined;
      if (pageToken === undefined) break;
    }
    return out;
  }

  async reconcile(type: HealthDataType, query: ReconcileQuery): Promise<DataPointPage> {
    this.checkType(type);
    const data = await this.request({
      method: 'GET',
      path: `/v4/users/me/dataTypes/${type}/dataPoints:reconcile`,
      query: {
        filter: query.filter,
        pageSize: query.pageSize,
        pageToken: query.pageToken,
        dataSourceFamily: query.dataSourceFamily,
      },
      ctx: { what: `reconcile ${type}`, type },
    });
    const page = this.validate(pageSchema, data, `reconcile ${type}`);
    return {
      dataPoints: page.dataPoints ?? [],
      ...(page.nextPageToken !== undefined && page.nextPageToken !== ''
        ? { nextPageToken: page.nextPageToken }
        : {}),
    };
  }

  async dailyRollUp(type: HealthDataType, request: DailyRollUpRequest): Promise<RollupPage> {
    this.checkType(type);
    for (const d of [request.range.start.date, request.range.end.date])
      if (![d.year, d.month, d.day].every(Number.isInteger))
        throw new SyncBitError(
          'invalid-input',
          `dailyRollUp ${type}: civil dates must be integers (SyncBit bug).`,
        );
    const data = await this.request({
      method: 'POST',
      path: `/v4/users/me/dataTypes/${type}/dataPoints:dailyRollUp`,
      body: request,
      ctx: { what: `dailyRollUp ${type}`, type },
    });
    const page = this.validate(rollupPageSchema, data, `dailyRollUp ${type}`);
    return {
      rollupDataPoints: page.rollupDataPoints ?? [],
      ...(page.nextPageToken !== undefined && page.nextPageToken !== ''
        ? { nextPageToken: page.nextPageToken }
        : {}),
    };
  }

  async exportExerciseTcx(dataPointName: string): Promise<string> {
    const id = dataPointName.split('/').pop() ?? '';
    if (!/^[A-Za-z0-9_-]+$/.test(id))
      throw new SyncBitError('invalid-input', `Not an exercise data point name: ${dataPointName}`);
    const text = await this.request({
      method: 'GET',
      path: `/v4/users/me/dataTypes/exercise/dataPoints/${id}:exportExerciseTcx`,
      query: { alt: 'media' },
      ctx: { what: `export TCX of exercise ${id}`, type: 'exercise' },
      expect: 'text',
    });
    if (typeof text !== 'string' || !text.trimStart().startsWith('<'))
      throw new SyncBitError(
        'api-error',
        `Google Health API sent something that is not a TCX document for exercise ${id}.`,
      );
    return text;
  }

  private checkType(type: string): void {
    if (!TYPE_RE.test(type))
      throw new SyncBitError('invalid-input', `Not a Google Health data type id: ${type}`);
  }

  private validate<T extends z.ZodType>(schema: T, data: unknown, what: string): z.infer<T> {
    const r = schema.safeParse(data);
    if (!r.success) {
      const issue = r.error.issues[0];
      const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown shape';
      throw new SyncBitError(
        'api-error',
        `Google Health API sent a malformed ${what} response (${where}). SyncBit will retry on the next sync; report it if it persists.`,
      );
    }
    return r.data;
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.opts.signal;
    if (signal?.aborted === true) return Promise.reject(new SyncBitError('cancelled', 'Sync was cancelled.'));
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        this.clock.clearTimeout(handle);
        reject(new SyncBitError('cancelled', 'Sync was cancelled.'));
      };
      const handle = this.clock.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private backoff(attempt: number): number {
    const base = this.opts.baseDelayMs ?? 1000;
    const cap = this.opts.maxDelayMs ?? 64_000;
    const d = Math.min(cap, base * 2 ** attempt);
    return Math.round(d / 2 + (this.random() * d) / 2);
  }

  private async request(spec: RequestSpec): Promise<unknown> {
    const maxRetries = this.opts.maxRetries ?? 6;
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) qs.set(k, String(v));
    const url = `${this.baseUrl}${spec.path}${qs.size > 0 ? `?${qs.toString()}` : ''}`;
    let refreshed = false;
    let token = await this.opts.tokens.getAccessToken();
    for (let attempt = 0; ; attempt++) {
      await this.limiter.acquire(this.opts.signal);
      this.count++;
      const started = this.clock.now();
      let res: AxiosResponse<string>;
      try {
        res = await this.http.request<string>({
          url,
          method: spec.method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: spec.expect === 'text' ? '*/*' : 'application/json',
            ...(spec.body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(spec.body !== undefined ? { data: JSON.stringify(spec.body) } : {}),
          responseType: 'text',
          transformResponse: [(d: unknown) => d],
          validateStatus: () => true,
          timeout: this.opts.timeoutMs ?? 60_000,
          ...(this.opts.signal ? { signal: this.opts.signal } : {}),
        });
      } catch (e) {
        if (this.opts.signal?.aborted === true) throw new SyncBitError('cancelled', 'Sync was cancelled.');
        const message = redactText(e instanceof Error ? e.message : String(e));
        if (attempt >= maxRetries)
          throw new SyncBitError(
            'network',
            `Could not reach the Google Health API for ${spec.ctx.what}: ${message}. Check the network; SyncBit will retry.`,
            { retryable: true },
          );
        const delay = this.backoff(attempt);
        this.log.warn('network error, backing off', {
          what: spec.ctx.what,
          attempt,
          delayMs: delay,
          error: message,
        });
        await this.sleep(delay);
        continue;
      }
      this.log.debug('api', {
        method: spec.method,
        path: spec.path,
        status: res.status,
        ms: this.clock.now() - started,
      });
      if (res.status >= 200 && res.status < 300) {
        if (spec.expect === 'text') return res.data;
        try {
          return JSON.parse(res.data) as unknown;
        } catch {
          throw new SyncBitError(
            'api-error',
            `Google Health API sent a response that is not JSON for ${spec.ctx.what} (content-type ${String(res.headers['content-type'] ?? 'none')}). A proxy may be in the way; SyncBit will retry on the next sync.`,
          );
        }
      }
      if (res.status === 401) {
        if (refreshed)
          throw new SyncBitError(
            'auth-required',
            "Google rejected SyncBit's access even after a fresh sign-in token. Run `syncbit authorize` (or Re-authorize in the app) to sign in again.",
          );
        refreshed = true;
        this.log.info('access token rejected, refreshing once', { what: spec.ctx.what });
        token = await this.opts.tokens.refreshAfterUnauthorized(token);
        continue;
      }
      if (isRetryableStatus(res.status)) {
        const now = this.clock.now();
        const retryAfter = parseRetryAfter(res.headers['retry-after'], now);
        const limited = res.status === 429;
        if (retryAfter !== undefined && retryAfter > (this.opts.maxRetryAfterMs ?? 15 * 60_000)) {
          throw new SyncBitError(
            'rate-limited',
            `Google asked SyncBit to wait until ${new Date(now + retryAfter).toISOString()} before more requests; the next sync will continue.`,
            {
              retryable: true,
            },
          );
        }
        if (attempt >= maxRetries) {
          throw limited
            ? new SyncBitError(
                'rate-limited',
                `Google's rate limit is still reached after ${maxRetries + 1} tries for ${spec.ctx.what}; the next sync will continue where this one stopped.`,
                {
                  retryable: true,
                },
              )
            : new SyncBitError(
                'network',
                `The Google Health API is unavailable (HTTP ${res.status}) for ${spec.ctx.what}; the next sync will retry.`,
                { retryable: true },
              );
        }
        const delay = retryAfter ?? this.backoff(attempt);
        if (limited) this.limiter.pauseUntil(now + delay);
        this.opts.onWait?.({ until: now + delay, reason: limited ? 'rate-limited' : 'server-error' });
        this.log.warn(limited ? 'rate limited, backing off' : 'server error, backing off', {
          what: spec.ctx.what,
          status: res.status,
          attempt,
          delayMs: delay,
          retryAfter: retryAfter !== undefined,
        });
        await this.sleep(delay);
        continue;
      }
      throw toApiError(parseApiError(res.status, res.data), spec.ctx);
    }
  }
}
