/** The dashboard's trends: a year of resting heart rate, HRV, SpO2, weight and VO2 max. */
import { api, call } from '../../bridge.js';
import { seriesFigures } from '../../charts/chart-text.js';
import { trendChart } from '../../charts/series-charts.js';
import { emptyState, h, replace } from '../../dom.js';
import { addDays, dec1 } from '../../format.js';
import { chartCanvas, type ChartKeeper } from './chart-box.js';

const TRENDS = [
  { key: 'RestingHR.value', label: 'Resting heart rate', unit: 'bpm', color: '--chart-heart' },
  { key: 'HRV.dailyRmssd', label: 'Heart rate variability', unit: 'ms', color: '--chart-hrv' },
  { key: 'SPO2_Daily.avg', label: 'SpO2', unit: '%', color: '--chart-spo2' },
  { key: 'Weight.weight_kg', label: 'Weight', unit: 'kg', color: '--chart-weight' },
  { key: 'VO2Max.value', label: 'VO2 max', unit: 'ml/kg/min', color: '--chart-vo2' },
] as const;

type Trend = (typeof TRENDS)[number];

async function loadTrend(trends: HTMLElement, t: Trend, lastDay: string, charts: ChartKeeper): Promise<void> {
  const box = h('div', { class: 'chart-box small' });
  const latest = h('span', { class: 'badge' }, '…');
  trends.appendChild(
    h(
      'div',
      { class: 'trend', 'data-trend': t.key },
      h('div', { class: 'card-head' }, h('h3', {}, t.label), latest),
      box,
    ),
  );
  const series = await call(api.data.getSeries({ key: t.key, from: addDays(lastDay, -364), to: lastDay }));
  const last = series.at(-1);
  latest.textContent = last === undefined ? 'no data' : `${dec1(last.value)} ${t.unit}`;
  if (series.length < 2) {
    replace(box, emptyState('Not enough data', `No ${t.label.toLowerCase()} values in the last year.`));
    return;
  }
  const canvas = chartCanvas(
    `trend-${t.key}`,
    `${t.label} over the last year: ${seriesFigures(series, dec1, t.unit)}`,
  );
  replace(box, canvas);
  charts.keep(trendChart(canvas, series, t.color, t.unit));
}

/** Adds one trend per measurement to `trends` and loads the year up to `lastDay`. */
export function loadTrends(trends: HTMLElement, lastDay: string, charts: ChartKeeper): Promise<void>[] {
  return TRENDS.map((t) => loadTrend(trends, t, lastDay, charts));
}

/** The Trends card around `trends`. */
export function trendsCard(trends: HTMLElement): HTMLElement {
  return h(
    'section',
    { class: 'card section' },
    h('div', { class: 'card-head' }, h('h2', {}, 'Trends'), h('p', {}, 'Last 12 months')),
    trends,
  );
}
