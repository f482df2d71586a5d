/**
 * The wizard's frame around a step: brand and "Step n of m", the progress list, the step's title
 * and heading, its body and its back/next actions. Marks the root ready and focuses the heading.
 */
import { h, replace } from '../../dom.js';
import { WIZARD_STEPS } from '../wizard-steps.js';
import type { StepView } from './wizard-step.js';

function top(index: number): HTMLElement {
  return h(
    'div',
    { class: 'wizard-top' },
    h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'S'), 'SyncBit'),
    h('span', { class: 'tile-sub' }, `Step ${index + 1} of ${WIZARD_STEPS.length}`),
  );
}

function progress(index: number, titles: readonly string[]): HTMLElement {
  return h(
    'ol',
    { class: 'steps', 'aria-label': 'Progress' },
    ...WIZARD_STEPS.map((_, i) =>
      h(
        'li',
        {
          class: i < index ? 'done' : i === index ? 'current' : '',
          'aria-current': i === index ? 'step' : undefined,
        },
        h('span', { class: 'sr-only' }, titles[i]),
      ),
    ),
  );
}

function actions(view: StepView, back: () => void): HTMLElement {
  return h(
    'div',
    { class: 'wizard-actions' },
    h(
      'div',
      {},
      view.back === true &&
        h(
          'button',
          { class: 'button ghost', type: 'button', 'data-action': 'back', onclick: back },
          '← Back',
        ),
    ),
    h('div', { class: 'right' }, view.extra, view.next),
  );
}

/** Draws step `index` (titled `titles[index]`) into `card` and marks `root` with its id. */
export function drawStep(
  root: HTMLElement,
  card: HTMLElement,
  index: number,
  titles: readonly string[],
  view: StepView,
  back: () => void,
): void {
  root.dataset.step = WIZARD_STEPS[index] ?? 'welcome';
  replace(
    card,
    top(index),
    progress(index, titles),
    h('div', { class: 'step-kicker' }, titles[index]),
    h('h1', {}, view.heading),
    h('div', { class: 'wizard-body' }, ...view.body),
    actions(view, back),
  );
  root.dataset.ready = 'true';
  const focusTarget = card.querySelector<HTMLElement>('h1');
  focusTarget?.setAttribute('tabindex', '-1');
  focusTarget?.focus();
}
