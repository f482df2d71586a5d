/**
 * The Victoria Metrics HTTP API SyncBit uses: Prometheus-text import (gzip), raw export for
 * read-back, series deletion for repairs, force_flush, and the retention flag. Every call carries
 * basic auth or a bearer token; secrets never reach a log line or an error message.
 */
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { SyncBitError } from '../../errors.js';
import { HttpClient, type HttpResponse } from '../http.js';
import { seriesOf } from './metric-map.js';
import { retentionFromMetricsText } from './retention.js';

const gzipAsync = promisify(gzip);

/** What SyncBit needs to reach a Victoria Metrics server. */
export interface VictoriaConnection {
  /** Full import URL, e.g. `https://vm.example.com/api/v1/import/prometheus` (VICTORIA_ENDPOINT). */
  readonly importUrl: string;
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  /** Sent as `Authorization: Bearer …` when set (instead of basic auth). */
  readonly bearerToken?: string | undefined;
  readonly timeoutMs?: number | undefined;
}

/** series → timestamp → values as stored (more than one value = duplicate samples). */
export type StoredSeries = Map<string, Map<number, number[]>>;

/** The outcome of one import POST. */
export type ImportResult =
  { readonly ok: true } | { readonly ok: false; readonly status: number; readonly message: string };

/** Derives the server's base URL from the import URL (strips `/api/v1/import…`). */
export function baseUrlOf(importUrl: string): URL {
  const u = new URL(importUrl);
  const idx = u.pathname.indexOf('/api/v1/');
  u.pathname = idx >= 0 ? u.pathname.slice(0, idx) : u.pathname.replace(/\/+$/, '');
  u.search = '';
  return u;
}

export class VictoriaClient {
  private readonly http = new HttpClient();
  private readonly importUrl: URL;
  private readonly base: URL;
  private readonly auth: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(conn: VictoriaConnection) {
    try {
      this.importUrl = new URL(conn.importUrl);
    } catch (err) {
      throw new SyncBitError(
        'invalid-settings',
        `VICTORIA_ENDPOINT is not a URL: set it to the full import URL, e.g. https://vm.example.com/api/v1/import/prometheus.`,
        { cause: err },
      );
    }
    this.base = baseUrlOf(conn.importUrl);
    this.timeoutMs = conn.timeoutMs ?? 60_000;
    this.auth = {};
    if (conn.bearerToken) this.auth.authorization = `Bearer ${conn.bearerToken}`;
    else if (conn.user !== undefined || conn.password !== undefined)
      this.auth.authorization = `Basic ${Buffer.from(`${conn.user ?? ''}:${conn.password ?? ''}`).toString('base64')}`;
  }

  /** The server, for messages (no credentials). */
  get host(): string {
    return this.importUrl.host;
  }

  /** gzip-compresses Prometheus text (async, on the libuv thread pool). */
  static compress(text: string | Uint8Array): Promise<Buffer> {
    // One output chunk for the whole batch (Prometheus text deflates ~15×): one thread-pool job
    // per batch instead of one event-loop turn per 16 KiB, without a 1 MiB buffer per batch.
    const chunkSize = Math.min(Math.max(Math.ceil(text.length / 8), 64 * 1024), 1024 * 1024);
    return gzipAsync(text, { level: 1, chunkSize });
  }

  /** POSTs one gzip batch. 400/413/422 come back as a rejection; auth, 404, 429, 5xx and network failures throw. */
  async importGzip(body: Buffer, signal?: AbortSignal): Promise<ImportResult> {
    const res = await this.http.request({
      method: 'POST',
      url: this.importUrl,
      headers: { ...this.auth, 'content-type': 'text/plain', 'content-encoding': 'gzip' },
      body,
      timeoutMs: this.timeoutMs,
      signal,
    });
    if (res.status >= 200 && res.status < 300) return { ok: true };
    if (res.status === 400 || res.status === 413 || res.status === 422)
      return { ok: false, status: res.status, message: `HTTP ${res.status}: ${snippet(res)}` };
    throw this.httpError(res, 'import');
  }

  /** Raw samples of every series matching `match` in [startMs, endMs] (all time when omitted). */
  async exportSeries(
    match: string,
    startMs?: number,
    endMs?: number,
    signal?: AbortSignal,
  ): Promise<StoredSeries> {
    const params = new URLSearchParams({ 'match[]': match });
    if (startMs !== undefined) params.set('start', (startMs / 1000).toFixed(3));
    if (endMs !== undefined) params.set('end', (endMs / 1000).toFixed(3));
    const res = await this.http.request({
      method: 'POST',
      url: this.api('/api/v1/export'),
      headers: { ...this.auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: params.toString(),
      timeoutMs: this.timeoutMs,
      signal,
    });
    if (res.status !== 200) throw this.httpError(res, 'export (read-back)');
    return parseExport(res.body.toString('utf8'));
  }

  /** Deletes every series matching `match` (VM deletes whole series; there is no time-range delete). */
  async deleteSeries(match: string, signal?: AbortSignal): Promise<void> {
    const res = await this.http.request({
      method: 'POST',
      url: this.api('/api/v1/admin/tsdb/delete_series'),
      headers: { ...this.auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ 'match[]': match }).toString(),
      timeoutMs: this.timeoutMs,
      signal,
    });
    if (res.status < 200 || res.status >= 300)
      throw this.httpError(res, 'delete_series (repair of a changed value)');
  }

