/** Controls the wizard's steps share: the guide links, the primary "next" button, save-then-move-on. */
import type { GuidePage } from '../../../preload/contract.js';
import { api, errorMessage } from '../../bridge.js';
import { h } from '../../dom.js';

/** A button that opens one of Google's set-up pages in the system browser. */
export function guide(page: GuidePage, label: string): HTMLElement {
  return h(
    'button',
    {
      class: 'button small',
      type: 'button',
      'data-guide': page,
      onclick: () => void api.app.openGuide({ page }),
    },
    `${label} ↗`,
  );
}

/** The step's primary action (`data-action="next"`). */
export function nextButton(label: string, onClick: () => void, disabled = false): HTMLElement {
  return h(
    'button',
    { class: 'button primary', type: 'button', 'data-action': 'next', disabled, onclick: onClick },
    label,
  );
}

/** Moves on (`then`) once `work` (saving the step's choices) succeeds; a failure is shown in `err`. */
export function afterSaving(work: Promise<unknown>, then: () => void, err: HTMLElement): void {
  work
    .then(() => {
      then();
    })
    .catch((e: unknown) => {
      err.textContent = errorMessage(e);
    });
}
