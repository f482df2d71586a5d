/**
 * Coverage map: days × data types, each cell present (fetched/final), empty, failed or missing.
 * Days are selected by their column buttons (shift-click selects a range) and re-fetched for the
 * chosen types, so gaps and failures can be repaired from here. The grid itself (cells, keyboard)
 * is coverage-map/coverage-grid.ts.
 */
import type { DataTypeId } from '../../common/data-types.js';
import { api, call, errorMessage } from '../bridge.js';
import { emptyState, errorState, h, loading, replace } from '../dom.js';
import { addDays, longDay } from '../format.js';
import type { View, ViewContext } from '../view-context.js';
import { coverageGrid } from './coverage-map/coverage-grid.js';

const RANGES = [
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
] as const;

function pageHead(end: string, rangeButtons: readonly HTMLElement[]): HTMLElement {
  return h(
    'div',
    { class: 'page-head' },
    h(
      'div',
      {},
      h('h1', {}, 'Coverage'),
      h('p', {}, 'Which days and data types SyncBit holds, per type and day — up to ' + longDay(end) + '.'),
    ),
    h('div', { class: 'segmented', role: 'group', 'aria-label': 'Range' }, ...rangeButtons),
  );
}

function nothingSynced(): HTMLElement {
  return emptyState(
    'Nothing synced in this range yet',
    'When SyncBit syncs or imports, every day and data type shows up here.',
    h('button', { class: 'button primary', onclick: () => void api.sync.runNow() }, 'Sync now'),
  );
}

export const renderCoverage: View = (root: HTMLElement, ctx: ViewContext) => {
  let rangeDays: number = RANGES[1].days;
  const selectedDays = new Set<string>();
  const excludedTypes = new Set<DataTypeId>();
  let lastClicked: number | undefined;
  let shownTypes: DataTypeId[] = [];
  const body = h('div', { class: 'card' });
  const actionNote = h('p', { class: 'tile-sub', role: 'status' });
  const refetchButton = h(
    'button',
    { class: 'button primary', type: 'button', disabled: true },
    'Re-fetch selected days',
  );
  const clearButton = h('button', { class: 'button', type: 'button', disabled: true }, 'Clear selection');
  const rangeButtons = RANGES.map((r) =>
    h('button', { type: 'button', 'aria-pressed': String(r.days === rangeDays) }, r.label),
  );

  const end = ctx.status()?.archive.lastDay ?? new Date().toISOString().slice(0, 10);

  const updateSelection = (): void => {
    refetchButton.toggleAttribute('disabled', selectedDays.size === 0);
    clearButton.toggleAttribute('disabled', selectedDays.size === 0);
    for (const el of body.querySelectorAll<HTMLElement>('[data-day]')) {
      const selected = selectedDays.has(el.dataset.day ?? '');
      if (el.classList.contains('day-head')) el.setAttribute('aria-pressed', String(selected));
      else {
        el.classList.toggle('selected', selected);
        el.setAttribute('aria-selected', String(selected));
      }
    }
    actionNote.textContent =
      selectedDays.size === 0
        ? 'Select days by their column or a cell (shift-click for a range; in the grid, arrow keys move and Enter or Space selects).'
        : `${selectedDays.size} day(s) selected.`;
  };

  const load = async (): Promise<void> => {
    replace(body, loading('Reading coverage…'));
    const from = addDays(end, -(rangeDays - 1));
    const coverage = await call(api.data.getCoverage({ from, to: end }));
    const types = (Object.keys(coverage) as DataTypeId[]).filter((t) =>
      (coverage[t] ?? []).some((c) => c.status !== 'missing'),
    );
    shownTypes = types;
    if (types.length === 0) {
      replace(body, nothingSynced());
      root.dataset.ready = 'true';
      return;
    }
    const days: string[] = [];
    for (let d = from; d <= end; d = addDays(d, 1)) days.push(d);
    const onDayChosen = (i: number, range: boolean): void => {
      const d = days[i] ?? '';
      if (range && lastClicked !== undefined) {
        const [a, z] = lastClicked < i ? [lastClicked, i] : [i, lastClicked];
        for (let k = a; k <= z; k++) selectedDays.add(days[k] ?? '');
      } else if (selectedDays.has(d)) selectedDays.delete(d);
      else selectedDays.add(d);
      lastClicked = i;
      updateSelection();
    };
    replace(body, ...coverageGrid({ coverage, types, days, excludedTypes, onDayChosen }));
    updateSelection();
    root.dataset.ready = 'true';
  };

  const reload = (): void => {
    load().catch((err: unknown) => {
      replace(body, errorState(errorMessage(err), reload));
      root.dataset.ready = 'true';
    });
  };

  rangeButtons.forEach((b, i) => {
    b.addEventListener('click', () => {
      for (const o of rangeButtons) o.setAttribute('aria-pressed', String(o === b));
      rangeDays = RANGES[i]?.days ?? 90;
      selectedDays.clear();
      reload();
    });
  });
  clearButton.addEventListener('click', () => {
    selectedDays.clear();
    updateSelection();
  });
  refetchButton.addEventListener('click', () => {
    const typeIds = shownTypes.filter((t) => !excludedTypes.has(t));
    const days = [...selectedDays].sort();
    refetchButton.setAttribute('disabled', '');
    actionNote.textContent = 'Asking for a re-fetch…';
    call(api.sync.refetchDays({ types: typeIds, days }))
      .then(() => {
        selectedDays.clear();
        updateSelection();
        actionNote.textContent = `Queued ${days.length} day(s) × ${typeIds.length} type(s) for re-fetch. Progress shows in Sync.`;
      })
      .catch((err: unknown) => {
        actionNote.textContent = errorMessage(err);
        refetchButton.removeAttribute('disabled');
      });
  });

  replace(
    root,
    pageHead(end, rangeButtons),
    body,
    h(
      'div',
      { class: 'card' },
      h('div', { class: 'card-head' }, actionNote, h('div', { class: 'inline' }, clearButton, refetchButton)),
    ),
  );
  reload();
};
