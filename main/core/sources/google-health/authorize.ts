/**
 * The whole desktop sign-in, for `syncbit authorize` and the app's Sign-in button: start the
 * loopback server, hand the URL to the browser (or print it), wait for the one callback, exchange
 * the code with its PKCE verifier, ask users/me/identity who this is, and store the refresh token
 * under that healthUserId. The loopback server is closed on every path.
 */
import type { Logger, OpenUrl } from '../../ports.js';
import type { Identity } from './api-types.js';
import { HealthClient } from './health-client.js';
import type { OAuthClient } from './oauth-client.js';
import { startLoopbackAuthorization } from './oauth-loopback.js';
import type { LoopbackOptions } from './oauth-loopback.js';
import { parseScopes } from './scopes.js';
import type { AccessTokenProvider, TokenManager } from './token-manager.js';

export interface AuthorizeOptions extends LoopbackOptions {
  readonly oauth: OAuthClient;
  readonly tokens: TokenManager;
  /** API root for the identity call (GOOGLE_HEALTH_API_URL). */
  readonly apiBaseUrl?: string;
  /** Opens the browser; omit for `--no-browser`. */
  readonly openUrl?: OpenUrl;
  /** Receives the URL to print. */
  readonly onUrl?: (url: string) => void;
  readonly log?: Logger;
}

export interface AuthorizeResult {
  readonly identity: Identity;
  /** What the user actually granted (may be fewer than requested). */
  readonly grantedScopes: readonly string[];
  /** Seconds until the sign-in lapses (`refresh_token_expires_in`; Testing projects: 7 days). */
  readonly refreshTokenExpiresInSeconds?: number;
}

/** A provider that always returns one token (the identity call right after the code exchange). */
export function staticTokenProvider(token: string): AccessTokenProvider {
  return {
    getAccessToken: () => Promise.resolve(token),
    refreshAfterUnauthorized: () => Promise.resolve(token),
  };
}

/** Runs the interactive sign-in end to end. */
export async function authorizeWithBrowser(opts: AuthorizeOptions): Promise<AuthorizeResult> {
  const session = await startLoopbackAuthorization(opts);
  try {
    opts.onUrl?.(session.url);
    if (opts.openUrl) {
      try {
        await opts.openUrl(session.url);
      } catch (e) {
        opts.log?.warn('could not open the browser; open the printed URL yourself', { error: e });
      }
    }
    const code = await session.result;
    const tokens = await opts.oauth.exchangeCode({
      code: code.code,
      verifier: code.verifier,
      redirectUri: code.redirectUri,
    });
    const identity = await opts.tokens.completeSignIn(tokens, (accessToken) =>
      new HealthClient({
        tokens: staticTokenProvider(accessToken),
        maxRetries: 2,
        ...(opts.apiBaseUrl !== undefined ? { baseUrl: opts.apiBaseUrl } : {}),
        ...(opts.log !== undefined ? { log: opts.log } : {}),
      }).getIdentity(),
    );
    return {
      identity,
      grantedScopes: parseScopes(tokens.scope !== '' ? tokens.scope : code.scope),
      ...(tokens.refreshTokenExpiresInSeconds === undefined
        ? {}
        : { refreshTokenExpiresInSeconds: tokens.refreshTokenExpiresInSeconds }),
    };
  } finally {
    await session.close();
  }
}
