/**
 * The CLI's view of the HTTP simulator: the environment that points SyncBit at it, and the
 * `syncbit authorize` flow played through it with a scripted browser.
 */
import { expect } from 'vitest';
import { startHealthSimulator } from '../harness/google-health-sim/index.js';
import { runCli } from './run-cli.js';

export type Simulator = Awaited<ReturnType<typeof startHealthSimulator>>;

/** The environment a user would set to point SyncBit at Google, here pointing at the simulator. */
export function simulatorEnv(sim: Simulator, dataDir: string): NodeJS.ProcessEnv {
  return {
    SYNCBIT_DATA_DIR: dataDir,
    SYNCBIT_TOKEN_STORE: 'file',
    SYNCBIT_SECRETS_DIR: '/nonexistent',
    GOOGLE_CLIENT_ID: sim.oauth.clientId,
    GOOGLE_CLIENT_SECRET: sim.oauth.clientSecret ?? '',
    GOOGLE_HEALTH_API_URL: sim.url,
    GOOGLE_OAUTH_AUTHORIZE_URL: sim.oauth.authorizeUrl,
    GOOGLE_OAUTH_TOKEN_URL: sim.oauth.tokenUrl,
    GOOGLE_OAUTH_REVOKE_URL: sim.oauth.revokeUrl,
  };
}

/**
 * Runs `syncbit authorize --no-browser` and plays the browser: opens the printed sign-in URL and
 * follows Google's redirect into SyncBit's loopback server. Resolves with the CLI result and the
 * page the browser ended on.
 */
export async function authorizeViaCli(
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; out: string; err: string; page: string }> {
  const pages: Promise<string>[] = [];
  const res = await runCli(['authorize', '--no-browser'], env, {
    onOut: (line) => {
      const m = /^\s+(http:\/\/127\.0\.0\.1:\d+\/o\/oauth2\/v2\/auth\?\S+)$/.exec(line);
      if (m?.[1] !== undefined) pages.push(fetch(m[1], { redirect: 'follow' }).then((r) => r.text()));
    },
  });
  const [page] = await Promise.all(pages);
  return { ...res, page: page ?? '' };
}

/**
 * Starts a simulator (its stop handed to `onCleanup`), points a CLI environment at it with the data
 * in `dataDir` and `env` on top (after the test process's own environment when `inherit`), and
 * signs in through `syncbit authorize`, failing the test when that does not exit 0.
 */
export async function signedInViaCli(options: {
  sim: Parameters<typeof startHealthSimulator>[0];
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  inherit?: boolean;
  onCleanup: (stop: () => Promise<void>) => void;
}): Promise<{ sim: Simulator; env: NodeJS.ProcessEnv }> {
  const sim = await startHealthSimulator(options.sim);
  options.onCleanup(() => sim.stop());
  const env: NodeJS.ProcessEnv = {
    ...(options.inherit ? process.env : {}),
    ...simulatorEnv(sim, options.dataDir),
    ...options.env,
  };
  const res = await authorizeViaCli(env);
  expect(res.code, res.err).toBe(0);
  return { sim, env };
}
