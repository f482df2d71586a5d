/** `syncbit logout`: revoke the token at Google and delete it. */
import { openCoreContext } from '../core/core-context.js';
import { connectGoogle, signOut } from '../core/sources/google-health/connection.js';
import type { CliCommand } from './context.js';

export const run: CliCommand = async (_args, ctx) => {
  const core = await openCoreContext({ env: ctx.env, log: ctx.log });
  const conn = await connectGoogle({
    dataDir: core.dataDir,
    env: ctx.env,
    settings: core.loaded.settings,
    log: ctx.log,
  });
  const result = await signOut(conn, core.dataDir);
  if (result.account === undefined) ctx.io.out('Nobody was signed in.');
  else
    ctx.io.out(
      `Signed out ${result.account}${result.revoked ? ' and revoked the token at Google' : ' (Google did not confirm the revocation; the local token is deleted)'}.`,
    );
  return 0;
};
