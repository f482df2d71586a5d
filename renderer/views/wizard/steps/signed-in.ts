/**
 * The wizard's signed-in step: who is signed in, and (when an archive already exists, i.e. this is
 * a re-authorization) a way straight back to the dashboard.
 */
import { h } from '../../../dom.js';
import type { ViewContext } from '../../../view-context.js';
import { nextButton } from '../controls.js';
import type { WizardStepDef } from '../wizard-step.js';

function toDashboard(view: ViewContext): HTMLElement {
  return h(
    'button',
    {
      class: 'button',
      type: 'button',
      'data-action': 'to-dashboard',
      onclick: () => {
        view.navigate('dashboard');
      },
    },
    'Back to the dashboard',
  );
}

export const signedInStep: WizardStepDef = {
  id: 'signed-in',
  title: 'Signed in',
  render: (state, nav) => {
    const name = state.signedInAs ?? 'your account';
    return {
      heading: 'You’re signed in',
      body: [
        h(
          'div',
          { class: 'who', 'data-testid': 'signed-in-as' },
          h('div', { class: 'avatar', 'aria-hidden': 'true' }, name.charAt(0).toUpperCase()),
          h(
            'div',
            {},
            h('strong', {}, name),
            h('div', { class: 'tile-sub' }, 'SyncBit can now read your Fitbit data from Google.'),
          ),
        ),
        h('p', {}, 'Not you? Go back and sign in with another account.'),
      ],
      back: true,
      // Signing in again (re-authorize) needs none of the later steps: the archive is there.
      ...(nav.view.status()?.archive.lastDay === undefined ? {} : { extra: toDashboard(nav.view) }),
      next: nextButton('Continue', () => {
        nav.next();
      }),
    };
  },
};
