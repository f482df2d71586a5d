/**
 * The wizard's optional Takeout step: choose a Google Takeout export and import it, with progress
 * (see ../takeout-import.ts), or skip it.
 */
import { api, call, errorMessage } from '../../../bridge.js';
import { h, replace } from '../../../dom.js';
import { guide, nextButton } from '../controls.js';
import { runImport } from '../takeout-import.js';
import type { WizardStepDef } from '../wizard-step.js';

function chosenFiles(paths: readonly string[]): HTMLElement {
  return paths.length === 0
    ? h('p', { class: 'tile-sub' }, 'Nothing chosen.')
    : h('p', {}, 'Chosen: ', ...paths.map((p) => h('code', {}, p.split(/[\\/]/).pop() ?? p)));
}

export const takeoutStep: WizardStepDef = {
  id: 'takeout',
  title: 'Import your history',
  render: (state, nav) => {
    const chosen = h('div', {});
    const progress = h('div', {});
    let paths: string[] = [];
    const run = h(
      'button',
      { class: 'button primary', type: 'button', 'data-action': 'import', disabled: true },
      'Import',
    );
    const choose = h(
      'button',
      { class: 'button', type: 'button', 'data-action': 'choose' },
      'Choose export…',
    );
    const next = nextButton(state.imported === undefined ? 'Skip' : 'Continue', () => {
      nav.next();
    });
    const setBusy = (busy: boolean): void => {
      for (const b of [run, choose, next]) b.toggleAttribute('disabled', busy);
    };
    choose.addEventListener('click', () => {
      call(api.import.pickTakeout())
        .then((r) => {
          paths = r.paths;
          replace(chosen, chosenFiles(paths));
          run.toggleAttribute('disabled', paths.length === 0);
        })
        .catch((err: unknown) => {
          replace(chosen, h('p', { class: 'result-bad' }, errorMessage(err)));
        });
    });
    run.addEventListener('click', () => {
      setBusy(true);
      runImport(paths, {
        progress,
        onLeave: (cleanup) => {
          nav.view.onLeave(cleanup);
        },
        done: (summary) => {
          state.imported = summary;
          next.textContent = 'Continue';
          next.removeAttribute('disabled');
        },
        failed: () => {
          setBusy(false);
        },
      });
    });
    return {
      heading: 'Bring in your history (optional)',
      body: [
        h(
          'p',
          {},
          'The Google Health API reaches back a limited time. A Google Takeout export holds everything since your first tracker. Request “Fitbit” at Google Takeout, wait for the email, then choose the .zip (or .tgz) here. You can do this later from Settings.',
        ),
        h('div', { class: 'inline' }, guide('takeout', 'Open Google Takeout'), choose, run),
        chosen,
        progress,
      ],
      back: true,
      next,
    };
  },
};
