/**
 * Owns the Google tokens. The refresh token lives only in the SecretStore (keychain, or the 0600
 * file when the user opted in), under account = healthUserId; the access token lives only in
 * memory. Refreshes are single-flight: concurrent callers share one token request. An
 * `invalid_grant` turns into a sticky `auth-required` state until the user signs in again.
 */
import { SyncBitError } from '../../errors.js';
import { silentLogger } from '../../log.js';
import type { Clock, Logger, SecretStore } from '../../ports.js';
import { systemClock } from '../../ports.js';
import type { Identity } from './api-types.js';
import type { OAuthClient, TokenSet } from './oauth-client.js';
import { parseScopes } from './scopes.js';

/** What the HTTP client needs from whoever holds the tokens. */
export interface AccessTokenProvider {
  /** A valid access token (refreshing first when it is about to expire). */
  getAccessToken(): Promise<string>;
  /** After a 401 for `rejected`: a fresh token (shared with concurrent callers). */
  refreshAfterUnauthorized(rejected: string): Promise<string>;
}

export interface TokenManagerOptions {
  readonly oauth: OAuthClient;
  readonly secrets: SecretStore;
  /** The healthUserId to use; when absent, the single account found in the store. */
  readonly account?: string;
  readonly clock?: Clock;
  readonly log?: Logger;
  /**
   * Refresh this long before expiry at most (default 60 s). The margin actually used is also
   * bounded by a quarter of the token's lifetime, so short-lived tokens are not refreshed on
   * every request.
   */
  readonly expiryMarginMs?: number;
}

const HEALTH_USER_ID = /^[A-Za-z0-9-]{1,63}$/;

const notSignedIn = (): SyncBitError =>
  new SyncBitError(
    'auth-required',
    'SyncBit is not signed in to Google. Run `syncbit authorize` (or choose Sign in in the app) to connect your Google Health data.',
  );

export class TokenManager implements AccessTokenProvider {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly margin: number;
  private accountId: string | undefined;
  private access: { token: string; expiresAt: number; refreshAt: number } | undefined;
  private refreshExpiresAt: number | undefined;
  private inflight: Promise<string> | undefined;
  private failure: SyncBitError | undefined;
  private scopes: string[] | undefined;
  /** Token requests made (for tests and diagnostics). */
  refreshCount = 0;

  constructor(private readonly opts: TokenManagerOptions) {
    this.clock = opts.clock ?? systemClock;
    this.log = opts.log ?? silentLogger;
    this.margin = opts.expiryMarginMs ?? 60_000;
    this.accountId = opts.account;
  }

  /** The signed-in healthUserId, once known. */
  get account(): string | undefined {
    return this.accountId;
  }

  /**
   * When the refresh token stops working (epoch ms), from `refresh_token_expires_in` of the last
   * token response that carried it (Testing projects: 7 days after consent); undefined = no limit
   * known.
   */
  get signInLapsesAt(): number | undefined {
    return this.refreshExpiresAt;
  }

  /** Scopes Google reported as granted by the last token response (undefined until one arrived). */
  get grantedScopes(): readonly string[] | undefined {
    return this.scopes;
  }

  /**
   * Finishes a sign-in: keeps the access token in memory, asks `identify` who this is, and stores
   * the refresh token under that healthUserId. Clears any previous auth-required state.
   */
  async completeSignIn(
    tokens: TokenSet,
    identify: (accessToken: string) => Promise<Identity>,
  ): Promise<Identity> {
    if (tokens.refreshToken === undefined)
      throw new SyncBitError(
        'auth-required',
        'Google did not return a refresh token. Sign in again (Re-authorize in the app, or `syncbit authorize`; SyncBit asks for offline access with prompt=consent).',
      );
    this.failure = undefined;
    this.adopt(tokens);
    const identity = await identify(tokens.accessToken);
    if (!HEALTH_USER_ID.test(identity.healthUserId))
      throw new SyncBitError('api-error', 'Google returned an unusable healthUserId for this account.');
    await this.opts.secrets.set(identity.healthUserId, tokens.refreshToken);
    this.accountId = identity.healthUserId;
    this.log.info('signed in', { account: identity.healthUserId, scopes: this.scopes });
    return identity;
  }

