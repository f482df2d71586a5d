/**
 * Sync view: what SyncBit is doing now (phase, last/next run, ETA, quota waits), progress per data
 * type, the outbox per destination with "Export now", and the recent log lines (cards in ./sync).
 */
import type { AppStatus } from '../../common/app-types.js';
import { api, call, errorMessage } from '../bridge.js';
import { errorState, h, loading, replace } from '../dom.js';
import type { View, ViewContext } from '../view-context.js';
import { logCard } from './sync/log-card.js';
import { outboxCards } from './sync/outbox-cards.js';
import { showSummary } from './sync/summary-card.js';
import { showTypes } from './sync/types-card.js';

export const renderSync: View = (root: HTMLElement, ctx: ViewContext) => {
  const summary = h('div', { class: 'card' });
  const types = h('div', { class: 'card' });
  const outbox = h('div', { class: 'grid two' });
  const logBox = h('div', { class: 'card' });
  const controls = h('div', { class: 'inline' });
  const destinations = outboxCards(outbox);
  const log = logCard(logBox);

  const apply = (s: AppStatus): void => {
    showSummary(summary, controls, s);
    showTypes(types, s);
    destinations.show(s);
  };

  replace(
    root,
    h(
      'div',
      { class: 'page-head' },
      h('div', {}, h('h1', {}, 'Sync'), h('p', {}, 'What SyncBit is doing, and where your data goes.')),
    ),
    summary,
    types,
    outbox,
    logBox,
  );
  replace(summary, loading());
  ctx.onStatus((s) => {
    apply(s);
    void log.refresh();
  });
  call(api.sync.getStatus())
    .then(async (s) => {
      apply(s);
      await log.refresh();
      root.dataset.ready = 'true';
    })
    .catch((err: unknown) => {
      replace(
        summary,
        errorState(errorMessage(err), () => {
          ctx.navigate('sync');
        }),
      );
      root.dataset.ready = 'true';
    });
};
