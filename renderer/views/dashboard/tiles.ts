/**
 * The dashboard's tiles: the latest value of steps, resting heart rate, sleep, HRV and SpO2, each
 * compared with the 30 days before it.
 */
import { api, call } from '../../bridge.js';
import { h, replace } from '../../dom.js';
import { addDays, dec1, int, longDay, minutesShort } from '../../format.js';

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

/** Fills tile `el` with `t`'s latest value up to `lastDay` and its 30-day average. */
async function loadTile(el: HTMLElement, t: Tile, lastDay: string): Promise<void> {
  replace(el, h('div', { class: 'tile-label' }, t.label), h('div', { class: 'tile-value' }, '…'));
  const since = addDays(lastDay, -30);
  const series = await call(api.data.getSeries({ key: t.key, from: since, to: lastDay }));
  const latest = series.at(-1);
  const previous = series.slice(0, -1);
  const avg = previous.length > 0 ? previous.reduce((s, p) => s + p.value, 0) / previous.length : undefined;
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
}

/** Adds one tile per measurement to `tiles` and loads them (the latest day with data is `lastDay`). */
export function loadTiles(tiles: HTMLElement, lastDay: string): Promise<void>[] {
  return TILES.map((t) => {
    const el = h('div', { class: 'card tile', 'data-tile': t.key });
    tiles.appendChild(el);
    return loadTile(el, t, lastDay);
  });
}
