/** The dashboard's "Steps per day" card: a bar chart over 7 days, 30 days, a year or all days. */
import type { Chart } from 'chart.js';
import { api, call } from '../../bridge.js';
import { seriesFigures } from '../../charts/chart-text.js';
import { stepsChart } from '../../charts/series-charts.js';
import { emptyState, h, replace } from '../../dom.js';
import { addDays, int } from '../../format.js';
import { chartCanvas, section, type ChartKeeper } from './chart-box.js';

const RANGES = [
  { id: '7d', label: '7 days', days: 7 },
  { id: '30d', label: '30 days', days: 30 },
  { id: '1y', label: '1 year', days: 365 },
  { id: 'all', label: 'All', days: 0 },
] as const;

export interface StepsCard {
  readonly element: HTMLElement;
  /** Loads the default range (30 days). */
  load(): Promise<void>;
}

/** The card for the days up to `lastDay`. */
export function stepsCard(lastDay: string, charts: ChartKeeper): StepsCard {
  const box = h('div', { class: 'chart-box' });
  let chart: Chart | undefined;
  const load = (rangeDays: number): Promise<void> =>
    section(box, async () => {
      const from = rangeDays === 0 ? undefined : addDays(lastDay, -(rangeDays - 1));
      const series = await call(
        api.data.getSeries(
          from === undefined ? { key: 'Activity-steps.value' } : { key: 'Activity-steps.value', from },
        ),
      );
      charts.drop(chart);
      if (series.length === 0) {
        replace(box, emptyState('No steps in this range', 'Pick a longer range or check Coverage for gaps.'));
        return;
      }
      const canvas = chartCanvas(
        'steps',
        `Steps per day, ${series.length} days: ${seriesFigures(series, int, 'steps')}`,
      );
      replace(box, canvas);
      chart = charts.keep(stepsChart(canvas, series));
    });
  const buttons = RANGES.map((r) =>
    h(
      'button',
      { type: 'button', 'aria-pressed': r.id === '30d' ? 'true' : 'false', 'data-range': r.id },
      r.label,
    ),
  );
  buttons.forEach((b, i) => {
    b.addEventListener('click', () => {
      for (const o of buttons) o.setAttribute('aria-pressed', String(o === b));
      void load(RANGES[i]?.days ?? 30);
    });
  });
  const element = h(
    'section',
    { class: 'card section', 'aria-labelledby': 'steps-h' },
    h(
      'div',
      { class: 'card-head' },
      h('h2', { id: 'steps-h' }, 'Steps per day'),
      h('div', { class: 'segmented', role: 'group', 'aria-label': 'Range' }, ...buttons),
    ),
    box,
  );
  return { element, load: () => load(30) };
}
