/**
 * The coverage grid: a column button per day (selects it for a re-fetch), a row per data type with
 * its re-fetch checkbox, and one cell per day and type (present, empty, failed or missing), with
 * the legend and the counts above it.
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
  /** A day's column button was clicked (`i` is its index in `days`). */
  readonly onDayClick: (i: number, event: MouseEvent) => void;
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
      'data-day': d,
      'aria-pressed': 'false',
      'aria-label': `Select ${longDay(d)}`,
      title: longDay(d),
    },
    label,
  );
  b.addEventListener('click', (e) => {
    input.onDayClick(i, e);
  });
  return b;
}

function typeLabel(t: DataTypeId, excludedTypes: Set<DataTypeId>): HTMLElement {
  const box = h('input', {
    type: 'checkbox',
    'aria-label': `Re-fetch ${TYPE_LABELS[t] ?? t}`,
    checked: !excludedTypes.has(t),
  });
  box.addEventListener('change', () => {
    if (box.checked) excludedTypes.delete(t);
    else excludedTypes.add(t);
  });
  return h('label', { class: 'type-label' }, box, TYPE_LABELS[t] ?? t);
}

/** The cells of type `t`, one per day, counted into `counts`. */
function typeCells(t: DataTypeId, input: GridInput, counts: Counts): HTMLElement[] {
  const byDay = new Map((input.coverage[t] ?? []).map((c) => [c.day, c.status]));
  return input.days.map((d) => {
    const st = byDay.get(d) ?? 'missing';
    if (st === 'fetched' || st === 'final') counts.present++;
    else if (st === 'failed') counts.failed++;
    else if (st === 'missing') counts.missing++;
    return h('div', {
      class: `cell ${st}`,
      role: 'gridcell',
      'data-day': d,
      'data-status': st,
      title: `${TYPE_LABELS[t] ?? t}, ${longDay(d)}: ${st === 'empty' && WORN_ONLY.has(t) ? 'not worn' : STATUS_LABEL[st]}`,
    });
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

/** The legend with the counts, and the grid in its scrolling wrapper. */
export function coverageGrid(input: GridInput): HTMLElement[] {
  const grid = h('div', { class: 'coverage', role: 'grid', 'aria-label': 'Coverage by day and data type' });
  grid.style.gridTemplateColumns = `190px repeat(${input.days.length}, minmax(7px, 1fr))`;
  grid.appendChild(h('div', { class: 'type-label' }, 'Type / day'));
  input.days.forEach((d, i) => grid.appendChild(dayHead(d, i, input)));
  const counts: Counts = { present: 0, failed: 0, missing: 0 };
  for (const t of input.types) {
    grid.appendChild(typeLabel(t, input.excludedTypes));
    for (const cell of typeCells(t, input, counts)) grid.appendChild(cell);
  }
  return [head(counts), h('div', { class: 'coverage-wrap' }, grid)];
}
