/**
 * Dashboard: today's tiles, steps per day (7 d / 30 d / 1 y / all), the heart rate of a chosen day
 * at full resolution, the sleep stages of the night ending that day, and long-term trends.
 */
import type { Chart } from 'chart.js';
import type { DataRecord } from '../../common/app-types.js';
import { api, call, errorMessage } from '../bridge.js';
import {
  heartRateChart,
  hypnogramChart,
  stepsChart,
  trendChart,
  type Stage,
} from '../charts/series-charts.js';
import { emptyState, errorState, h, loading, replace } from '../dom.js';
import {
  addDays,
  dayOffsetFromStamps,
  dec1,
  int,
  longDay,
  minutes,
  minutesShort,
  offsetLabel,
} from '../format.js';
import type { View, ViewContext } from '../view-context.js';

/** Daily measurements stamped 12:00 local of their day: they carry the day's civil offset. */
const DAILY_STAMPED = ['Activity-steps', 'Activity-calories', 'Activity-distance', 'RestingHR'] as const;

interface Tile {
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly color: string;
  readonly format: (v: number) => string;
}

const TILES: readonly Tile[] = [
  { key: 'Activity-steps.value', label: 'Steps', unit: '', color: '--chart-steps', format: int },
  { key: 'RestingHR.value', label: 'Resting heart rate', unit: 'bpm', color: '--chart-heart', format: int },
  {
    key: 'SleepSummary.minutesAsleep',
    label: 'Last night’s sleep',
    unit: '',
    color: '--chart-deep',
    format: minutesShort,
  },
  { key: 'HRV.dailyRmssd', label: 'HRV', unit: 'ms', color: '--chart-hrv', format: dec1 },
  { key: 'SPO2_Daily.avg', label: 'SpO2', unit: '%', color: '--chart-spo2', format: dec1 },
];

const TRENDS = [
  { key: 'RestingHR.value', label: 'Resting heart rate', unit: 'bpm', color: '--chart-heart' },
  { key: 'HRV.dailyRmssd', label: 'Heart rate variability', unit: 'ms', color: '--chart-hrv' },
  { key: 'SPO2_Daily.avg', label: 'SpO2', unit: '%', color: '--chart-spo2' },
  { key: 'Weight.weight_kg', label: 'Weight', unit: 'kg', color: '--chart-weight' },
  { key: 'VO2Max.value', label: 'VO2 max', unit: 'ml/kg/min', color: '--chart-vo2' },
] as const;

const RANGES = [
  { id: '7d', label: '7 days', days: 7 },
  { id: '30d', label: '30 days', days: 30 },
  { id: '1y', label: '1 year', days: 365 },
  { id: 'all', label: 'All', days: 0 },
] as const;

function chartCanvas(name: string, label: string): HTMLCanvasElement {
  return h('canvas', { 'data-chart': name, role: 'img', 'aria-label': label });
}

/** Runs `load` into `box`, with loading and error states and a retry. */
function section(box: HTMLElement, load: () => Promise<void>): Promise<void> {
  replace(box, loading());
  return load().catch((err: unknown) => {
    replace(
      box,
      errorState(errorMessage(err), () => {
        void section(box, load);
      }),
    );
  });
}

