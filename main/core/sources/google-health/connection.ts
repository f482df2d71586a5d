/**
 * Builds the Google Health connection (OAuth client, token manager over the secret store, API
 * client) from the Google client settings, and records who signed in. Storage comes in as ports
 * (SecretStore for tokens, AccountStore for who is signed in) that the application layer wires to
 * the store, so this source never writes the data folder itself.
 */
import { SyncBitError } from '../../errors.js';
import type { AccountStore, Clock, Logger, OpenUrl, SecretStore, SignedInAccount } from '../../ports.js';
import { authorizeWithBrowser } from './authorize.js';
import { HealthClient } from './health-client.js';
import { OAuthClient } from './oauth-client.js';
import { TokenManager } from './token-manager.js';

export interface GoogleConnection {
  readonly oauth: OAuthClient;
  readonly tokens: TokenManager;
  readonly api: HealthClient;
  readonly secrets: SecretStore;
  readonly accounts: AccountStore;
}

/** The configured Google OAuth client and endpoints (the `google` part of the settings). */
export interface GoogleClientConfig {
  readonly clientId?: string;
  readonly apiUrl: string;
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly revokeUrl: string;
}

export interface ConnectionOptions {
  readonly google: GoogleClientConfig;
  /** The OAuth client's secret (environment, `/run/secrets` or the secret store), if there is one. */
  readonly clientSecret?: string;
  /** Where the tokens live (the keychain, or an opted-in 0600 file). */
  readonly secrets: SecretStore;
  /** Where the signed-in account is remembered. */
  readonly accounts: AccountStore;
  readonly log: Logger;
  readonly clock?: Clock;
  readonly signal?: AbortSignal;
  readonly onWait?: (w: { until: number; reason: 'rate-limited' | 'server-error' }) => void;
}

/** Remind this long before the sign-in lapses (tray item and one notification). */
export const LAPSE_REMINDER_MS = 86_400_000;

/**
 * Whether to remind the person to re-authorize now: the sign-in lapses within a day (Testing
 * projects get 7-day sign-ins, reference §6.7).
 */
export function signInLapsesSoon(
  account: Pick<SignedInAccount, 'signInLapsesAt'> | undefined,
  now: number,
): boolean {
  const at = account?.signInLapsesAt;
  return at !== undefined && now >= at - LAPSE_REMINDER_MS;
}

/** Creates the OAuth client, token manager and API client for the configured Google client. */
export async function connectGoogle(opts: ConnectionOptions): Promise<GoogleConnection> {
  const { google, secrets, accounts } = opts;
  const clientId = google.clientId;
  if (clientId === undefined)
    throw new SyncBitError(
      'invalid-settings',
      'No Google OAuth client is configured. Create a Desktop client in Google Cloud (README: "Authorize with Google") and set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET, or enter them in the app.',
    );
  const oauth = new OAuthClient({
    clientId,
    clientSecret: opts.clientSecret,
    tokenUrl: google.tokenUrl,
    revokeUrl: google.revokeUrl,
  });
  const account = await accounts.read();
  const tokens = new TokenManager({
    oauth,
    secrets,
    log: opts.log.child('tokens'),
    ...(account ? { account: account.healthUserId } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  const api = new HealthClient({
    baseUrl: google.apiUrl,
    tokens,
    log: opts.log.child('api'),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onWait ? { onWait: opts.onWait } : {}),
  });
  return { oauth, tokens, api, secrets, accounts };
}

export interface SignInOptions {
  readonly google: GoogleClientConfig;
  readonly log: Logger;
  readonly openUrl?: OpenUrl;
  readonly onUrl?: (url: string) => void;
  readonly timeoutMs?: number;
  readonly clock?: Clock;
}

/** Runs the browser sign-in and records who signed in. */
export async function signIn(conn: GoogleConnection, opts: SignInOptions): Promise<SignedInAccount> {
  const clientId = opts.google.clientId ?? '';
  const result = await authorizeWithBrowser({
    clientId,
    authorizeUrl: opts.google.authorizeUrl,
    oauth: conn.oauth,
    tokens: conn.tokens,
    apiBaseUrl: opts.google.apiUrl,
    log: opts.log.child('oauth'),
    ...(opts.openUrl ? { openUrl: opts.openUrl } : {}),
    ...(opts.onUrl ? { onUrl: opts.onUrl } : {}),
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  const account: SignedInAccount = {
    healthUserId: result.identity.healthUserId,
    grantedScopes: [...result.grantedScopes],
    signedInAt: Date.now(),
    ...(result.refreshTokenExpiresInSeconds === undefined
      ? {}
      : { signInLapsesAt: Date.now() + result.refreshTokenExpiresInSeconds * 1000 }),
  };
  await conn.accounts.write(account);
  return account;
}

/** Revokes the token at Google, deletes it, and forgets who was signed in. */
export async function signOut(
  conn: GoogleConnection,
): Promise<{ revoked: boolean; account: string | undefined }> {
  const result = await conn.tokens.signOut();
  await conn.accounts.forget();
  return result;
}
