/**
 * The desktop OAuth redirect (reference §1.4–1.6): a one-shot HTTP server on 127.0.0.1 (never
 * 0.0.0.0) on a random free port, bound before the authorize URL is built. PKCE S256, a random
 * `state` compared in constant time, `access_type=offline&prompt=consent`, minimal read scopes and
 * no `include_granted_scopes`. It accepts exactly one callback, shows a small success or failure
 * page (also when the user pressed Cancel), times out, and always closes.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SyncBitError } from '../../errors.js';
import { silentLogger } from '../../log.js';
import type { Clock, Logger } from '../../ports.js';
import { systemClock } from '../../ports.js';
import { GOOGLE_ENDPOINTS } from './oauth-client.js';
import { createPkcePair, createState } from './pkce.js';
import { DEFAULT_SCOPES } from './scopes.js';

export interface LoopbackOptions {
  readonly clientId: string;
  /** Override for tests and proxies (GOOGLE_OAUTH_AUTHORIZE_URL). */
  readonly authorizeUrl?: string;
  readonly scopes?: readonly string[];
  /** How long to wait for the browser (default 5 minutes). */
  readonly timeoutMs?: number;
  readonly loginHint?: string;
  readonly clock?: Clock;
  readonly log?: Logger;
}

/** What the callback delivered, ready for the code exchange. */
export interface AuthorizationCode {
  readonly code: string;
  readonly verifier: string;
  readonly redirectUri: string;
  /** Scopes the user granted, when the redirect says (may be a subset). */
  readonly scope?: string;
}

export interface LoopbackSession {
  /** Open this in the browser. */
  readonly url: string;
  readonly redirectUri: string;
  /** Settles once: the code, or a SyncBitError (`cancelled`, `timeout`, `auth-required`). */
  readonly result: Promise<AuthorizationCode>;
  /** Stops waiting (rejects `result` with `cancelled` if still pending) and closes the server. */
  close(): Promise<void>;
  /** True once the server has closed. */
  readonly closed: boolean;
}

const CALLBACK_PATH = '/oauth2callback';

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

function page(title: string, body: string, ok: boolean): string {
  const color = ok ? '#1a7f37' : '#b42318';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SyncBit – ${title}</title>
<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}h1{color:${color};font-size:1.4rem}</style>
</head><body><h1>${title}</h1><p>${body}</p><p>You can close this tab.</p></body></html>`;
}

/** Starts the loopback server and returns the authorize URL to open. */
export async function startLoopbackAuthorization(opts: LoopbackOptions): Promise<LoopbackSession> {
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? silentLogger;
  const pkce = createPkcePair();
  const state = createState();
  let settled = false;
  let closed = false;
  let resolveResult: (c: AuthorizationCode) => void = () => undefined;
  let rejectResult: (e: unknown) => void = () => undefined;
  const result = new Promise<AuthorizationCode>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  // callers may attach handlers late; never let an early rejection count as unhandled
  result.catch(() => undefined);

  const server = createServer();
  let timer: unknown;
  let redirectUri = '';

  const shutdown = (): Promise<void> =>
    new Promise<void>((resolve) => {
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      if (closed) {
        resolve();
        return;
      }
      server.close(() => {
        closed = true;
        resolve();
      });
      server.closeIdleConnections();
      // give the response in flight a moment to flush, then drop anything left (browser keep-alive)
      setTimeout(() => {
        server.closeAllConnections();
      }, 200).unref();
    });

  const settle = (outcome: { code: AuthorizationCode } | { error: SyncBitError }): void => {
    if (settled) return;
    settled = true;
    if ('code' in outcome) resolveResult(outcome.code);
    else rejectResult(outcome.error);
    void shutdown();
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const answer = answerCallback(req.method, req.url, state, settled);
    if (answer.warning !== undefined) log.warn(answer.warning);
    reply(res, answer.status, answer.html);
    const outcome = answer.outcome;
    if (outcome === undefined) return;
    if ('error' in outcome) settle(outcome);
    else
      settle({
        code: {
          code: outcome.code,
          verifier: pkce.verifier,
          redirectUri,
          ...(outcome.scope !== undefined ? { scope: outcome.scope } : {}),
        },
      });
  };
  server.on('request', onRequest);

  const port = await listenOnLoopback(server);
  redirectUri = `http://127.0.0.1:${port}${CALLBACK_PATH}`;
  const url = authorizeUrl(opts, redirectUri, pkce, state);

  const timeoutMs = opts.timeoutMs ?? 5 * 60_000;
  timer = clock.setTimeout(() => {
    timer = undefined;
    log.warn('sign-in timed out', { timeoutMs });
    settle({
      error: new SyncBitError(
        'timeout',
        `No answer from the browser within ${Math.round(timeoutMs / 1000)} s, so the sign-in was stopped. Sign in again (Authorize in the app, or \`syncbit authorize\`).`,
      ),
    });
  }, timeoutMs);
  log.info('waiting for the Google sign-in', { redirectUri });

  return {
    url: url.toString(),
    redirectUri,
    result,
    close: async () => {
      settle({
        error: new SyncBitError('cancelled', 'The sign-in was stopped before the browser answered.'),
      });
      await shutdown();
    },
    get closed() {
      return closed;
    },
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function reply(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'referrer-policy': 'no-referrer',
    connection: 'close',
  });
  res.end(html);
}

