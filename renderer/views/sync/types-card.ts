/** The sync view's "Data types" card: days done per data type in the current run, and each state. */
import type { AppStatus } from '../../../common/app-types.js';
import { h, progressBar, replace } from '../../dom.js';
import { TYPE_LABELS, int } from '../../format.js';

function stateBadge(state: string): HTMLElement {
  const tone =
    state === 'ok'
      ? 'ok'
      : state === 'failed' || state === 'scope-missing'
        ? 'bad'
        : state === 'waiting'
          ? 'warn'
          : 'info';
  return h('span', { class: `badge ${tone}` }, state.replace('-', ' '));
}

function typeRow(t: AppStatus['progress'][number]): HTMLElement[] {
  const total = t.daysDone + t.daysLeft;
  return [
    h('span', {}, TYPE_LABELS[t.type] ?? t.type),
    h(
      'div',
      { title: t.message ?? '' },
      progressBar(
        total === 0 ? 1 : t.daysDone / total,
        t.state === 'failed' ? 'bad' : t.daysLeft === 0 ? 'ok' : '',
        `${t.type} progress`,
      ),
    ),
    h('span', { class: 'num' }, `${int(t.daysDone)} / ${int(total)}`),
    h('span', {}, stateBadge(t.state)),
  ];
}

/** Draws the progress per type of status `s` into the card `types`. */
export function showTypes(types: HTMLElement, s: AppStatus): void {
  if (s.progress.length === 0) {
    replace(
      types,
      h('h2', {}, 'Data types'),
      h(
        'p',
        { class: 'tile-sub' },
        'No sync has run yet. Progress per data type shows here while SyncBit works.',
      ),
    );
    return;
  }
  replace(
    types,
    h(
      'div',
      { class: 'card-head' },
      h('h2', {}, 'Data types'),
      h('p', {}, 'Days done per type in the current run'),
    ),
    h(
      'div',
      { class: 'type-rows', 'data-testid': 'type-progress' },
      h('span', { class: 'head' }, 'Type'),
      h('span', { class: 'head' }, 'Progress'),
      h('span', { class: 'head num' }, 'Days'),
      h('span', { class: 'head' }, 'State'),
      ...s.progress.flatMap(typeRow),
    ),
  );
}
