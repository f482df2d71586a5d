/**
 * The wizard's last step: starts the first backfill and shows its progress from the status, with
 * the way to the dashboard.
 */
import type { AppStatus } from '../../../../common/app-types.js';
import { api } from '../../../bridge.js';
import { h, progressBar, replace } from '../../../dom.js';
import { int } from '../../../format.js';
import { nextButton } from '../controls.js';
import type { WizardStepDef } from '../wizard-step.js';

/** Draws the backfill's progress from status `s` into `progress`. */
function showBackfill(progress: HTMLElement, s: AppStatus | undefined): void {
  if (s === undefined) return;
  const doneDays = s.progress.reduce((n, p) => n + p.daysDone, 0);
  const left = s.progress.reduce((n, p) => n + p.daysLeft, 0);
  const total = doneDays + left;
  replace(
    progress,
    h(
      'p',
      {},
      s.phase === 'syncing'
        ? `First backfill running: ${int(doneDays)} of ${int(total)} type-days`
        : total > 0 && left === 0
          ? `Backfill finished: ${int(doneDays)} type-days.`
          : 'The first backfill is starting…',
    ),
    progressBar(total === 0 ? 0 : doneDays / total, left === 0 && total > 0 ? 'ok' : '', 'Backfill progress'),
  );
}

export const doneStep: WizardStepDef = {
  id: 'done',
  title: 'All set',
  render: (_state, nav) => {
    const progress = h('div', { 'data-testid': 'backfill-progress' });
    showBackfill(progress, nav.view.status());
    nav.view.onStatus((s) => {
      showBackfill(progress, s);
    });
    api.sync
      .runNow()
      .then((r) => {
        if (!r.ok) replace(progress, h('div', { class: 'notice bad' }, r.error.message));
      })
      .catch(() => undefined);
    return {
      heading: 'SyncBit is set up',
      body: [
        h(
          'p',
          {},
          'Your first backfill has started. It fetches your recent history type by type; you can close this window — SyncBit keeps going in the tray.',
        ),
        progress,
      ],
      next: nextButton('Open dashboard', () => {
        nav.view.navigate('dashboard');
      }),
    };
  },
};
