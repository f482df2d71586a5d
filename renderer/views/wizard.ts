/**
 * First-run wizard: what SyncBit does → create a Google Cloud Desktop OAuth client (step by step,
 * with the Testing/production note) → Authorize in the system browser → who is signed in →
 * optional Takeout import → destinations → start at login → done (the first backfill starts, with
 * visible progress). "Explore with demo data" skips everything for people who only want to look.
 * This shell holds the state the steps share and shows the current step (steps in ./wizard/steps).
 */
import { api, call } from '../bridge.js';
import { h, replace } from '../dom.js';
import type { View, ViewContext } from '../view-context.js';
import { drawStep } from './wizard/step-frame.js';
import { STEP_DEFS } from './wizard/steps/index.js';
import type { WizardNav, WizardState } from './wizard/wizard-step.js';
import { WIZARD_STEPS } from './wizard-steps.js';

const TITLES: readonly string[] = WIZARD_STEPS.map((id) => STEP_DEFS[id].title);

/** Fills in the client ID saved earlier (re-authorizing), unless one was typed meanwhile. */
function prefillClientId(state: WizardState): void {
  call(api.settings.getAll())
    .then((s) => {
      const saved = s.values.google.clientId;
      if (saved !== undefined && state.clientId === '') state.clientId = saved;
    })
    .catch(() => undefined);
}

export const renderWizard: View = (root: HTMLElement, ctx: ViewContext) => {
  const state: WizardState = {
    clientId: '',
    clientSecret: '',
    signedInAs: ctx.status()?.signedInAs,
    imported: undefined,
    startAtLogin: true,
  };
  const card = h('div', { class: 'wizard-card' });
  replace(root, card);
  prefillClientId(state);

  const show = (index: number): void => {
    const def = STEP_DEFS[WIZARD_STEPS[index] ?? 'welcome'];
    const nav: WizardNav = {
      next: () => {
        show(Math.min(WIZARD_STEPS.length - 1, index + 1));
      },
      back: () => {
        show(Math.max(0, index - 1));
      },
      goto: (step) => {
        show(WIZARD_STEPS.indexOf(step));
      },
      view: ctx,
    };
    drawStep(root, card, index, TITLES, def.render(state, nav), nav.back);
  };

  show(state.signedInAs === undefined ? 0 : WIZARD_STEPS.indexOf('google-client'));
};
