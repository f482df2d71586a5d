/**
 * Dashboard: today's tiles, steps per day (7 d / 30 d / 1 y / all), the heart rate of a chosen day
 * at full resolution, the sleep stages of the night ending that day, and long-term trends (the
 * cards and charts in ./dashboard).
 */
import { api, call, errorMessage } from '../bridge.js';
import { emptyState, errorState, h, loading, replace } from '../dom.js';
import { int, longDay } from '../format.js';
import type { View, ViewContext } from '../view-context.js';
import { chartKeeper, type ChartKeeper } from './dashboard/chart-box.js';
import { dayDetail } from './dashboard/day-detail.js';
import { stepsCard } from './dashboard/steps-card.js';
import { loadTiles } from './dashboard/tiles.js';
import { loadTrends, trendsCard } from './dashboard/trends.js';

function pageHead(...lines: HTMLElement[]): HTMLElement {
  return h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, 'Dashboard'), ...lines));
}

/** The dashboard of an empty archive: how to get data in. */
function noData(root: HTMLElement, ctx: ViewContext): void {
  replace(
    root,
    pageHead(),
    h(
      'div',
      { class: 'card' },
      emptyState(
        'No data yet',
        'Once SyncBit has synced or imported something, your steps, heart rate and sleep show up here.',
        h('button', { class: 'button primary', onclick: () => void api.sync.runNow() }, 'Sync now'),
        h(
          'button',
          {
            class: 'button',
            onclick: () => {
              ctx.navigate('wizard');
            },
          },
          'Import or explore demo data',
        ),
      ),
    ),
  );
  root.dataset.ready = 'true';
}

/** Draws every card for the archive's `days` and marks `root` ready once all have loaded. */
function build(root: HTMLElement, days: readonly string[], charts: ChartKeeper): void {
  const firstDay = days[0] ?? '';
  const lastDay = days.at(-1) ?? '';
  const tiles = h('div', { class: 'grid tiles', 'data-testid': 'tiles' });
  const steps = stepsCard(lastDay, charts);
  const detail = dayDetail(firstDay, lastDay, charts);
  const trends = h('div', { class: 'grid trends' });
  replace(
    root,
    pageHead(
      h('p', {}, `${int(days.length)} days in your archive · ${longDay(firstDay)} – ${longDay(lastDay)}`),
    ),
    tiles,
    steps.element,
    detail.element,
    trendsCard(trends),
  );
  // Tiles: the latest day with data, compared with the 30 days before it.
  const tileLoads = loadTiles(tiles, lastDay);
  const trendLoads = loadTrends(trends, lastDay, charts);
  Promise.all([steps.load(), detail.load(), ...tileLoads, ...trendLoads])
    .then(() => {
      root.dataset.ready = 'true';
    })
    .catch((err: unknown) => {
      trends.appendChild(errorState(errorMessage(err)));
      root.dataset.ready = 'true';
    });
}

export const renderDashboard: View = (root: HTMLElement, ctx: ViewContext) => {
  const charts = chartKeeper();
  ctx.onLeave(() => {
    charts.destroyAll();
  });
  replace(root, loading('Loading your data…'));
  call(api.data.listDays())
    .then((days) => {
      if (days.length === 0) noData(root, ctx);
      else build(root, days, charts);
    })
    .catch((err: unknown) => {
      replace(
        root,
        errorState(errorMessage(err), () => {
          ctx.navigate('dashboard');
        }),
      );
    });
};
