/** `syncbit authorize [--no-browser]`: sign in with Google (loopback + PKCE) and store the token. */
import { accountLabel, signIn } from '../core/app/account.js';
import { connectSessionGoogle, WaitRelay } from '../core/app/google-sync.js';
import { scopeLabel } from '../core/app/presentation.js';
import { openSession } from '../core/app/session.js';
import { parseCommandArgs } from './args.js';
import type { CliCommand } from './context.js';
import { openBrowser } from './open-browser.js';

export const run: CliCommand = async (args, ctx) => {
  const { values } = parseCommandArgs(
    args,
    { 'no-browser': { type: 'boolean' } },
    'authorize [--no-browser]',
  );
  const session = await openSession({ env: ctx.env, log: ctx.log });
  const conn = await connectSessionGoogle(session, new WaitRelay());
  const account = await signIn(session, conn, {
    ...(values['no-browser'] === true ? {} : { openUrl: openBrowser }),
    onUrl: (url) => {
      ctx.io.out('Open this address in a browser to sign in with Google:');
      ctx.io.out('');
      ctx.io.out(`  ${url}`);
      ctx.io.out('');
      ctx.io.out('Waiting for Google to send you back to SyncBit…');
    },
  });
  ctx.io.out(`Signed in as Google Health user ${accountLabel(account)}.`);
  ctx.io.out(`Granted: ${account.grantedScopes.map(scopeLabel).join(', ') || 'no scopes'}.`);
  ctx.io.out(
    `Token stored in ${conn.secrets.kind === 'file' ? 'the token file in the data directory (SYNCBIT_TOKEN_STORE=file)' : 'the OS keychain'}.`,
  );
  return 0;
};
