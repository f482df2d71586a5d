/** The wizard's start-at-login step: whether SyncBit starts hidden in the tray when you log in. */
import { api, call } from '../../../bridge.js';
import { h } from '../../../dom.js';
import { afterSaving, nextButton } from '../controls.js';
import type { WizardStepDef } from '../wizard-step.js';

export const startAtLoginStep: WizardStepDef = {
  id: 'start-at-login',
  title: 'Start at login',
  render: (state, nav) => {
    const box = h('input', { type: 'checkbox', id: 'wizard-login', checked: state.startAtLogin });
    const err = h('div', { class: 'error', role: 'alert' });
    const next = nextButton('Continue', () => {
      state.startAtLogin = box.checked;
      afterSaving(
        call(api.app.setStartAtLogin({ enabled: box.checked })),
        () => {
          nav.next();
        },
        err,
      );
    });
    return {
      heading: 'Keep syncing in the background',
      body: [
        h(
          'p',
          {},
          'SyncBit lives in the tray (menu bar). Closing its window doesn’t stop it; “Quit” in the tray menu does.',
        ),
        h(
          'div',
          { class: 'dest-card' },
          h('label', { class: 'check', for: 'wizard-login' }, box, h('b', {}, 'Start SyncBit when I log in')),
          h('p', { class: 'tile-sub' }, 'It starts hidden in the tray and syncs every 15 minutes.'),
        ),
        err,
      ],
      back: true,
      next,
    };
  },
};