  /** Makes recent imports visible to export. Best effort: false when the server (or a proxy) refuses it. */
  async forceFlush(signal?: AbortSignal): Promise<boolean> {
    try {
      const res = await this.http.request({
        method: 'GET',
        url: this.api('/internal/force_flush'),
        headers: this.auth,
        timeoutMs: this.timeoutMs,
        signal,
      });
      return res.status === 200;
    } catch (err) {
      if (err instanceof SyncBitError && err.code === 'cancelled') throw err;
      return false;
    }
  }

  /** The server's retention from `/metrics` (or `/flags`), undefined when neither is readable. */
  async retention(signal?: AbortSignal): Promise<{ raw: string; ms: number } | undefined> {
    for (const path of ['/metrics', '/flags']) {
      try {
        const res = await this.http.request({
          method: 'GET',
          url: this.api(path),
          headers: this.auth,
          timeoutMs: this.timeoutMs,
          signal,
        });
        if (res.status === 200) {
          const r = retentionFromMetricsText(res.body.toString('utf8'));
          if (r) return r;
        }
      } catch (err) {
        if (err instanceof SyncBitError && (err.code === 'cancelled' || err.code === 'network')) throw err;
      }
    }
    return undefined;
  }

  /** An authenticated read that writes nothing: label names. Throws on auth failure or no answer. */
  async labels(signal?: AbortSignal): Promise<string[]> {
    const res = await this.http.request({
      method: 'GET',
      url: this.api('/api/v1/labels'),
      headers: this.auth,
      timeoutMs: this.timeoutMs,
      signal,
    });
    if (res.status !== 200) throw this.httpError(res, 'read');
    const parsed = JSON.parse(res.body.toString('utf8')) as { data?: unknown };
    return Array.isArray(parsed.data) ? parsed.data.filter((x): x is string => typeof x === 'string') : [];
  }

  close(): void {
    this.http.destroy();
  }

  private api(path: string): URL {
    const u = new URL(this.base.toString());
    u.pathname = `${u.pathname.replace(/\/+$/, '')}${path}`;
    return u;
  }

  private httpError(res: HttpResponse, what: string): SyncBitError {
    const host = this.importUrl.host;
    if (res.status === 401 || res.status === 403)
      return new SyncBitError(
        'auth-required',
        `Victoria Metrics at ${host} refused the credentials for ${what} (HTTP ${res.status}): check VICTORIA_USER/VICTORIA_PASSWORD or VICTORIA_TOKEN. Data stays in the outbox.`,
        { retryable: true },
      );
    if (res.status === 404)
      return new SyncBitError(
        'invalid-settings',
        `Victoria Metrics at ${host}: ${what} endpoint not found (HTTP 404): check VICTORIA_ENDPOINT (the full import URL). Data stays in the outbox.`,
        {
          retryable: true,
        },
      );
    if (res.status === 429)
      return new SyncBitError(
        'rate-limited',
        `Victoria Metrics at ${host} is throttling (HTTP 429); SyncBit will retry later.`,
      );
    return new SyncBitError(
      'network',
      `Victoria Metrics at ${host} answered HTTP ${res.status} to ${what}: ${snippet(res)}. SyncBit will retry.`,
      { retryable: true },
    );
  }
}

function snippet(res: HttpResponse): string {
  const text = res.body.toString('utf8').trim().replace(/\s+/g, ' ');
  return text.length > 400 ? `${text.slice(0, 400)}…` : text || '(empty body)';
}

/** Parses `/api/v1/export` JSON lines into canonical series → ts → values. */
export function parseExport(text: string): StoredSeries {
  const out: StoredSeries = new Map();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as {
      metric?: Record<string, string>;
      values?: unknown[];
      timestamps?: number[];
    };
    const { __name__: name, ...labels } = row.metric ?? {};
    if (name === undefined) continue;
    const series = seriesOf(name, labels);
    let byTs = out.get(series);
    if (byTs === undefined) out.set(series, (byTs = new Map<number, number[]>()));
    const values = row.values ?? [];
    const stamps = row.timestamps ?? [];
    for (let k = 0; k < stamps.length; k++) {
      const ts = stamps[k];
      const v = Number(values[k]);
      if (ts === undefined) continue;
      const list = byTs.get(ts);
      if (list) list.push(v);
      else byTs.set(ts, [v]);
    }
  }
  return out;
}