/** How the server answers one request: the page, and whether it ends the sign-in (with a code or an error). */
interface CallbackAnswer {
  readonly status: number;
  readonly html: string;
  readonly outcome?:
    | { readonly code: string; readonly scope: string | undefined }
    | { readonly error: SyncBitError }
    | undefined;
  /** Logged before the answer. */
  readonly warning?: string | undefined;
}

const NOT_FOR_YOU = 'This address only receives the Google sign-in answer for SyncBit.';

/** The answer to a request on the loopback server (pure: no I/O). */
function answerCallback(
  method: string | undefined,
  rawUrl: string | undefined,
  expectedState: string,
  settled: boolean,
): CallbackAnswer {
  let url: URL;
  try {
    url = new URL(rawUrl ?? '/', 'http://127.0.0.1');
  } catch {
    // A malformed request line (`GET http://[zz/…`) is answered, never thrown: it must not end
    // the process or the sign-in in progress.
    return { status: 400, html: page('Bad request', NOT_FOR_YOU, false) };
  }
  if (method !== 'GET' || url.pathname !== CALLBACK_PATH)
    return { status: 404, html: page('Not found', NOT_FOR_YOU, false) };
  if (settled)
    return {
      status: 410,
      html: page(
        'Already used',
        'This sign-in has already finished. Start a new one from SyncBit if needed.',
        false,
      ),
    };
  const q = url.searchParams;
  if (!sameSecret(q.get('state') ?? '', expectedState)) {
    // Refused, but the sign-in goes on: anything on this machine can send a request here, and a
    // forged or stale one must not end the real answer's wait (nor deliver a code).
    return {
      status: 400,
      html: page(
        'Sign-in answer refused',
        'The answer did not match the sign-in SyncBit started (state mismatch). If you are signing in, finish it in the tab SyncBit opened.',
        false,
      ),
      warning: 'refused a sign-in answer that did not match this sign-in (state mismatch)',
    };
  }
  const error = q.get('error');
  if (error !== null) return googleError(error);
  const code = q.get('code');
  if (code === null || code === '')
    return {
      status: 400,
      html: page('Sign-in failed', 'Google sent no authorization code.', false),
      outcome: {
        error: new SyncBitError(
          'auth-required',
          'Google sent no authorization code. Sign in again (Authorize in the app, or `syncbit authorize`).',
        ),
      },
    };
  return {
    status: 200,
    html: page('SyncBit is connected', 'Google sign-in worked. SyncBit will now finish setting up.', true),
    outcome: { code, scope: q.get('scope') ?? undefined },
  };
}

/** The answer to `?error=…`: the user cancelled (access_denied), or Google refused. */
function googleError(error: string): CallbackAnswer {
  if (error === 'access_denied')
    return {
      status: 200,
      html: page(
        'Sign-in cancelled',
        'You cancelled the Google sign-in, so SyncBit has no access. Start it again from SyncBit whenever you like.',
        false,
      ),
      outcome: {
        error: new SyncBitError(
          'cancelled',
          'Google sign-in was cancelled in the browser (access_denied). Sign in again (Authorize in the app, or `syncbit authorize`) and choose Allow to connect.',
        ),
      },
    };
  return {
    status: 400,
    html: page('Sign-in failed', `Google reported an error: ${escapeHtml(error)}.`, false),
    outcome: {
      error: new SyncBitError(
        'auth-required',
        `Google sign-in failed (${error}). Check the OAuth client settings, then sign in again (Authorize in the app, or \`syncbit authorize\`).`,
      ),
    },
  };
}

/** Binds the server to a random free port on 127.0.0.1 (never 0.0.0.0); returns the port. */
async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      reject(
        new SyncBitError('port-in-use', `Could not open a local port for the Google sign-in: ${e.message}`, {
          cause: e,
        }),
      );
    });
    server.listen(0, '127.0.0.1', () => {
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** The authorize URL: PKCE S256, state, offline access with consent, the read scopes. */
function authorizeUrl(
  opts: LoopbackOptions,
  redirectUri: string,
  pkce: { readonly challenge: string; readonly method: string },
  state: string,
): URL {
  const url = new URL(opts.authorizeUrl ?? GOOGLE_ENDPOINTS.authorizeUrl);
  const params: Record<string, string> = {
    client_id: opts.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: (opts.scopes ?? DEFAULT_SCOPES).join(' '),
    code_challenge: pkce.challenge,
    code_challenge_method: pkce.method,
    state,
    access_type: 'offline',
    prompt: 'consent',
    ...(opts.loginHint !== undefined ? { login_hint: opts.loginHint } : {}),
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url;
}