export const renderDashboard: View = (root: HTMLElement, ctx: ViewContext) => {
  const charts = new Set<Chart>();
  ctx.onLeave(() => {
    for (const c of charts) c.destroy();
  });
  const keep = (chart: Chart): Chart => {
    charts.add(chart);
    return chart;
  };
  const drop = (chart: Chart | undefined): void => {
    if (chart === undefined) return;
    chart.destroy();
    charts.delete(chart);
  };

  replace(root, loading('Loading your data…'));
  call(api.data.listDays())
    .then((days) => {
      const lastDay = days.at(-1);
      const firstDay = days[0];
      if (lastDay === undefined || firstDay === undefined) {
        replace(
          root,
          h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, 'Dashboard'))),
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
        return;
      }
      build(days, firstDay, lastDay);
    })
    .catch((err: unknown) => {
      replace(
        root,
        errorState(errorMessage(err), () => {
          ctx.navigate('dashboard');
        }),
      );
    });

  function build(days: readonly string[], firstDay: string, lastDay: string): void {
    const tiles = h('div', { class: 'grid tiles', 'data-testid': 'tiles' });
    const stepsBox = h('div', { class: 'chart-box' });
    const heartBox = h('div', { class: 'chart-box tall' });
    const heartStats = h('div', { class: 'stats' });
    const sleepBox = h('div', { class: 'chart-box' });
    const sleepStats = h('div', { class: 'stats' });
    const trends = h('div', { class: 'grid trends' });
    const dayInput = h('input', {
      type: 'date',
      min: firstDay,
      max: lastDay,
      value: lastDay,
      'aria-label': 'Day shown',
    });
    let day = lastDay;

    const rangeButtons = RANGES.map((r) =>
      h(
        'button',
        { type: 'button', 'aria-pressed': r.id === '30d' ? 'true' : 'false', 'data-range': r.id },
        r.label,
      ),
    );
    let stepsChartRef: Chart | undefined;
    const loadSteps = (rangeDays: number): Promise<void> =>
      section(stepsBox, async () => {
        const from = rangeDays === 0 ? undefined : addDays(lastDay, -(rangeDays - 1));
        const series = await call(
          api.data.getSeries(
            from === undefined ? { key: 'Activity-steps.value' } : { key: 'Activity-steps.value', from },
          ),
        );
        drop(stepsChartRef);
        if (series.length === 0) {
          replace(
            stepsBox,
            emptyState('No steps in this range', 'Pick a longer range or check Coverage for gaps.'),
          );
          return;
        }
        const canvas = chartCanvas('steps', `Steps per day, ${series.length} days`);
        replace(stepsBox, canvas);
        stepsChartRef = keep(stepsChart(canvas, series));
      });
    rangeButtons.forEach((b, i) => {
      b.addEventListener('click', () => {
        for (const o of rangeButtons) o.setAttribute('aria-pressed', String(o === b));
        void loadSteps(RANGES[i]?.days ?? 30);
      });
    });

    let heartRef: Chart | undefined;
    let sleepRef: Chart | undefined;
    // The day's own civil offset, from its daily records (stamped 12:00 local of their day), so the
    // intraday charts read 00:00–24:00 as the day was lived, wherever this computer is.
    const dayOffset = async (): Promise<number | undefined> => {
      const daily = await call(api.data.getDayRecords({ day, measurements: [...DAILY_STAMPED] }));
      return dayOffsetFromStamps(
        day,
        daily.map((r) => r.time),
      );
    };
    const loadDay = async (): Promise<void> => {
      const offset = dayOffset().catch(() => undefined);
      const heart = section(heartBox, async () => {
        const s = await call(
          api.data.getDaySeries({ day, measurement: 'HeartRate_Intraday', field: 'value' }),
        );
        const offsetMinutes = await offset;
        drop(heartRef);
        if (s.values.length === 0) {
          replace(
            heartBox,
            emptyState(
              'No heart rate on this day',
              'The tracker may not have been worn, or this day is not synced yet.',
            ),
          );
          replace(heartStats);
          return;
        }
        const canvas = chartCanvas(
          'heart-rate',
          `Heart rate on ${day}${offsetMinutes === undefined ? '' : `, 00:00–24:00 ${offsetLabel(offsetMinutes)}`}, ${s.values.length} samples`,
        );
        if (offsetMinutes !== undefined) canvas.dataset.offset = String(offsetMinutes);
        replace(heartBox, canvas);
        heartRef = keep(heartRateChart(canvas, s.times, s.values, { day, offsetMinutes }));
        let min = Infinity;
        let max = -Infinity;
        let sum = 0;
        for (const v of s.values) {
          min = Math.min(min, v);
          max = Math.max(max, v);
          sum += v;
        }
        replace(
          heartStats,
          h('span', {}, 'Samples ', h('b', {}, int(s.values.length))),
          h('span', {}, 'Min ', h('b', {}, `${int(min)} bpm`)),
          h('span', {}, 'Average ', h('b', {}, `${int(sum / s.values.length)} bpm`)),
          h('span', {}, 'Max ', h('b', {}, `${int(max)} bpm`)),
        );
      });
      const sleep = section(sleepBox, async () => {
        const records = await call(
          api.data.getDayRecords({ day, measurements: ['SleepLevels', 'SleepSummary'] }),
        );
        drop(sleepRef);
        const main = (r: DataRecord): boolean => r.tags.isMainSleep?.toLowerCase() !== 'false';
        const stages: Stage[] = records
          .filter((r) => r.measurement === 'SleepLevels' && main(r))
          .map((r) => {
            const start = Date.parse(r.time);
            return {
              start,
              end: start + (r.fields.duration_seconds ?? 0) * 1000,
              level: r.fields.level ?? 1,
            };
          })
          .sort((a, b) => a.start - b.start);
        const summary = records.find((r) => r.measurement === 'SleepSummary' && main(r));
        if (stages.length === 0) {
          replace(
            sleepBox,
            emptyState(
              'No sleep stages for this night',
              'Stages need a night of at least three hours with the tracker on.',
            ),
          );
          replace(sleepStats);
          return;
        }
        const offsetMinutes = await offset;
        const canvas = chartCanvas(
          'hypnogram',
          `Sleep stages of the night ending ${day}${offsetMinutes === undefined ? '' : ` (${offsetLabel(offsetMinutes)})`}`,
        );
        if (offsetMinutes !== undefined) canvas.dataset.offset = String(offsetMinutes);
        replace(sleepBox, canvas);
        sleepRef = keep(hypnogramChart(canvas, stages, offsetMinutes));
        const f = summary?.fields ?? {};
        replace(
          sleepStats,
          h('span', {}, 'Asleep ', h('b', {}, minutes(f.minutesAsleep ?? 0))),
          h('span', {}, 'Deep ', h('b', {}, minutes(f.minutesDeep ?? 0))),
          h('span', {}, 'Light ', h('b', {}, minutes(f.minutesLight ?? 0))),
          h('span', {}, 'REM ', h('b', {}, minutes(f.minutesREM ?? 0))),
          h('span', {}, 'Awake ', h('b', {}, minutes(f.minutesAwake ?? 0))),
        );
      });
      await Promise.all([heart, sleep]);
    };
    const setDay = (d: string): void => {
      if (d < firstDay || d > lastDay) return;
      day = d;
      dayInput.value = d;
      dayLabel.textContent = longDay(d);
      void loadDay();
    };
    dayInput.addEventListener('change', () => {
      setDay(dayInput.value);
    });
    const dayLabel = h('p', {}, longDay(day));

    replace(
      root,
      h(
        'div',
        { class: 'page-head' },
        h(
          'div',
          {},
          h('h1', {}, 'Dashboard'),
          h('p', {}, `${int(days.length)} days in your archive · ${longDay(firstDay)} – ${longDay(lastDay)}`),
        ),
      ),
      tiles,
      h(
        'section',
        { class: 'card section', 'aria-labelledby': 'steps-h' },
        h(
          'div',
          { class: 'card-head' },
          h('h2', { id: 'steps-h' }, 'Steps per day'),
          h('div', { class: 'segmented', role: 'group', 'aria-label': 'Range' }, ...rangeButtons),
        ),
        stepsBox,
      ),
      h(
        'div',
        { class: 'card section day-bar' },
        h(
          'div',
          { class: 'card-head' },
          h('div', {}, h('h2', {}, 'Day detail'), dayLabel),
          h(
            'div',
            { class: 'day-picker' },
            h(
              'button',
              {
                class: 'button small',
                type: 'button',
                'aria-label': 'Previous day',
                onclick: () => {
                  setDay(addDays(day, -1));
                },
              },
              '‹',
            ),
            dayInput,
            h(
              'button',
              {
                class: 'button small',
                type: 'button',
                'aria-label': 'Next day',
                onclick: () => {
                  setDay(addDays(day, 1));
                },
              },
              '›',
            ),
          ),
        ),
        h(
          'div',
          { class: 'grid two' },
          h('section', { 'aria-label': 'Heart rate' }, h('h3', {}, 'Heart rate'), heartBox, heartStats),
          h(
            'section',
            { 'aria-label': 'Sleep stages' },
            h('h3', {}, 'Sleep stages (night ending this day)'),
            sleepBox,
            sleepStats,
          ),
        ),
      ),
      h(
        'section',
        { class: 'card section' },
        h('div', { class: 'card-head' }, h('h2', {}, 'Trends'), h('p', {}, 'Last 12 months')),
        trends,
      ),
    );

    // Tiles: the latest day with data, compared with the 30 days before it.
    const since = addDays(lastDay, -30);
    const tileLoads = TILES.map(async (t) => {
      const el = h('div', { class: 'card tile', 'data-tile': t.key });
      tiles.appendChild(el);
      replace(el, h('div', { class: 'tile-label' }, t.label), h('div', { class: 'tile-value' }, '…'));
      const series = await call(api.data.getSeries({ key: t.key, from: since, to: lastDay }));
      const latest = series.at(-1);
      const previous = series.slice(0, -1);
      const avg =
        previous.length > 0 ? previous.reduce((s, p) => s + p.value, 0) / previous.length : undefined;
      const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
      swatch.style.background = `var(${t.color})`;
      replace(
        el,
        h('div', { class: 'tile-label' }, swatch, t.label),
        latest === undefined
          ? h('div', { class: 'tile-value' }, '—')
          : h(
              'div',
              { class: 'tile-value' },
              t.format(latest.value),
              t.unit !== '' && h('span', { class: 'tile-unit' }, t.unit),
            ),
        h(
          'div',
          { class: 'tile-sub' },
          latest === undefined
            ? 'No value in the last 30 days'
            : latest.day === lastDay
              ? `30-day average ${avg === undefined ? '—' : t.format(avg)}`
              : `Last on ${longDay(latest.day)}`,
        ),
      );
    });

    const trendLoads = TRENDS.map(async (t) => {
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
      const series = await call(
        api.data.getSeries({ key: t.key, from: addDays(lastDay, -364), to: lastDay }),
      );
      const last = series.at(-1);
      latest.textContent = last === undefined ? 'no data' : `${dec1(last.value)} ${t.unit}`;
      if (series.length < 2) {
        replace(box, emptyState('Not enough data', `No ${t.label.toLowerCase()} values in the last year.`));
        return;
      }
      const canvas = chartCanvas(`trend-${t.key}`, `${t.label} over the last year`);
      replace(box, canvas);
      keep(trendChart(canvas, series, t.color, t.unit));
    });

    Promise.all([loadSteps(30), loadDay(), ...tileLoads, ...trendLoads])
      .then(() => {
        root.dataset.ready = 'true';
      })
      .catch((err: unknown) => {
        trends.appendChild(errorState(errorMessage(err)));
        root.dataset.ready = 'true';
      });
  }
};
