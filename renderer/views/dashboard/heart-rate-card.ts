/** The dashboard's heart rate of one day at full resolution, with samples, min, average and max. */
import type { Chart } from 'chart.js';
import { api, call } from '../../bridge.js';
import { heartRateChart } from '../../charts/series-charts.js';
import { emptyState, h, replace } from '../../dom.js';
import { int, offsetLabel } from '../../format.js';
import { chartCanvas, section, type ChartKeeper } from './chart-box.js';

function stats(values: readonly number[]): HTMLElement[] {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  return [
    h('span', {}, 'Samples ', h('b', {}, int(values.length))),
    h('span', {}, 'Min ', h('b', {}, `${int(min)} bpm`)),
    h('span', {}, 'Average ', h('b', {}, `${int(sum / values.length)} bpm`)),
    h('span', {}, 'Max ', h('b', {}, `${int(max)} bpm`)),
  ];
}

export interface DayCard {
  readonly element: HTMLElement;
  /** Loads `day`, drawn 00:00–24:00 at the day's civil offset once `offset` settles. */
  load(day: string, offset: Promise<number | undefined>): Promise<void>;
}

export function heartRateCard(charts: ChartKeeper): DayCard {
  const box = h('div', { class: 'chart-box tall' });
  const statsBox = h('div', { class: 'stats', id: 'heart-stats' });
  let chart: Chart | undefined;
  const load = (day: string, offset: Promise<number | undefined>): Promise<void> =>
    section(box, async () => {
      const s = await call(api.data.getDaySeries({ day, measurement: 'HeartRate_Intraday', field: 'value' }));
      const offsetMinutes = await offset;
      charts.drop(chart);
      if (s.values.length === 0) {
        replace(
          box,
          emptyState(
            'No heart rate on this day',
            'The tracker may not have been worn, or this day is not synced yet.',
          ),
        );
        replace(statsBox);
        return;
      }
      const canvas = chartCanvas(
        'heart-rate',
        `Heart rate on ${day}${offsetMinutes === undefined ? '' : `, 00:00–24:00 ${offsetLabel(offsetMinutes)}`}, ${s.values.length} samples`,
      );
      if (offsetMinutes !== undefined) canvas.dataset.offset = String(offsetMinutes);
      canvas.setAttribute('aria-describedby', 'heart-stats');
      replace(box, canvas);
      chart = charts.keep(heartRateChart(canvas, s.times, s.values, { day, offsetMinutes }));
      replace(statsBox, ...stats(s.values));
    });
  const element = h('section', { 'aria-label': 'Heart rate' }, h('h3', {}, 'Heart rate'), box, statsBox);
  return { element, load };
}
