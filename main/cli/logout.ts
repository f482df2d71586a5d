/** `syncbit logout`: revoke the token at Google and delete it. */
import { signOut } from '../core/app/account.js';
import { connectSessionGoogle, WaitRelay } from '../core/app/google-sync.js';
import { openSession } from '../core/app/session.js';
import type { CliCommand } from './context.js';

export const run: CliCommand = async (_args, ctx) => {
  const session = await openSession({ env: ctx.env, log: ctx.log });
  const result = await signOut(session, await connectSessionGoogle(session, new WaitRelay()));
  if (result.account === undefined) ctx.io.out('Nobody was signed in.');
  else
    ctx.io.out(
      `Signed out ${result.account}${result.revoked ? ' and revoked the token at Google' : ' (Google did not confirm the revocation; the local token is deleted)'}.`,
    );
  return 0;
};
