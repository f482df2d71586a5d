/**
 * Builds the Google Health connection (OAuth client, token manager over the secret store, API
 * client) from settings, and remembers who is signed in (`state/account.json`: display name, user
 * id and granted scopes — never a token) so the app can say "signed in as …" without a request.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { SyncBitError } from '../../errors.js';
import type { Clock, Logger, OpenUrl, SecretStore } from '../../ports.js';
import { readJsonFile, writeFileAtomic } from '../../store/atomic-file.js';
import { dataPaths } from '../../store/paths.js';
import { createSecretStore } from '../../store/secret-store.js';
import { resolveSecret, type Settings } from '../../store/settings.js';
import { authorizeWithBrowser } from './authorize.js';
import { HealthClient } from './health-client.js';
import { OAuthClient } from './oauth-client.js';
import { TokenManager } from './token-manager.js';

export interface GoogleConnection {
  readonly oauth: OAuthClient;
  readonly tokens: TokenManager;
  readonly api: HealthClient;
  readonly secrets: SecretStore;
}

export interface ConnectionOptions {
  readonly dataDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly settings: Settings;
  readonly log: Logger;
  /** Defaults to the store `settings.tokenStore` names (keychain or an opted-in 0600 file). */
  readonly secrets?: SecretStore;
  readonly clock?: Clock;
  readonly signal?: AbortSignal;
  readonly onWait?: (w: { until: number; reason: 'rate-limited' | 'server-error' }) => void;
}

const accountSchema = z.object({
  healthUserId: z.string(),
  /** Written by early versions from the identity's resource name (`users/…/identity`); never shown. */
  name: z.string().optional(),
  grantedScopes: z.array(z.string()),
  signedInAt: z.number(),
  /** When the sign-in stops working (epoch ms), from `refresh_token_expires_in`; absent = no known limit. */
  signInLapsesAt: z.number().optional(),
});
export type SignedInAccount = z.infer<typeof accountSchema>;

function accountFile(dataDir: string): string {
  return join(dataPaths(dataDir).stateDir, 'account.json');
}

/** Who is signed in, as last recorded (undefined when nobody is). */
export async function readSignedInAccount(dataDir: string): Promise<SignedInAccount | undefined> {
  const parsed = accountSchema.safeParse(await readJsonFile(accountFile(dataDir)).catch(() => undefined));
  return parsed.success ? parsed.data : undefined;
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
  const { settings } = opts;
  const clientId = settings.google.clientId;
  if (clientId === undefined)
    throw new SyncBitError(
      'invalid-settings',
      'No Google OAuth client is configured. Create a Desktop client in Google Cloud (README: "Authorize with Google") and set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET, or enter them in the app.',
    );
  const secrets = opts.secrets ?? createSecretStore({ kind: settings.tokenStore, dataDir: opts.dataDir });
  const clientSecret = await resolveSecret(
    'googleClientSecret',
    { dataDir: opts.dataDir, env: opts.env },
    secrets,
  ).catch(() => undefined);
  const oauth = new OAuthClient({
    clientId,
    clientSecret,
    tokenUrl: settings.google.tokenUrl,
    revokeUrl: settings.google.revokeUrl,
  });
  const account = await readSignedInAccount(opts.dataDir);
  const tokens = new TokenManager({
    oauth,
    secrets,
    log: opts.log.child('tokens'),
    ...(account ? { account: account.healthUserId } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  const api = new HealthClient({
    baseUrl: settings.google.apiUrl,
    tokens,
    log: opts.log.child('api'),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onWait ? { onWait: opts.onWait } : {}),
  });
  return { oauth, tokens, api, secrets };
}

/** Runs the browser sign-in and records who signed in. */
export async function signIn(
  conn: GoogleConnection,
  opts: ConnectionOptions & { openUrl?: OpenUrl; onUrl?: (url: string) => void; timeoutMs?: number },
): Promise<SignedInAccount> {
  const clientId = opts.settings.google.clientId ?? '';
  const result = await authorizeWithBrowser({
    clientId,
    authorizeUrl: opts.settings.google.authorizeUrl,
    oauth: conn.oauth,
    tokens: conn.tokens,
    apiBaseUrl: opts.settings.google.apiUrl,
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
  await writeFileAtomic(accountFile(opts.dataDir), JSON.stringify(account, null, 2));
  return account;
}

/** Revokes the token at Google, deletes it, and forgets who was signed in. */
export async function signOut(
  conn: GoogleConnection,
  dataDir: string,
): Promise<{ revoked: boolean; account: string | undefined }> {
  const result = await conn.tokens.signOut();
  await writeFileAtomic(accountFile(dataDir), '{}');
  return result;
}
