/** The wizard's first step: what SyncBit does, "Set up syncing", or "Explore with demo data". */
import { api, call, errorMessage } from '../../../bridge.js';
import { h } from '../../../dom.js';
import { int } from '../../../format.js';
import type { ViewContext } from '../../../view-context.js';
import { nextButton } from '../controls.js';
import type { WizardStepDef } from '../wizard-step.js';

function feature(name: string, text: string): HTMLElement {
  return h('div', { class: 'feature' }, h('b', {}, name), h('p', {}, text));
}

/** Loads a year of demo data and opens the dashboard; progress and failures go to `note`. */
function demoButton(note: HTMLElement, view: ViewContext): HTMLElement {
  const demo = h(
    'button',
    { class: 'button', type: 'button', 'data-action': 'demo' },
    'Explore with demo data',
  );
  demo.addEventListener('click', () => {
    demo.setAttribute('disabled', '');
    note.textContent = 'Generating a year of realistic demo data…';
    call(api.import.loadDemo())
      .then((summary) => {
        note.textContent = `Loaded ${int(summary.days)} days of demo data.`;
        view.navigate('dashboard');
      })
      .catch((err: unknown) => {
        note.textContent = errorMessage(err);
        demo.removeAttribute('disabled');
      });
  });
  return demo;
}

export const welcomeStep: WizardStepDef = {
  id: 'welcome',
  title: 'Welcome',
  render: (_state, nav) => {
    const demoNote = h('p', { class: 'tile-sub', role: 'status' });
    return {
      heading: 'Own your Fitbit data',
      body: [
        h(
          'p',
          {},
          'SyncBit copies your Fitbit data from Google to your own computer, quietly, every few minutes — and keeps it as plain files you can open without SyncBit.',
        ),
        h(
          'div',
          { class: 'features' },
          feature(
            'Sync',
            'Steps, heart rate to the second, sleep stages, HRV, SpO2 and more, from the Google Health API.',
          ),
          feature(
            'Archive',
            'One compressed JSON file per day in your data folder. Years of history from Google Takeout too.',
          ),
          feature('Export', 'Optionally to Victoria Metrics for Grafana dashboards, and to an S3 bucket.'),
        ),
        h(
          'p',
          {},
          'Setting up takes about five minutes: you create your own Google OAuth client, so your data goes from Google straight to this computer and nowhere else.',
        ),
        demoNote,
      ],
      next: nextButton('Set up syncing', () => {
        nav.next();
      }),
      extra: demoButton(demoNote, nav.view),
    };
  },
};
