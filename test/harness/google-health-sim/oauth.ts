/**
 * Google OAuth 2.0 for installed apps, simulated: an authorize endpoint that consents on its own
 * (or denies, or grants a subset of scopes), a token endpoint with PKCE S256 verification and
 * redirect_uri matching, refresh and revoke. Tokens look like Google's (`ya29.…`, `1//…`) so the
 * logger's redaction patterns are exercised for real.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface ConsentBehaviour {
  /** `grant` (default) redirects with a code; `deny` redirects with `error=access_denied`. */
  mode: 'grant' | 'deny';
  /** When set, only these requested scopes are granted (the user unticked the others). */
  grantScopes?: readonly string[];
}

export interface AuthorizeRecord {
  readonly params: Readonly<Record<string, string>>;
  readonly at: number;
}

interface CodeGrant {
  clientId: string;
  redirectUri: string;
  challenge: string;
  method: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

interface RefreshGrant {
  scopes: string[];
  revoked: boolean;
  expiresAt: number | undefined;
}

export interface AccessGrant {
  readonly scopes: readonly string[];
  readonly expiresAt: number;
  readonly refreshToken: string | undefined;
  revoked: boolean;
}

export interface OAuthOptions {
  clientId: string;
  /** When set, the token endpoint requires it. */
  clientSecret: string | undefined;
  accessTokenTtlSeconds: number;
  /** Testing-status apps: refresh tokens expire 7 days after consent. Undefined: never. */
  refreshTokenTtlSeconds: number | undefined;
  /** Return a new refresh token on each refresh (Google normally does not). */
  rotateRefreshTokens: boolean;
  now: () => number;
}

export interface HttpReply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

const json = (status: number, body: unknown): HttpReply => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
});

