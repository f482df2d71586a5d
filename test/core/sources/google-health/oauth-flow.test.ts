import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncBitError } from '../../../../main/core/errors.js';
import { authorizeWithBrowser } from '../../../../main/core/sources/google-health/authorize.js';
import { OAuthClient } from '../../../../main/core/sources/google-health/oauth-client.js';
import { startLoopbackAuthorization } from '../../../../main/core/sources/google-health/oauth-loopback.js';
import { pkceChallenge } from '../../../../main/core/sources/google-health/pkce.js';
import { DEFAULT_SCOPES, SCOPES } from '../../../../main/core/sources/google-health/scopes.js';
import { TokenManager } from '../../../../main/core/sources/google-health/token-manager.js';
import { createMemorySecretStore } from '../../../../main/core/store/secret-store.js';
import { startHealthSimulator } from '../../../harness/google-health-sim/index.js';
import type { HealthSimulator } from '../../../harness/google-health-sim/index.js';
import { capturingLogger } from './capturing-logger.js';
import { TestClock } from '../../../helpers/test-clock.js';

let sim: HealthSimulator;
beforeEach(async () => {
  sim = await startHealthSimulator({ now: () => Date.parse('2026-11-20T15:00:00Z') });
});
afterEach(async () => {
  await sim.stop();
});

/** What a browser does with the authorize URL: GET it, follow the redirect into the loopback server. */
async function browse(url: string): Promise<{ status: number; html: string }> {
  const res = await fetch(url, { redirect: 'follow' });
  return { status: res.status, html: await res.text() };
}

function oauthClient(): OAuthClient {
  return new OAuthClient({
    clientId: sim.oauth.clientId,
    clientSecret: sim.oauth.clientSecret,
    tokenUrl: sim.oauth.tokenUrl,
    revokeUrl: sim.oauth.revokeUrl,
  });
}

/** A loopback sign-in against the simulator's OAuth client and consent page. */
function startSignIn(more: Partial<Parameters<typeof startLoopbackAuthorization>[0]> = {}) {
  return startLoopbackAuthorization({
    clientId: sim.oauth.clientId,
    authorizeUrl: sim.oauth.authorizeUrl,
    ...more,
  });
}

