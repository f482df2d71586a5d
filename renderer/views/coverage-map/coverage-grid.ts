/**
 * The coverage grid: a column button per day (selects it for a re-fetch), a row per data type with
 * its re-fetch checkbox, and one cell per day and type (present, empty, failed or missing), with
 * the legend and the counts above it. It is an ARIA grid of rows with one tab stop: arrow keys and
 * Home/End (Ctrl for the corners) move through it, Enter or Space on a cell selects its day.
 */
import type { CoverageCell } from '../../../common/app-types.js';
import type { DataTypeId } from '../../../common/data-types.js';
import { h } from '../../dom.js';
import { TYPE_LABELS, longDay } from '../../format.js';

/** Types Google reports only while the tracker is worn: an empty day there means "not worn", not 0. */
const WORN_ONLY = new Set(['steps', 'distance', 'floors', 'elevation', 'calories']);

const STATUS_LABEL: Record<CoverageCell['status'], string> = {
  fetched: 'present',
  final: 'present (final)',
  empty: 'read, no data',
  failed: 'failed',
  missing: 'missing',
};

export type Coverage = Partial<Record<DataTypeId, CoverageCell[]>>;

export interface GridInput {
  readonly coverage: Coverage;
  readonly types: readonly DataTypeId[];
  readonly days: readonly string[];
  /** Types left out of a re-fetch; the row checkboxes edit this set. */
  readonly excludedTypes: Set<DataTypeId>;
  /** A day's column button or one of its cells was chosen (`i` is its index in `days`; `range`
   *  when shift was held). */
  readonly onDayChosen: (i: number, range: boolean) => void;
}

interface Counts {
  present: number;
  failed: number;
  missing: number;
}

function dayHead(d: string, i: number, input: GridInput): HTMLElement {
  const label = input.days.length <= 31 || i % 7 === 0 ? String(Number(d.slice(8))) : '';
  const b = h(
    'button',
    {
      class: 'day-head',
      type: 'button',
      tabindex: '-1',
      'data-day': d,
      'aria-pressed': 'false',
      'aria-label': `Select ${longDay(d)}`,
      title: longDay(d),
    },
    label,
  );
  b.addEventListener('click', (e) => {
    input.onDayChosen(i, e.shiftKey);
  });
  return b;
}

/** The row header of type `t` and its re-fetch checkbox (the row's first keyboard stop). */
function typeLabel(t: DataTypeId, excludedTypes: Set<DataTypeId>): { header: HTMLElement; box: HTMLElement } {
  const box = h('input', {
    type: 'checkbox',
    tabindex: '-1',
    'aria-label': `Re-fetch ${TYPE_LABELS[t] ?? t}`,
    checked: !excludedTypes.has(t),
  });
  box.addEventListener('change', () => {
    if (box.checked) excludedTypes.delete(t);
    else excludedTypes.add(t);
  });
  const header = h(
    'div',
    { class: 'type-label', role: 'rowheader' },
    h('label', {}, box, TYPE_LABELS[t] ?? t),
  );
  return { header, box };
}

/** The cells of type `t`, one per day, counted into `counts`. */
function typeCells(t: DataTypeId, input: GridInput, counts: Counts): HTMLElement[] {
  const byDay = new Map((input.coverage[t] ?? []).map((c) => [c.day, c.status]));
  return input.days.map((d, i) => {
    const st = byDay.get(d) ?? 'missing';
    if (st === 'fetched' || st === 'final') counts.present++;
    else if (st === 'failed') counts.failed++;
    else if (st === 'missing') counts.missing++;
    const text = `${TYPE_LABELS[t] ?? t}, ${longDay(d)}: ${st === 'empty' && WORN_ONLY.has(t) ? 'not worn' : STATUS_LABEL[st]}`;
    const cell = h('div', {
      class: `cell ${st}`,
      role: 'gridcell',
      tabindex: '-1',
      'aria-selected': 'false',
      'aria-label': text,
      'data-day': d,
      'data-status': st,
      title: text,
    });
    // A cell selects its day, like the day's column button (Enter or Space from the keyboard).
    cell.addEventListener('click', (e) => {
      input.onDayChosen(i, e.shiftKey);
    });
    cell.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      e.preventDefault();
      input.onDayChosen(i, e.shiftKey);
    });
    return cell;
  });
}