  /** True when a refresh token is stored for the account. */
  async isSignedIn(): Promise<boolean> {
    const account = await this.resolveAccount().catch(() => undefined);
    return account !== undefined && (await this.opts.secrets.get(account)) !== undefined;
  }

  async getAccessToken(): Promise<string> {
    if (this.access && this.clock.now() < this.access.refreshAt) return this.access.token;
    return this.refreshShared();
  }

  async refreshAfterUnauthorized(rejected: string): Promise<string> {
    if (this.access && this.access.token !== rejected && this.clock.now() < this.access.refreshAt)
      return this.access.token;
    if (this.access?.token === rejected) this.access = undefined;
    return this.refreshShared();
  }

  /** Revokes the grant at Google (best effort) and deletes the stored refresh token. */
  async signOut(): Promise<{ revoked: boolean; account: string | undefined }> {
    const account = await this.resolveAccount().catch(() => undefined);
    let revoked = false;
    if (account !== undefined) {
      const refresh = await this.opts.secrets.get(account);
      if (refresh !== undefined) {
        try {
          revoked = await this.opts.oauth.revoke(refresh);
        } catch (e) {
          this.log.warn('revoke failed; deleting the local token anyway', { error: e });
        }
        await this.opts.secrets.delete(account);
      }
    }
    this.access = undefined;
    this.failure = notSignedIn();
    return { revoked, account };
  }

  private refreshShared(): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    this.inflight ??= this.doRefresh().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async doRefresh(): Promise<string> {
    const account = await this.resolveAccount();
    const refreshToken = await this.opts.secrets.get(account);
    if (refreshToken === undefined) throw notSignedIn();
    this.refreshCount++;
    let tokens: TokenSet;
    try {
      tokens = await this.opts.oauth.refresh(refreshToken);
    } catch (e) {
      if (e instanceof SyncBitError && e.code === 'auth-required') {
        this.failure = e;
        this.access = undefined;
        this.log.warn('refresh token rejected; re-authorization needed', { account });
      }
      throw e;
    }
    if (tokens.refreshToken !== undefined && tokens.refreshToken !== refreshToken)
      await this.opts.secrets.set(account, tokens.refreshToken);
    this.adopt(tokens);
    this.log.debug('access token refreshed', { account, expiresInSeconds: tokens.expiresInSeconds });
    return tokens.accessToken;
  }

  private adopt(tokens: TokenSet): void {
    const now = this.clock.now();
    const lifetime = Math.max(0, tokens.expiresInSeconds * 1000);
    // min(margin, lifetime/4): a 20-s token is used for 15 s, not refreshed before every request.
    const margin = Math.min(this.margin, lifetime / 4);
    this.access = {
      token: tokens.accessToken,
      expiresAt: now + lifetime,
      refreshAt: now + lifetime - margin,
    };
    if (tokens.refreshTokenExpiresInSeconds !== undefined)
      this.refreshExpiresAt = now + tokens.refreshTokenExpiresInSeconds * 1000;
    if (tokens.scope !== '') this.scopes = parseScopes(tokens.scope);
  }

  private async resolveAccount(): Promise<string> {
    if (this.accountId !== undefined) return this.accountId;
    const accounts = (await this.opts.secrets.list()).filter((a) => HEALTH_USER_ID.test(a)).sort();
    const first = accounts[0];
    if (first === undefined) throw notSignedIn();
    if (accounts.length > 1)
      this.log.warn('several Google accounts are stored; using the first', { accounts });
    this.accountId = first;
    return first;
  }
}
