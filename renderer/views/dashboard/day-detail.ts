/**
 * The dashboard's "Day detail" card: a day picker (previous, date, next) over the heart rate and
 * sleep cards, both drawn at the day's own civil offset.
 */
import { api, call } from '../../bridge.js';
import { h } from '../../dom.js';
import { addDays, dayOffsetFromStamps, longDay } from '../../format.js';
import type { ChartKeeper } from './chart-box.js';
import { heartRateCard } from './heart-rate-card.js';
import { sleepCard } from './sleep-card.js';

/** Daily measurements stamped 12:00 local of their day: they carry the day's civil offset. */
const DAILY_STAMPED = ['Activity-steps', 'Activity-calories', 'Activity-distance', 'RestingHR'] as const;

// The day's own civil offset, from its daily records (stamped 12:00 local of their day), so the
// intraday charts read 00:00–24:00 as the day was lived, wherever this computer is.
async function dayOffset(day: string): Promise<number | undefined> {
  const daily = await call(api.data.getDayRecords({ day, measurements: [...DAILY_STAMPED] }));
  return dayOffsetFromStamps(
    day,
    daily.map((r) => r.time),
  );
}

function stepButton(label: string, text: string, onClick: () => void): HTMLElement {
  return h('button', { class: 'button small', type: 'button', 'aria-label': label, onclick: onClick }, text);
}

export interface DayDetail {
  readonly element: HTMLElement;
  /** Loads the day shown (at first the last day). */
  load(): Promise<void>;
}

/** The card for the days `firstDay`…`lastDay`, showing `lastDay` first. */
export function dayDetail(firstDay: string, lastDay: string, charts: ChartKeeper): DayDetail {
  const heart = heartRateCard(charts);
  const sleep = sleepCard(charts);
  let day = lastDay;
  const dayInput = h('input', {
    type: 'date',
    min: firstDay,
    max: lastDay,
    value: lastDay,
    'aria-label': 'Day shown',
  });
  const dayLabel = h('p', {}, longDay(day));
  const load = async (): Promise<void> => {
    const offset = dayOffset(day).catch(() => undefined);
    await Promise.all([heart.load(day, offset), sleep.load(day, offset)]);
  };
  const setDay = (d: string): void => {
    if (d < firstDay || d > lastDay) return;
    day = d;
    dayInput.value = d;
    dayLabel.textContent = longDay(d);
    void load();
  };
  dayInput.addEventListener('change', () => {
    setDay(dayInput.value);
  });
  const element = h(
    'div',
    { class: 'card section day-bar' },
    h(
      'div',
      { class: 'card-head' },
      h('div', {}, h('h2', {}, 'Day detail'), dayLabel),
      h(
        'div',
        { class: 'day-picker' },
        stepButton('Previous day', '‹', () => {
          setDay(addDays(day, -1));
        }),
        dayInput,
        stepButton('Next day', '›', () => {
          setDay(addDays(day, 1));
        }),
      ),
    ),
    h('div', { class: 'grid two' }, heart.element, sleep.element),
  );
  return { element, load };
}