describe('desktop OAuth flow against the simulator', () => {
  it('signs in end to end: loopback callback, PKCE exchange, identity, refresh token stored under healthUserId', async () => {
    const secrets = createMemorySecretStore();
    const { log, lines } = capturingLogger();
    const oauth = oauthClient();
    const tokens = new TokenManager({ oauth, secrets, log });
    let shown = '';
    const pages: string[] = [];
    const result = await authorizeWithBrowser({
      clientId: sim.oauth.clientId,
      authorizeUrl: sim.oauth.authorizeUrl,
      apiBaseUrl: sim.url,
      oauth,
      tokens,
      log,
      onUrl: (u) => {
        shown = u;
      },
      openUrl: async (u) => {
        pages.push((await browse(u)).html);
      },
    });
    expect(result.identity.healthUserId).toBe(sim.healthUserId);
    expect(pages[0]).toContain('SyncBit is connected');
    // the authorize request is what Google expects from an installed app
    const params = sim.state.authorizeRequests[0]?.params ?? {};
    expect(params.access_type).toBe('offline');
    expect(params.prompt).toBe('consent');
    expect(params.code_challenge_method).toBe('S256');
    expect(params.include_granted_scopes).toBeUndefined();
    expect(params.response_type).toBe('code');
    expect(params.redirect_uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth2callback$/);
    expect(params.scope?.split(' ').sort()).toEqual([...DEFAULT_SCOPES].sort());
    expect(params.scope).not.toMatch(/writeonly|auth\/fitness\./);
    expect(shown).toContain(encodeURIComponent(params.state ?? 'x'));
    // refresh token only in the secret store, keyed by healthUserId; access token usable from memory
    expect(await secrets.list()).toEqual([sim.healthUserId]);
    const refresh = await secrets.get(sim.healthUserId);
    expect(refresh).toMatch(/^1\/\//);
    const access = await tokens.getAccessToken();
    expect(access).toMatch(/^ya29\./);
    expect(sim.state.oauthStats.codeExchanges).toBe(1);
    // nothing secret reached the log
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of [refresh ?? 'x', access, params.code_challenge ?? 'x', params.state ?? 'x'])
      expect(all).not.toContain(secret);
  });

  it('shows a failure page and rejects with "cancelled" when the user presses Cancel', async () => {
    sim.controls.setConsent({ mode: 'deny' });
    const session = await startSignIn();
    const page = await browse(session.url);
    expect(page.html).toContain('Sign-in cancelled');
    await expect(session.result).rejects.toMatchObject({ code: 'cancelled' });
    await session.close();
    expect(session.closed).toBe(true);
  });

  it('accepts exactly one callback: a second one is refused and the server closes', async () => {
    const session = await startSignIn();
    const first = await browse(session.url);
    expect(first.html).toContain('SyncBit is connected');
    const code = await session.result;
    expect(code.code).not.toBe('');
    await session.close();
    await expect(fetch(`${session.redirectUri}?code=again&state=x`)).rejects.toThrow();
  });

  it('refuses a callback whose state does not match without ending the sign-in; the real answer still completes it', async () => {
    const session = await startSignIn();
    const res = await fetch(`${session.redirectUri}?code=stolen-code&state=forged`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('state mismatch');
    expect(session.closed).toBe(false);
    const real = await browse(session.url);
    expect(real.html).toContain('SyncBit is connected');
    const code = await session.result;
    expect(code.code).not.toBe('stolen-code');
    await session.close();
    expect(session.closed).toBe(true);
  });

  it('answers a malformed request with 400 instead of crashing, and keeps waiting', async () => {
    const session = await startSignIn();
    const port = Number(new URL(session.redirectUri).port);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          'GET http://[zz/oauth2callback?code=x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
        );
      });
      let data = '';
      socket.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      socket.on('end', () => {
        resolve(data);
      });
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect(session.closed).toBe(false);
    expect((await browse(session.url)).html).toContain('SyncBit is connected');
    await session.result;
    await session.close();
  });

  it('times out, rejects with "timeout", and closes the loopback server', async () => {
    const clock = new TestClock({ start: Date.parse('2026-11-20T12:00:00Z') });
    const session = await startSignIn({
      timeoutMs: 120_000,
      clock,
    });
    const rejected = expect(session.result).rejects.toMatchObject({ code: 'timeout' });
    await clock.advanceAsync(120_000);
    await rejected;
    await session.close();
    expect(session.closed).toBe(true);
    await expect(fetch(session.redirectUri)).rejects.toThrow();
  });

  it('binds the loopback server to 127.0.0.1 only', async () => {
    const session = await startSignIn();
    const port = new URL(session.redirectUri).port;
    const other = (await import('node:os')).networkInterfaces();
    const external = Object.values(other)
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (external) await expect(fetch(`http://${external.address}:${port}/oauth2callback`)).rejects.toThrow();
    const local = await fetch(`http://127.0.0.1:${port}/favicon.ico`);
    expect(local.status).toBe(404);
    await session.close();
  });

  it('verifies PKCE: the code exchange fails with a wrong verifier and works with the right one', async () => {
    const session = await startSignIn();
    const challenge = new URL(session.url).searchParams.get('code_challenge');
    await browse(session.url);
    const code = await session.result;
    expect(pkceChallenge(code.verifier)).toBe(challenge);
    const oauth = oauthClient();
    const wrong = 'A'.repeat(64);
    await expect(
      oauth.exchangeCode({ code: code.code, verifier: wrong, redirectUri: code.redirectUri }),
    ).rejects.toMatchObject({ code: 'auth-required' });
    // the code is single-use, so a second authorization proves the right verifier works
    const again = await startSignIn();
    await browse(again.url);
    const c2 = await again.result;
    const t = await oauth.exchangeCode({ code: c2.code, verifier: c2.verifier, redirectUri: c2.redirectUri });
    expect(t.refreshToken).toBeDefined();
    await expect(
      oauth.exchangeCode({ code: c2.code, verifier: c2.verifier, redirectUri: c2.redirectUri }),
    ).rejects.toBeInstanceOf(SyncBitError);
    await session.close();
    await again.close();
  });

  it('reports the granted subset when the user unticks a scope', async () => {
    sim.controls.setConsent({ mode: 'grant', grantScopes: [SCOPES.activity, SCOPES.sleep] });
    const oauth = oauthClient();
    const tokens = new TokenManager({ oauth, secrets: createMemorySecretStore() });
    const r = await authorizeWithBrowser({
      clientId: sim.oauth.clientId,
      authorizeUrl: sim.oauth.authorizeUrl,
      apiBaseUrl: sim.url,
      oauth,
      tokens,
      openUrl: async (u) => {
        await browse(u);
      },
    });
    expect([...r.grantedScopes].sort()).toEqual([SCOPES.activity, SCOPES.sleep].sort());
    expect(tokens.grantedScopes).toEqual(r.grantedScopes);
  });
});
