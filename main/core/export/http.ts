/**
 * A minimal HTTP client on node:http/https with keep-alive, a timeout and abort support. Exports
 * post many pre-compressed batches to one server, so connection reuse matters more than features.
 */
import http from 'node:http';
import https from 'node:https';
import { SyncBitError } from '../errors.js';

export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer | string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** Keep-alive agents shared by one exporter; `destroy()` closes idle sockets. */
export class HttpClient {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 4 });

  /** Sends a request; network failures and timeouts become retryable SyncBitErrors. */
  request(req: HttpRequest): Promise<HttpResponse> {
    const isHttps = req.url.protocol === 'https:';
    const mod = isHttps ? https : http;
    const timeoutMs = req.timeoutMs ?? 60_000;
    return new Promise<HttpResponse>((resolve, reject) => {
      if (req.signal?.aborted) {
        reject(new SyncBitError('cancelled', 'The export was cancelled.'));
        return;
      }
      const headers: Record<string, string> = { ...req.headers };
      if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
      const r = mod.request(
        req.url,
        {
          method: req.method,
          headers,
          agent: isHttps ? this.httpsAgent : this.httpAgent,
          signal: req.signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
          });
          res.on('error', (err) => {
            reject(networkError(req.url, err));
          });
        },
      );
      r.setTimeout(timeoutMs, () => {
        r.destroy(
          new SyncBitError(
            'timeout',
            `${req.url.host} did not answer within ${Math.round(timeoutMs / 1000)} s; SyncBit will retry.`,
          ),
        );
      });
      r.on('error', (err) => {
        if (err instanceof SyncBitError) reject(err);
        else if (err.name === 'AbortError')
          reject(new SyncBitError('cancelled', 'The export was cancelled.'));
        else reject(networkError(req.url, err));
      });
      r.end(req.body);
    });
  }

  /** Closes pooled connections. */
  destroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function networkError(url: URL, err: Error): SyncBitError {
  const code = (err as { code?: unknown }).code;
  return new SyncBitError(
    'network',
    `Cannot reach ${url.host}${typeof code === 'string' ? ` (${code})` : ''}: ${err.message}. SyncBit will retry.`,
    {
      cause: err,
      retryable: true,
    },
  );
}
