/**
 * Google OAuth token endpoint calls for an installed app (reference §1.3, §1.7): code exchange with
 * the PKCE verifier, refresh, and revoke, all `application/x-www-form-urlencoded` through axios.
 * `invalid_grant` becomes `auth-required`; nothing here ever puts a token in an error message.
 */
import axios from 'axios';
import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import { SyncBitError } from '../../errors.js';
import { redactText } from '../../log.js';

export const GOOGLE_ENDPOINTS = {
  authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  revokeUrl: 'https://oauth2.googleapis.com/revoke',
} as const;

export interface OAuthClientConfig {
  readonly clientId: string;
  /** Optional for installed apps; sent when the client JSON has one. */
  readonly clientSecret?: string | undefined;
  readonly tokenUrl?: string;
  readonly revokeUrl?: string;
  readonly timeoutMs?: number;
  /** For tests; a fresh axios instance by default. */
  readonly http?: AxiosInstance;
}

/** A token endpoint response, camelCased. */
export interface TokenSet {
  readonly accessToken: string;
  /** Absent on most refreshes: keep the old one. */
  readonly refreshToken?: string;
  readonly expiresInSeconds: number;
  /** Granted scopes (may be a subset of those requested). */
  readonly scope: string;
  readonly refreshTokenExpiresInSeconds?: number;
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().optional(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
  token_type: z.string().optional(),
  refresh_token_expires_in: z.coerce.number().optional(),
});

const oauthError = z.object({ error: z.string(), error_description: z.string().optional() });

/** Why re-consent is needed, in words a person understands, plus what to do. */
export function reauthorizeMessage(description: string | undefined): string {
  const why =
    description !== undefined && description !== '' ? ` (Google said: ${redactText(description)})` : '';
  return (
    `Google no longer accepts SyncBit's sign-in${why}. It was revoked, unused for 6 months, or it expired: while your Google Cloud ` +
    `app is in "Testing" status, Google expires sign-ins 7 days after consent. Run \`syncbit authorize\` (or choose ` +
    `Re-authorize in the app) to sign in again; publishing the app "In production" avoids the weekly expiry.`
  );
}

export class OAuthClient {
  private readonly http: AxiosInstance;
  readonly tokenUrl: string;
  readonly revokeUrl: string;

  constructor(private readonly config: OAuthClientConfig) {
    this.http = config.http ?? axios.create();
    this.tokenUrl = config.tokenUrl ?? GOOGLE_ENDPOINTS.tokenUrl;
    this.revokeUrl = config.revokeUrl ?? GOOGLE_ENDPOINTS.revokeUrl;
  }

  /** Exchanges an authorization code (with its PKCE verifier and the exact redirect_uri). */
  exchangeCode(params: { code: string; verifier: string; redirectUri: string }): Promise<TokenSet> {
    return this.tokenRequest(
      {
        grant_type: 'authorization_code',
        code: params.code,
        code_verifier: params.verifier,
        redirect_uri: params.redirectUri,
      },
      'exchange the sign-in code',
    );
  }

  /** Gets a new access token. Throws `auth-required` on invalid_grant. */
  refresh(refreshToken: string): Promise<TokenSet> {
    return this.tokenRequest(
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      'refresh the access token',
    );
  }

  /** Revokes a token (all scopes of the grant). Returns false when Google says it was already invalid. */
  async revoke(token: string): Promise<boolean> {
    try {
      const res = await this.http.post(this.revokeUrl, new URLSearchParams({ token }).toString(), {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        timeout: this.config.timeoutMs ?? 30_000,
        validateStatus: () => true,
      });
      if (res.status === 200) return true;
      if (res.status === 400) return false;
      throw new SyncBitError(
        'network',
        `Google's revoke endpoint answered HTTP ${res.status}; try again later.`,
        { retryable: true },
      );
    } catch (e) {
      throw this.transportError(e, 'revoke the sign-in');
    }
  }

  private async tokenRequest(fields: Record<string, string>, what: string): Promise<TokenSet> {
    const body = new URLSearchParams({
      ...fields,
      client_id: this.config.clientId,
      ...(this.config.clientSecret !== undefined && this.config.clientSecret !== ''
        ? { client_secret: this.config.clientSecret }
        : {}),
    });
    let res;
    try {
      res = await this.http.post<unknown>(this.tokenUrl, body.toString(), {
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        timeout: this.config.timeoutMs ?? 30_000,
        validateStatus: () => true,
        responseType: 'json',
      });
    } catch (e) {
      throw this.transportError(e, what);
    }
    if (res.status === 200) {
      const parsed = tokenResponse.safeParse(res.data);
      if (!parsed.success)
        throw new SyncBitError(
          'api-error',
          `Google's token endpoint sent an unexpected response while trying to ${what}; try again, and report it if it persists.`,
        );
      const d = parsed.data;
      return {
        accessToken: d.access_token,
        ...(d.refresh_token !== undefined ? { refreshToken: d.refresh_token } : {}),
        expiresInSeconds: d.expires_in ?? 3600,
        scope: d.scope ?? '',
        ...(d.refresh_token_expires_in !== undefined
          ? { refreshTokenExpiresInSeconds: d.refresh_token_expires_in }
          : {}),
      };
    }
    const err = oauthError.safeParse(res.data);
    const code = err.success ? err.data.error : undefined;
    const description = err.success ? err.data.error_description : undefined;
    if (code === 'invalid_grant') throw new SyncBitError('auth-required', reauthorizeMessage(description));
    if (code === 'invalid_client' || code === 'unauthorized_client')
      throw new SyncBitError(
        'invalid-settings',
        `Google did not accept the OAuth client (${code}). Check GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET (a "Desktop app" client from your Google Cloud project), then sign in again (Authorize in the app, or \`syncbit authorize\`).`,
      );
    if (res.status >= 500 || res.status === 429)
      throw new SyncBitError(
        'network',
        `Google's sign-in service is unavailable (HTTP ${res.status}) while trying to ${what}; SyncBit will retry.`,
        { retryable: true },
      );
    throw new SyncBitError(
      'auth-required',
      `Google refused to ${what} (HTTP ${res.status}${code !== undefined ? `, ${code}` : ''}). Sign in again (Re-authorize in the app, or \`syncbit authorize\`).`,
    );
  }

  private transportError(e: unknown, what: string): SyncBitError {
    if (e instanceof SyncBitError) return e;
    const message = e instanceof Error ? redactText(e.message) : 'unknown error';
    return new SyncBitError(
      'network',
      `Could not reach Google to ${what}: ${message}. Check the network connection; SyncBit will retry.`,
      { retryable: true },
    );
  }
}
