import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHealthSimulator } from '../harness/google-health-sim/index.js';
import { runCli } from '../helpers/run-cli.js';
import { useTmpDirs } from '../helpers/tmp-dir.js';
import { authorizeViaCli, simulatorEnv } from '../helpers/sim-env.js';

const tmp = useTmpDirs();
type Sim = Awaited<ReturnType<typeof startHealthSimulator>>;
let sim: Sim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function envFor(s: Sim): Promise<NodeJS.ProcessEnv> {
  return simulatorEnv(s, await tmp());
}

describe('syncbit authorize / logout (against the Google Health simulator)', () => {
  it('signs in through the loopback flow, stores the token only in the 0600 token file, and logs out', async () => {
    sim = await startHealthSimulator({ now: () => Date.parse('2026-11-20T15:00:00Z') });
    const env = await envFor(sim);
    const res = await authorizeViaCli(env);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toContain('Signed in as');
    expect(res.out).toContain('sim-7f3a9c2e4b');
    expect(res.page).toMatch(/signed in|You can close/i);

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
    expect(JSON.parse(await readFile(join(dataDir, 'state', 'tokens.json'), 'utf8'))).not.toHaveProperty([
      'sim-7f3a9c2e4b',
    ]);
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