function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export class SimOAuth {
  readonly consent: ConsentBehaviour = { mode: 'grant' };
  readonly authorizeRequests: AuthorizeRecord[] = [];
  private readonly codes = new Map<string, CodeGrant>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  readonly accessTokens = new Map<string, AccessGrant>();
  /** Token endpoint calls by grant type, and refresh outcomes, for assertions. */
  readonly stats = { codeExchanges: 0, refreshes: 0, invalidGrants: 0, revocations: 0 };

  constructor(readonly opts: OAuthOptions) {}

  /** GET /o/oauth2/v2/auth */
  authorize(query: URLSearchParams): HttpReply {
    const params = Object.fromEntries(query.entries());
    this.authorizeRequests.push({ params, at: this.opts.now() });
    const redirect = query.get('redirect_uri') ?? '';
    const page = (msg: string): HttpReply => ({
      status: 400,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: `<h1>Access blocked: Authorization Error</h1><p>${msg}</p>`,
    });
    if (query.get('client_id') !== this.opts.clientId)
      return page('Error 401: invalid_client. The OAuth client was not found.');
    let url: URL;
    try {
      url = new URL(redirect);
    } catch {
      return page('Error 400: invalid_request. Missing or invalid redirect_uri.');
    }
    if (url.protocol !== 'http:' || !['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname))
      return page('Error 400: redirect_uri_mismatch. Desktop clients must use a loopback redirect.');
    if (query.get('response_type') !== 'code') return page('Error 400: unsupported_response_type.');
    const requested = (query.get('scope') ?? '').split(' ').filter((s) => s !== '');
    if (requested.length === 0) return page('Error 400: invalid_request. Missing required parameter: scope');
    const challenge = query.get('code_challenge') ?? '';
    const method = query.get('code_challenge_method') ?? 'plain';
    if (challenge === '' || (method !== 'S256' && method !== 'plain'))
      return page('Error 400: invalid_request. code_challenge is required.');
    const state = query.get('state');
    const back = new URL(redirect);
    if (this.consent.mode === 'deny') {
      back.searchParams.set('error', 'access_denied');
    } else {
      const granted = this.consent.grantScopes
        ? requested.filter((s) => this.consent.grantScopes?.includes(s))
        : requested;
      const code = `4/0Sim${randomBytes(24).toString('base64url')}`;
      this.codes.set(code, {
        clientId: this.opts.clientId,
        redirectUri: redirect,
        challenge,
        method,
        scopes: granted,
        expiresAt: this.opts.now() + 600_000,
        used: false,
      });
      back.searchParams.set('code', code);
      back.searchParams.set('scope', granted.join(' '));
    }
    if (state !== null) back.searchParams.set('state', state);
    return { status: 302, headers: { location: back.toString() }, body: '' };
  }

  /** POST /token (application/x-www-form-urlencoded). */
  token(form: URLSearchParams): HttpReply {
    if (form.get('client_id') !== this.opts.clientId)
      return json(401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
    if (this.opts.clientSecret !== undefined && form.get('client_secret') !== this.opts.clientSecret)
      return json(401, { error: 'invalid_client', error_description: 'Unauthorized' });
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      this.stats.codeExchanges++;
      const code = form.get('code') ?? '';
      const grant = this.codes.get(code);
      if (!grant || grant.used || grant.expiresAt < this.opts.now())
        return this.invalidGrant('Malformed auth code.');
      grant.used = true;
      if (form.get('redirect_uri') !== grant.redirectUri)
        return json(400, { error: 'redirect_uri_mismatch', error_description: 'Bad Request' });
      const verifier = form.get('code_verifier') ?? '';
      if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) return this.invalidGrant('Invalid code verifier.');
      const expected = grant.method === 'S256' ? pkceChallenge(verifier) : verifier;
      if (expected !== grant.challenge) return this.invalidGrant('Invalid code verifier.');
      const refreshToken = `1//0sim${randomBytes(30).toString('base64url')}`;
      this.refreshTokens.set(refreshToken, {
        scopes: grant.scopes,
        revoked: false,
        expiresAt:
          this.opts.refreshTokenTtlSeconds === undefined
            ? undefined
            : this.opts.now() + this.opts.refreshTokenTtlSeconds * 1000,
      });
      return json(200, {
        ...this.mintAccess(grant.scopes, refreshToken),
        refresh_token: refreshToken,
        ...(this.opts.refreshTokenTtlSeconds !== undefined
          ? { refresh_token_expires_in: this.opts.refreshTokenTtlSeconds }
          : {}),
      });
    }
    if (grantType === 'refresh_token') {
      this.stats.refreshes++;
      const token = form.get('refresh_token') ?? '';
      const grant = this.refreshTokens.get(token);
      if (!grant || grant.revoked) return this.invalidGrant('Token has been expired or revoked.');
      if (grant.expiresAt !== undefined && grant.expiresAt <= this.opts.now())
        return this.invalidGrant('Token has been expired or revoked.');
      if (this.opts.rotateRefreshTokens) {
        grant.revoked = true;
        const next = `1//0sim${randomBytes(30).toString('base64url')}`;
        this.refreshTokens.set(next, { ...grant, revoked: false });
        return json(200, { ...this.mintAccess(grant.scopes, next), refresh_token: next });
      }
      return json(200, {
        ...this.mintAccess(grant.scopes, token),
        // Google repeats the remaining lifetime of a time-based grant on refresh.
        ...(grant.expiresAt !== undefined
          ? { refresh_token_expires_in: Math.max(0, Math.floor((grant.expiresAt - this.opts.now()) / 1000)) }
          : {}),
      });
    }
    return json(400, {
      error: 'unsupported_grant_type',
      error_description: `Invalid grant_type: ${grantType ?? ''}`,
    });
  }

  /** POST /revoke?token=… (or token in the form body). */
  revoke(token: string): HttpReply {
    this.stats.revocations++;
    const refresh = this.refreshTokens.get(token);
    const access = this.accessTokens.get(token);
    if (!refresh && !access)
      return json(400, { error: 'invalid_token', error_description: 'Token expired or revoked' });
    const rt = refresh ? token : access?.refreshToken;
    if (rt !== undefined) {
      const g = this.refreshTokens.get(rt);
      if (g) g.revoked = true;
    }
    for (const [k, a] of this.accessTokens)
      if (k === token || (rt !== undefined && a.refreshToken === rt)) a.revoked = true;
    return json(200, {});
  }

  /** Mints tokens without the browser flow (for tests that do not exercise OAuth). */
  issue(scopes: readonly string[]): { accessToken: string; refreshToken: string; expiresIn: number } {
    const refreshToken = `1//0sim${randomBytes(30).toString('base64url')}`;
    this.refreshTokens.set(refreshToken, {
      scopes: [...scopes],
      revoked: false,
      expiresAt:
        this.opts.refreshTokenTtlSeconds === undefined
          ? undefined
          : this.opts.now() + this.opts.refreshTokenTtlSeconds * 1000,
    });
    const a = this.mintAccess([...scopes], refreshToken);
    return { accessToken: a.access_token, refreshToken, expiresIn: a.expires_in };
  }

  /** Marks every refresh token (and its access tokens) revoked, as when the user removes access. */
  revokeAll(): void {
    for (const g of this.refreshTokens.values()) g.revoked = true;
    for (const a of this.accessTokens.values()) a.revoked = true;
  }

  /** Makes every access token issued so far expired. */
  expireAccessTokens(): void {
    for (const [k, a] of this.accessTokens) this.accessTokens.set(k, { ...a, expiresAt: 0 });
  }

  private mintAccess(
    scopes: string[],
    refreshToken: string | undefined,
  ): { access_token: string; expires_in: number; scope: string; token_type: 'Bearer' } {
    const accessToken = `ya29.sim${randomBytes(32).toString('base64url')}`;
    this.accessTokens.set(accessToken, {
      scopes,
      expiresAt: this.opts.now() + this.opts.accessTokenTtlSeconds * 1000,
      refreshToken,
      revoked: false,
    });
    return {
      access_token: accessToken,
      expires_in: this.opts.accessTokenTtlSeconds,
      scope: scopes.join(' '),
      token_type: 'Bearer',
    };
  }

  private invalidGrant(description: string): HttpReply {
    this.stats.invalidGrants++;
    return json(400, { error: 'invalid_grant', error_description: description });
  }
}
