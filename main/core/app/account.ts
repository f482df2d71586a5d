/**
 * "Sign in", "sign out" and "re-authorize": `syncbit authorize`, `syncbit logout`, the wizard's
 * authorize step and Settings → Re-authorize all come here.
 */
import type { SignedInAccount } from '../ports.js';
import {
  signIn as signInWithBrowser,
  signOut as revokeAndForget,
  type GoogleConnection,
  type SignInOptions as ConnectionSignInOptions,
} from '../sources/google-health/connection.js';
import type { Session } from './session.js';

/** How the consent page is shown: `openUrl` opens it (the system browser); without it the person opens `onUrl`'s address. */
export type BrowserSignInOptions = Pick<ConnectionSignInOptions, 'openUrl' | 'onUrl'>;

/** Runs the browser sign-in (loopback + PKCE) over a connection and records who signed in. */
export function signIn(
  session: Session,
  connection: GoogleConnection,
  options: BrowserSignInOptions = {},
): Promise<SignedInAccount> {
  return signInWithBrowser(connection, {
    google: session.loaded.settings.google,
    log: session.log,
    ...(options.openUrl ? { openUrl: options.openUrl } : {}),
    ...(options.onUrl ? { onUrl: options.onUrl } : {}),
  });
}

/** Revokes the token at Google, deletes it and forgets the account. */
export function signOut(
  _session: Session,
  connection: GoogleConnection,
): Promise<{ revoked: boolean; account: string | undefined }> {
  return revokeAndForget(connection);
}

/**
 * "Signed in as …": the Google Health user id. The API names no person (the identity's `name` is a
 * resource name, `users/…/identity`, and the profile holds no name), so the stable id is shown.
 */
export function accountLabel(account: SignedInAccount): string {
  return account.healthUserId;
}
