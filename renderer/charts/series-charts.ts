/**
 * The dashboard's charts. Large series use chart.js's fast path: `parsing: false`, `{x, y}` points
 * with numeric x on a linear axis, no animation, and LTTB decimation, so a day of 1-second heart
 * rate (86,400 points) or years of daily steps draw in well under 100 ms.
 */
import type { ChartConfiguration, ChartDataset, TooltipItem } from 'chart.js';
import { clockAt, dayToMs, int, minutes, shortDay, startOfDayAt } from '../format.js';
import { Chart, alpha, applyChartTheme, cssVar } from './setup.js';

export interface Point {
  readonly x: number;
  readonly y: number;
}

const decimation = { enabled: true, algorithm: 'lttb' as const, samples: 900, threshold: 1200 };

function dateTick(value: number | string): string {
  return new Date(Number(value)).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}

function yearTick(value: number | string): string {
  return new Date(Number(value)).toLocaleDateString(undefined, {
    month: 'short',
    year: '2-digit',
    timeZone: 'UTC',
  });
}

type LineConfig = ChartConfiguration<'line', Point[]>;

/** What differs between the fast-path line charts; everything else is shared by fastLineChart. */
interface FastLineSpec {
  readonly data: Point[];
  readonly color: string;
  /** Opacity of the area under the line. */
  readonly fillAlpha: number;
  /** Dataset styling on top of the defaults (no points, straight segments). */
  readonly dataset: Partial<ChartDataset<'line', Point[]>>;
  readonly xTick: (value: number | string) => string;
  readonly maxXTicks: number;
  /** x range; default the data's first and last x. */
  readonly xMin?: number;
  readonly xMax?: number;
  readonly y: NonNullable<NonNullable<LineConfig['options']>['scales']>['y'];
  /** Tooltip title from the point's x. */
  readonly title: (x: number) => string;
  /** Tooltip label from the point's y. */
  readonly label: (y: number) => string;
}

/**
 * A line chart on chart.js's fast path (`parsing: false`, linear x, no animation, LTTB
 * decimation), shared so every large series draws the same quick way.
 */
function fastLineChart(canvas: HTMLCanvasElement, spec: FastLineSpec): Chart {
  const { data, color } = spec;
  const config: LineConfig = {
    type: 'line',
    data: {
      datasets: [
        {
          data,
          borderColor: color,
          backgroundColor: alpha(color, spec.fillAlpha),
          pointRadius: 0,
          tension: 0,
          indexAxis: 'x',
          ...spec.dataset,
        },
      ],
    },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: {
          type: 'linear',
          min: spec.xMin ?? data[0]?.x,
          max: spec.xMax ?? data.at(-1)?.x,
          ticks: { callback: spec.xTick, maxTicksLimit: spec.maxXTicks },
          grid: { display: false },
        },
        y: spec.y,
      },
      plugins: {
        decimation,
        tooltip: {
          callbacks: {
            title: (items) => spec.title(items[0]?.parsed.x ?? 0),
            label: (item) => spec.label(item.parsed.y ?? 0),
          },
        },
      },
    },
  };
  return new Chart(canvas, config);
}

/** Steps per day: bars for short ranges, a decimated area line for years. */
export function stepsChart(
  canvas: HTMLCanvasElement,
  days: readonly { day: string; value: number }[],
): Chart {
  applyChartTheme();
  const color = cssVar('--chart-steps');
  if (days.length <= 62) {
    const config: ChartConfiguration<'bar', number[], string> = {
      type: 'bar',
      data: {
        labels: days.map((d) => shortDay(d.day)),
        datasets: [
          { data: days.map((d) => d.value), backgroundColor: color, borderRadius: 5, maxBarThickness: 36 },
        ],
      },
      options: {
        animation: false,
        scales: {
          x: { grid: { display: false } },
          y: { beginAtZero: true, ticks: { callback: (v) => int(Number(v)) } },
        },
        plugins: {
          tooltip: { callbacks: { label: (item: TooltipItem<'bar'>) => `${int(Number(item.raw))} steps` } },
        },
      },
    };
    return new Chart(canvas, config);
  }
  const data: Point[] = days.map((d) => ({ x: dayToMs(d.day), y: d.value }));
  return fastLineChart(canvas, {
    data,
    color,
    fillAlpha: 0.18,
    dataset: { fill: 'origin', borderWidth: 1.4 },
    xTick: days.length > 400 ? yearTick : dateTick,
    maxXTicks: 10,
    y: { beginAtZero: true, ticks: { callback: (v) => int(Number(v)) } },
    title: dateTick,
    label: (y) => `${int(y)} steps`,
  });
}

/** Where a day was lived: its civil day and offset (minutes east of UTC), when known. */
export interface DayClock {
  readonly day: string;
  readonly offsetMinutes: number | undefined;
}

