/** `syncbit authorize [--no-browser]`: sign in with Google (loopback + PKCE) and store the token. */
import { openCoreContext } from '../core/core-context.js';
import { connectGoogle, signIn } from '../core/sources/google-health/connection.js';
import { scopeLabel } from '../core/sources/google-health/scopes.js';
import { parseCommandArgs } from './args.js';
import type { CliCommand } from './context.js';
import { openBrowser } from './open-browser.js';

export const run: CliCommand = async (args, ctx) => {
  const { values } = parseCommandArgs(
    args,
    { 'no-browser': { type: 'boolean' } },
    'authorize [--no-browser]',
  );
  const core = await openCoreContext({ env: ctx.env, log: ctx.log });
  const opts = { dataDir: core.dataDir, env: ctx.env, settings: core.loaded.settings, log: ctx.log };
  const conn = await connectGoogle(opts);
  const account = await signIn(conn, {
    ...opts,
    ...(values['no-browser'] === true ? {} : { openUrl: openBrowser }),
    onUrl: (url) => {
      ctx.io.out('Open this address in a browser to sign in with Google:');
      ctx.io.out('');
      ctx.io.out(`  ${url}`);
      ctx.io.out('');
      ctx.io.out('Waiting for Google to send you back to SyncBit…');
    },
  });
  ctx.io.out(
    `Signed in as ${account.name ?? account.healthUserId} (Google Health user ${account.healthUserId}).`,
  );
  ctx.io.out(`Granted: ${account.grantedScopes.map(scopeLabel).join(', ') || 'no scopes'}.`);
  ctx.io.out(
    `Token stored in ${conn.secrets.kind === 'file' ? 'the token file in the data directory (SYNCBIT_TOKEN_STORE=file)' : 'the OS keychain'}.`,
  );
  return 0;
};
