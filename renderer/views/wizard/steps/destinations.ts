/**
 * The wizard's destinations step: the local archive, and Victoria Metrics and S3 on the shared
 * destination form (../../parts/destination-form.ts), saved together when moving on or testing.
 */
import type { AppStatus } from '../../../../common/app-types.js';
import { api, call } from '../../../bridge.js';
import { h } from '../../../dom.js';
import { destinationCard } from '../../parts/destination-form.js';
import { afterSaving, nextButton } from '../controls.js';
import type { WizardStepDef } from '../wizard-step.js';

function archiveCard(archive: HTMLInputElement, status: AppStatus | undefined): HTMLElement {
  return h(
    'div',
    { class: 'dest-card' },
    h(
      'label',
      { class: 'check', for: 'dest-archive' },
      archive,
      h('b', {}, 'Local archive'),
      h('span', { class: 'badge ok' }, 'recommended'),
    ),
    h('p', { class: 'tile-sub' }, `One file per day in ${status?.archive.dataDir ?? 'your data folder'}.`),
  );
}

export const destinationsStep: WizardStepDef = {
  id: 'destinations',
  title: 'Where your data goes',
  render: (_state, nav) => {
    const err = h('div', { class: 'error', role: 'alert' });
    const archive = h('input', { type: 'checkbox', id: 'dest-archive', checked: true });
    const save = async (): Promise<void> => {
      await call(
        api.settings.updateValues({
          patch: { archive: { enabled: archive.checked }, victoria: victoria.patch(), s3: s3.patch() },
        }),
      );
      for (const secret of [...victoria.secrets(), ...s3.secrets()])
        await call(api.settings.setSecret(secret));
    };
    const cardOptions = {
      idPrefix: 'dest',
      prepare: save,
      onTest: () => {
        err.textContent = '';
      },
    };
    const victoria = destinationCard('victoria', cardOptions);
    const s3 = destinationCard('s3', cardOptions);
    const next = nextButton('Continue', () => {
      err.textContent = '';
      afterSaving(
        save(),
        () => {
          nav.next();
        },
        err,
      );
    });
    return {
      heading: 'Where should your data go?',
      body: [archiveCard(archive, nav.view.status()), victoria.element, s3.element, err],
      back: true,
      next,
    };
  },
};
