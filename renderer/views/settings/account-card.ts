/**
 * The Settings view's account card (who is signed in, re-authorize, sign out with a confirming
 * second click, the data folder) and the start-at-login switch.
 */
import type { AppStatus } from '../../../common/app-types.js';
import { api, call, errorMessage } from '../../bridge.js';
import { h } from '../../dom.js';
import type { ViewContext } from '../../view-context.js';

function signOutButton(result: HTMLElement): HTMLElement {
  const signOut = h(
    'button',
    { class: 'button danger', type: 'button', 'data-testid': 'sign-out' },
    'Sign out',
  );
  let armed = false;
  signOut.addEventListener('click', () => {
    if (!armed) {
      armed = true;
      signOut.textContent = 'Click again to sign out';
      result.textContent = 'Signing out removes the saved Google tokens. Your archive stays.';
      return;
    }
    call(api.auth.signOut())
      .then(() => {
        result.textContent = 'Signed out. Sign in again from here or the tray menu.';
        signOut.setAttribute('disabled', '');
      })
      .catch((err: unknown) => {
        result.textContent = errorMessage(err);
      });
  });
  return signOut;
}

function dataFolder(dataDir: string): HTMLElement {
  return h(
    'div',
    { class: 'inline' },
    h('span', { class: 'tile-sub' }, 'Data folder: ', h('code', {}, dataDir)),
    h(
      'button',
      { class: 'button small ghost', type: 'button', onclick: () => void api.app.openDataFolder() },
      'Open',
    ),
  );
}

export function accountCard(s: AppStatus | undefined, ctx: ViewContext): HTMLElement {
  const result = h('p', { class: 'tile-sub', role: 'status' });
  const signOut = signOutButton(result);
  const reauth = h(
    'button',
    { class: 'button', type: 'button' },
    s?.signedInAs === undefined ? 'Sign in…' : 'Re-authorize…',
  );
  reauth.addEventListener('click', () => {
    ctx.navigate('wizard');
  });
  const dataDir = s?.archive.dataDir;
  return h(
    'div',
    { class: 'card' },
    h(
      'div',
      { class: 'card-head' },
      h(
        'div',
        {},
        h('h2', {}, 'Account'),
        h('p', {}, s?.signedInAs === undefined ? 'Not signed in' : `Signed in as ${s.signedInAs}`),
      ),
      h('div', { class: 'inline' }, reauth, s?.signedInAs !== undefined && signOut),
    ),
    result,
    dataDir !== undefined && dataFolder(dataDir),
  );
}

export function loginCard(startAtLogin: boolean): HTMLElement {
  const box = h('input', { type: 'checkbox', id: 'start-at-login', checked: startAtLogin });
  const note = h('div', { class: 'saved', 'aria-live': 'polite' });
  box.addEventListener('change', () => {
    call(api.app.setStartAtLogin({ enabled: box.checked }))
      .then((r) => {
        box.checked = r.startAtLogin;
        note.textContent = r.startAtLogin
          ? 'SyncBit starts hidden in the tray when you log in.'
          : 'SyncBit no longer starts at login.';
      })
      .catch((err: unknown) => {
        note.textContent = errorMessage(err);
      });
  });
  return h(
    'div',
    { class: 'field' },
    h('span', { class: 'label' }, 'Start at login'),
    h(
      'div',
      {},
      h('label', { class: 'check', for: 'start-at-login' }, box, 'Start SyncBit when I log in'),
      note,
    ),
  );
}