/**
 * Heart rate of one day at full resolution (decimated for drawing, not for the data). Times read
 * in the day's own offset, 00:00–24:00 as lived, wherever the viewing computer is.
 */
export function heartRateChart(
  canvas: HTMLCanvasElement,
  times: readonly number[],
  values: readonly number[],
  at: DayClock = { day: '', offsetMinutes: undefined },
): Chart {
  applyChartTheme();
  const color = cssVar('--chart-heart');
  const data: Point[] = new Array<Point>(times.length);
  for (let i = 0; i < times.length; i++) data[i] = { x: times[i] ?? 0, y: values[i] ?? 0 };
  return fastLineChart(canvas, {
    data,
    color,
    fillAlpha: 0.08,
    dataset: { fill: 'start', borderWidth: 1, spanGaps: 5 * 60_000 },
    xTick: (v) => clockAt(Number(v), at.offsetMinutes),
    maxXTicks: 9,
    ...(at.offsetMinutes === undefined
      ? {}
      : (() => {
          const start = startOfDayAt(at.day, at.offsetMinutes);
          return { xMin: start, xMax: start + 86_400_000 };
        })()),
    y: { suggestedMin: 40, suggestedMax: 140, title: { display: true, text: 'bpm' } },
    title: (x) => clockAt(x, at.offsetMinutes),
    label: (y) => `${int(y)} bpm`,
  });
}

export interface Stage {
  readonly start: number;
  readonly end: number;
  readonly level: number;
}

/** Stage rows top to bottom, as the Fitbit app shows them. */
const STAGE_ROWS = [
  { level: 3, label: 'Awake', color: '--chart-wake' },
  { level: 2, label: 'REM', color: '--chart-rem' },
  { level: 1, label: 'Light', color: '--chart-light' },
  { level: 0, label: 'Deep', color: '--chart-deep' },
] as const;

/** Hypnogram: one floating bar per stage segment on a row per stage, in the day's own offset. */
export function hypnogramChart(
  canvas: HTMLCanvasElement,
  stages: readonly Stage[],
  offsetMinutes?: number,
): Chart {
  const clock = (ms: number): string => clockAt(ms, offsetMinutes);
  applyChartTheme();
  type Bar = { x: [number, number]; y: string };
  const datasets: ChartDataset<'bar', Bar[]>[] = STAGE_ROWS.map((row) => ({
    label: row.label,
    data: stages
      .filter((s) => s.level === row.level)
      .map((s) => ({ x: [s.start, s.end] as [number, number], y: row.label })),
    backgroundColor: cssVar(row.color),
    borderRadius: 3,
    borderSkipped: false,
    grouped: false,
    barPercentage: 1,
    categoryPercentage: 0.82,
  }));
  const first = stages[0]?.start ?? 0;
  const last = stages.reduce((m, s) => Math.max(m, s.end), first);
  const config: ChartConfiguration<'bar', Bar[], string> = {
    type: 'bar',
    data: { labels: STAGE_ROWS.map((r) => r.label), datasets },
    options: {
      animation: false,
      indexAxis: 'y',
      scales: {
        x: {
          type: 'linear',
          min: first,
          max: last,
          ticks: { callback: (v) => clock(Number(v)), maxTicksLimit: 8 },
          grid: { display: true },
        },
        y: { grid: { display: false } },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item) => {
              const raw = item.raw as Bar;
              return `${String(item.dataset.label)}: ${clock(raw.x[0])}–${clock(raw.x[1])} (${minutes((raw.x[1] - raw.x[0]) / 60_000)})`;
            },
          },
        },
      },
    },
  };
  return new Chart(canvas, config) as unknown as Chart;
}

/** A small trend line (resting HR, HRV, SpO2, weight, VO2 max) over days. */
export function trendChart(
  canvas: HTMLCanvasElement,
  days: readonly { day: string; value: number }[],
  colorVar: string,
  unit: string,
): Chart {
  applyChartTheme();
  const color = cssVar(colorVar);
  const data: Point[] = days.map((d) => ({ x: dayToMs(d.day), y: d.value }));
  const span = data.length > 0 ? (data[data.length - 1]?.x ?? 0) - (data[0]?.x ?? 0) : 0;
  return fastLineChart(canvas, {
    data,
    color,
    fillAlpha: 0.12,
    dataset: {
      fill: 'start',
      borderWidth: 1.6,
      pointRadius: data.length < 40 ? 2 : 0,
      tension: 0.25,
      spanGaps: true,
    },
    xTick: span > 180 * 86_400_000 ? yearTick : dateTick,
    maxXTicks: 5,
    y: { ticks: { maxTicksLimit: 4 } },
    title: dateTick,
    label: (y) => `${y.toFixed(1)} ${unit}`,
  });
}
