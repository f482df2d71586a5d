/** The dashboard's sleep stages (hypnogram) of the night ending on one day, with its summary. */
import type { Chart } from 'chart.js';
import type { NumericRecord } from '../../../common/app-types.js';
import { api, call } from '../../bridge.js';
import { hypnogramChart, type Stage } from '../../charts/series-charts.js';
import { emptyState, h, replace } from '../../dom.js';
import { minutes, offsetLabel } from '../../format.js';
import { chartCanvas, section, type ChartKeeper } from './chart-box.js';
import type { DayCard } from './heart-rate-card.js';

const isMainSleep = (r: NumericRecord): boolean => r.tags.isMainSleep?.toLowerCase() !== 'false';

function stagesOf(records: readonly NumericRecord[]): Stage[] {
  return records
    .filter((r) => r.measurement === 'SleepLevels' && isMainSleep(r))
    .map((r) => {
      const start = Date.parse(r.time);
      return {
        start,
        end: start + (r.fields.duration_seconds ?? 0) * 1000,
        level: r.fields.level ?? 1,
      };
    })
    .sort((a, b) => a.start - b.start);
}

function stats(summary: NumericRecord | undefined): HTMLElement[] {
  const f = summary?.fields ?? {};
  return [
    h('span', {}, 'Asleep ', h('b', {}, minutes(f.minutesAsleep ?? 0))),
    h('span', {}, 'Deep ', h('b', {}, minutes(f.minutesDeep ?? 0))),
    h('span', {}, 'Light ', h('b', {}, minutes(f.minutesLight ?? 0))),
    h('span', {}, 'REM ', h('b', {}, minutes(f.minutesREM ?? 0))),
    h('span', {}, 'Awake ', h('b', {}, minutes(f.minutesAwake ?? 0))),
  ];
}

export function sleepCard(charts: ChartKeeper): DayCard {
  const box = h('div', { class: 'chart-box' });
  const statsBox = h('div', { class: 'stats', id: 'sleep-stats' });
  let chart: Chart | undefined;
  const load = (day: string, offset: Promise<number | undefined>): Promise<void> =>
    section(box, async () => {
      const records = await call(
        api.data.getDayRecords({ day, measurements: ['SleepLevels', 'SleepSummary'] }),
      );
      charts.drop(chart);
      const stages = stagesOf(records);
      const summary = records.find((r) => r.measurement === 'SleepSummary' && isMainSleep(r));
      if (stages.length === 0) {
        replace(
          box,
          emptyState(
            'No sleep stages for this night',
            'Stages need a night of at least three hours with the tracker on.',
          ),
        );
        replace(statsBox);
        return;
      }
      const offsetMinutes = await offset;
      const canvas = chartCanvas(
        'hypnogram',
        `Sleep stages of the night ending ${day}${offsetMinutes === undefined ? '' : ` (${offsetLabel(offsetMinutes)})`}`,
      );
      if (offsetMinutes !== undefined) canvas.dataset.offset = String(offsetMinutes);
      canvas.setAttribute('aria-describedby', 'sleep-stats');
      replace(box, canvas);
      chart = charts.keep(hypnogramChart(canvas, stages, offsetMinutes));
      replace(statsBox, ...stats(summary));
    });
  const element = h(
    'section',
    { 'aria-label': 'Sleep stages' },
    h('h3', {}, 'Sleep stages (night ending this day)'),
    box,
    statsBox,
  );
  return { element, load };
}
