/**
 * The wizard's authorize step: opens Google's sign-in in the system browser with the client from
 * the previous step, waits for the loopback redirect, and moves on once signed in.
 */
import { BridgeError, api, call, errorMessage } from '../../../bridge.js';
import { h, replace } from '../../../dom.js';
import type { WizardNav, WizardState, WizardStepDef } from '../wizard-step.js';

function waiting(): HTMLElement {
  return h(
    'div',
    { class: 'notice' },
    h('div', { class: 'spinner', 'aria-hidden': 'true' }),
    h(
      'div',
      {},
      h('strong', {}, 'Waiting for you in the browser…'),
      'Sign in with your Google account and allow SyncBit to read your health data, then come back here.',
    ),
  );
}

function failed(err: unknown): HTMLElement {
  const hint =
    err instanceof BridgeError && err.code === 'port-in-use'
      ? ' Another program is using the sign-in port; close it and try again.'
      : '';
  return h(
    'div',
    { class: 'notice bad' },
    h('div', {}, h('strong', {}, 'Authorization did not finish'), `${errorMessage(err)}${hint}`),
  );
}

function authorizeButton(state: WizardState, nav: WizardNav, note: HTMLElement): HTMLElement {
  const button = h(
    'button',
    { class: 'button primary', type: 'button', 'data-action': 'authorize' },
    'Authorize in your browser',
  );
  button.addEventListener('click', () => {
    button.setAttribute('disabled', '');
    replace(note, waiting());
    call(
      api.auth.authorizeAccount(
        state.clientSecret === ''
          ? { clientId: state.clientId }
          : { clientId: state.clientId, clientSecret: state.clientSecret },
      ),
    )
      .then((r) => {
        state.signedInAs = r.signedInAs;
        state.clientSecret = '';
        nav.next();
      })
      .catch((err: unknown) => {
        button.removeAttribute('disabled');
        replace(note, failed(err));
      });
  });
  return button;
}

export const authorizeStep: WizardStepDef = {
  id: 'authorize',
  title: 'Authorize',
  render: (state, nav) => {
    const note = h('div', { role: 'status' });
    return {
      heading: 'Authorize SyncBit',
      body: [
        h(
          'p',
          {},
          'SyncBit opens Google’s sign-in page in your usual browser. When you allow access, Google hands a one-time code back to SyncBit on this computer (a loopback address only it listens on).',
        ),
        h(
          'p',
          {},
          'SyncBit asks only for read access to your health data. You can revoke it at any time in your Google account.',
        ),
        h('div', {}, authorizeButton(state, nav, note)),
        note,
      ],
      back: true,
    };
  },
};
