import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OAuthClient } from '../../../../main/core/sources/google-health/oauth-client.js';
import { TokenManager } from '../../../../main/core/sources/google-health/token-manager.js';
import { createMemorySecretStore } from '../../../../main/core/store/secret-store.js';
import type { Clock } from '../../../../main/core/ports.js';
import { startHealthSimulator } from '../../../harness/google-health-sim/index.js';
import type { HealthSimulator, HealthSimulatorOptions } from '../../../harness/google-health-sim/index.js';
import { capturingLogger } from './capturing-logger.js';

let sim: HealthSimulator;
async function start(opts: HealthSimulatorOptions = {}): Promise<void> {
  sim = await startHealthSimulator({ now: () => Date.parse('2026-11-20T15:00:00Z'), ...opts });
}
afterEach(async () => {
  await sim.stop();
});

/** A manager over a refresh token the simulator issued, kept in a memory secret store. */
function setup(options: { clock?: Clock } = {}): {
  tokens: TokenManager;
  secrets: ReturnType<typeof createMemorySecretStore>;
  lines: string[];
  refreshToken: string;
} {
  const { refreshToken } = sim.controls.issueTokens();
  const secrets = createMemorySecretStore();
  void secrets.set(sim.healthUserId, refreshToken);
  const oauth = new OAuthClient({
    clientId: sim.oauth.clientId,
    clientSecret: sim.oauth.clientSecret,
    tokenUrl: sim.oauth.tokenUrl,
    revokeUrl: sim.oauth.revokeUrl,
  });
  const { log, lines } = capturingLogger();
  return { tokens: new TokenManager({ oauth, secrets, log, ...options }), secrets, lines, refreshToken };
}

describe('TokenManager', () => {
  beforeEach(async () => {
    await start();
  });

  it('finds the stored account and refreshes once for many concurrent callers', async () => {
    const { tokens } = setup();
    const results = await Promise.all(Array.from({ length: 12 }, () => tokens.getAccessToken()));
    expect(new Set(results).size).toBe(1);
    expect(sim.state.oauthStats.refreshes).toBe(1);
    expect(tokens.account).toBe(sim.healthUserId);
    // served from memory afterwards
    await tokens.getAccessToken();
    expect(sim.state.oauthStats.refreshes).toBe(1);
  });

  it('after a 401 concurrent callers share one refresh, and a token refreshed by someone else is reused', async () => {
    const { tokens } = setup();
    const first = await tokens.getAccessToken();
    const again = await Promise.all(Array.from({ length: 8 }, () => tokens.refreshAfterUnauthorized(first)));
    expect(new Set(again).size).toBe(1);
    expect(again[0]).not.toBe(first);
    expect(sim.state.oauthStats.refreshes).toBe(2);
    // a late caller that still holds the old token gets the new one without another refresh
    expect(await tokens.refreshAfterUnauthorized(first)).toBe(again[0]);
    expect(sim.state.oauthStats.refreshes).toBe(2);
  });

  it('keeps the old refresh token when Google returns none', async () => {
    const { tokens, secrets, refreshToken } = setup();
    await tokens.getAccessToken();
    expect(await secrets.get(sim.healthUserId)).toBe(refreshToken);
  });

  it('turns invalid_grant (revoked) into a sticky auth-required that says why and what to do', async () => {
    const { tokens, lines, refreshToken } = setup();
    sim.controls.revokeAllTokens();
    const err = await tokens.getAccessToken().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'auth-required' });
    expect((err as Error).message).toMatch(/revoked/);
    expect((err as Error).message).toContain('syncbit authorize');
    expect((err as Error).message).toMatch(/7 days/);
    expect((err as Error).message).not.toContain(refreshToken);
    // sticky: no more token requests until the user signs in again
    await expect(tokens.getAccessToken()).rejects.toMatchObject({ code: 'auth-required' });
    expect(sim.state.oauthStats.refreshes).toBe(1);
    expect(lines.join('\n')).not.toContain(refreshToken);
  });

  it('says "not signed in" when the store has no token', async () => {
    const oauth = new OAuthClient({ clientId: sim.oauth.clientId, tokenUrl: sim.oauth.tokenUrl });
    const tokens = new TokenManager({ oauth, secrets: createMemorySecretStore() });
    await expect(tokens.getAccessToken()).rejects.toMatchObject({
      code: 'auth-required',
      message: expect.stringContaining('syncbit authorize') as unknown,
    });
    expect(await tokens.isSignedIn()).toBe(false);
  });

  it('signOut revokes at Google and deletes the stored token', async () => {
    const { tokens, secrets } = setup();
    await tokens.getAccessToken();
    const r = await tokens.signOut();
    expect(r.revoked).toBe(true);
    expect(await secrets.list()).toEqual([]);
    expect(sim.state.oauthStats.revocations).toBe(1);
    await expect(tokens.getAccessToken()).rejects.toMatchObject({ code: 'auth-required' });
  });
});

describe('TokenManager with Testing-status expiry and rotation', () => {
  it('reports the 7-day expiry as auth-required', async () => {
    await start({ refreshTokenTtlSeconds: 7 * 86_400 });
    const { tokens } = setup();
    sim.controls.advanceTime(7 * 86_400_000 + 1000);
    await expect(tokens.getAccessToken()).rejects.toMatchObject({ code: 'auth-required' });
  });

  it('stores a new refresh token when Google does rotate', async () => {
    await start({ rotateRefreshTokens: true });
    const { tokens, secrets, refreshToken } = setup();
    await tokens.getAccessToken();
    const stored = await secrets.get(sim.healthUserId);
    expect(stored).toBeDefined();
    expect(stored).not.toBe(refreshToken);
  });
});

describe('TokenManager with short-lived tokens and lapsing sign-ins', () => {
  it('does not refresh before every request when tokens live only 20 s (no refresh storm)', async () => {
    await start({ accessTokenTtlSeconds: 20 });
    // The manager's clock is the simulator's: 60 requests, one per second of simulated time.
    const clock = { now: () => sim.state.now(), setTimeout, clearTimeout: () => undefined };
    const { tokens } = setup({ clock });
    for (let i = 0; i < 60; i++) {
      await Promise.all(Array.from({ length: 3 }, () => tokens.getAccessToken()));
      sim.controls.advanceTime(1000);
    }
    // a 20-s token is good for 15 s (margin = a quarter of its life): about 4 refreshes a minute
    expect(sim.state.oauthStats.refreshes).toBeGreaterThanOrEqual(4);
    expect(sim.state.oauthStats.refreshes).toBeLessThanOrEqual(5);
  });

  it('keeps refresh_token_expires_in: says when the sign-in lapses (Testing projects: 7 days)', async () => {
    await start({ refreshTokenTtlSeconds: 604_799 });
    const { tokens } = setup();
    expect(tokens.signInLapsesAt).toBeUndefined();
    const before = Date.now();
    await tokens.getAccessToken();
    // the simulator's clock stands still here: 604,799 s remain, counted from the manager's now
    expect(tokens.signInLapsesAt).toBeGreaterThanOrEqual(before + 604_799_000);
    expect(tokens.signInLapsesAt).toBeLessThanOrEqual(Date.now() + 604_799_000);
  });
});
