import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHealthSimulator } from '../harness/google-health-sim/index.js';
import { runCli } from '../helpers/run-cli.js';
import { useTmpDirs } from '../helpers/tmp-dir.js';

const tmp = useTmpDirs();
type Sim = Awaited<ReturnType<typeof startHealthSimulator>>;
let sim: Sim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function envFor(s: Sim): Promise<NodeJS.ProcessEnv> {
  return {
    SYNCBIT_DATA_DIR: await tmp(),
    SYNCBIT_TOKEN_STORE: 'file',
    SYNCBIT_SECRETS_DIR: '/nonexistent',
    GOOGLE_CLIENT_ID: s.oauth.clientId,
    GOOGLE_CLIENT_SECRET: s.oauth.clientSecret ?? '',
    GOOGLE_HEALTH_API_URL: s.url,
    GOOGLE_OAUTH_AUTHORIZE_URL: s.oauth.authorizeUrl,
    GOOGLE_OAUTH_TOKEN_URL: s.oauth.tokenUrl,
    GOOGLE_OAUTH_REVOKE_URL: s.oauth.revokeUrl,
  };
}

/** Plays the browser: when the CLI prints the sign-in URL, open it and follow the redirect. */
function browser(): { onOut: (line: string) => void; pages: Promise<string>[] } {
  const pages: Promise<string>[] = [];
  return {
    pages,
    onOut: (line) => {
      const m = /^\s+(http:\/\/127\.0\.0\.1:\d+\/o\/oauth2\/v2\/auth\?\S+)$/.exec(line);
      if (m?.[1] !== undefined) pages.push(fetch(m[1], { redirect: 'follow' }).then((r) => r.text()));
    },
  };
}

describe('syncbit authorize / logout (against the Google Health simulator)', () => {
  it('signs in through the loopback flow, stores the token only in the 0600 token file, and logs out', async () => {
    sim = await startHealthSimulator({ now: () => Date.parse('2026-11-20T15:00:00Z') });
    const env = await envFor(sim);
    const b = browser();
    const res = await runCli(['authorize', '--no-browser'], env, { onOut: b.onOut });
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toContain('Signed in as');
    expect(res.out).toContain('sim-7f3a9c2e4b');
    expect(await b.pages[0]).toMatch(/signed in|You can close/i);

    const dataDir = env.SYNCBIT_DATA_DIR as string;
    const state = await readdir(join(dataDir, 'state'));
    expect(state).toContain('tokens.json');
    // nothing but the token file holds the refresh token
    const account = await readFile(join(dataDir, 'state', 'account.json'), 'utf8');
    expect(account).not.toMatch(/token/i);
    expect(res.out).not.toMatch(/refresh_token|ya29|code=/);

    const out = await runCli(['logout'], env);
    expect(out.code).toBe(0);
    expect(out.out).toContain('Signed out sim-7f3a9c2e4b');
    expect(JSON.parse(await readFile(join(dataDir, 'state', 'tokens.json'), 'utf8'))).not.toHaveProperty(['sim-7f3a9c2e4b']);
  });

  it('tells the user what to configure when no OAuth client is set', async () => {
    sim = await startHealthSimulator({ now: () => Date.parse('2026-11-20T15:00:00Z') });
    const env = { ...(await envFor(sim)), GOOGLE_CLIENT_ID: '' };
    const res = await runCli(['authorize', '--no-browser'], env);
    expect(res.code).toBe(1);
    expect(res.err).toContain('GOOGLE_CLIENT_ID');
    expect(res.err).toContain('[invalid-settings]');
  });

  it('rejects an invalid setting before doing anything, naming it', async () => {
    sim = await startHealthSimulator({ now: () => Date.parse('2026-11-20T15:00:00Z') });
    const res = await runCli(['authorize'], { ...(await envFor(sim)), GOOGLE_OAUTH_TOKEN_URL: 'not a url' });
    expect(res.code).toBe(1);
    expect(res.err).toContain('google.tokenUrl (GOOGLE_OAUTH_TOKEN_URL): must be an http(s) URL');
  });
});