function head(counts: Counts): HTMLElement {
  return h(
    'div',
    { class: 'card-head' },
    h(
      'div',
      { class: 'legend' },
      ...(['fetched', 'final', 'empty', 'failed', 'missing'] as const).map((s) =>
        h('span', {}, h('i', { class: s }), STATUS_LABEL[s]),
      ),
    ),
    h('p', {}, `${counts.present} present · ${counts.failed} failed · ${counts.missing} missing`),
  );
}

/** The position a key moves focus to from (y, x), or undefined for a key the grid ignores. */
function moveFocus(
  key: string,
  ctrl: boolean,
  [y, x]: readonly [number, number],
  rows: readonly (readonly HTMLElement[])[],
): [number, number] | undefined {
  const lastY = rows.length - 1;
  const lastX = (rows[y]?.length ?? 1) - 1;
  if (key === 'ArrowRight') return [y, Math.min(lastX, x + 1)];
  if (key === 'ArrowLeft') return [y, Math.max(0, x - 1)];
  if (key === 'ArrowDown') return [Math.min(lastY, y + 1), x];
  if (key === 'ArrowUp') return [Math.max(0, y - 1), x];
  if (key === 'Home') return [ctrl ? 0 : y, 0];
  if (key === 'End') return [ctrl ? lastY : y, lastX];
  return undefined;
}

/** One tab stop for the whole grid (a roving tabindex) moved by the keys `moveFocus` knows. */
function rovingFocus(grid: HTMLElement, rows: readonly (readonly HTMLElement[])[], first: HTMLElement): void {
  const positions = new Map<EventTarget, [number, number]>();
  rows.forEach((r, y) => {
    r.forEach((el, x) => positions.set(el, [y, x]));
  });
  let tabStop = first;
  grid.addEventListener('keydown', (e) => {
    const at = e.target === null ? undefined : positions.get(e.target);
    const to = at === undefined ? undefined : moveFocus(e.key, e.ctrlKey, at, rows);
    if (to === undefined) return;
    e.preventDefault();
    const next = rows[to[0]]?.[to[1]];
    if (next === undefined) return;
    tabStop.setAttribute('tabindex', '-1');
    next.setAttribute('tabindex', '0');
    tabStop = next;
    next.focus();
  });
}

/** The legend with the counts, and the grid in its scrolling wrapper. */
export function coverageGrid(input: GridInput): HTMLElement[] {
  const grid = h('div', {
    class: 'coverage',
    role: 'grid',
    'aria-label': 'Coverage by day and data type',
    'aria-multiselectable': 'true',
  });
  grid.style.gridTemplateColumns = `190px repeat(${input.days.length}, minmax(7px, 1fr))`;
  const corner = h('div', { class: 'type-label', role: 'columnheader', tabindex: '0' }, 'Type / day');
  const heads = input.days.map((d, i) => dayHead(d, i, input));
  const focusRows: HTMLElement[][] = [[corner, ...heads]];
  grid.appendChild(
    h('div', { role: 'row' }, corner, ...heads.map((b) => h('div', { role: 'columnheader' }, b))),
  );
  const counts: Counts = { present: 0, failed: 0, missing: 0 };
  for (const t of input.types) {
    const { header, box } = typeLabel(t, input.excludedTypes);
    const cells = typeCells(t, input, counts);
    focusRows.push([box, ...cells]);
    grid.appendChild(h('div', { role: 'row' }, header, ...cells));
  }
  rovingFocus(grid, focusRows, corner);
  return [head(counts), h('div', { class: 'coverage-wrap' }, grid)];
}
