/**
 * AIP-160 filter validation and evaluation as the reference (§2.4) describes it: snake_case type
 * prefix, fields per record kind, only `>=` and `<`, `AND` (and `OR` for sleep only), quoted
 * literals. Anything else is a 400 INVALID_DATA_POINT_FILTER.
 */
import type { RecordKind } from './catalog.js';
import { snakeOf } from './catalog.js';

export type FilterField = 'physical-start' | 'civil-start' | 'physical-end' | 'civil-end' | 'date';

export interface Comparison {
  readonly field: FilterField;
  readonly op: '>=' | '<';
  /** Physical: epoch ms. Civil: `YYYY-MM-DDTHH:mm:ss`. Date: `YYYY-MM-DD`. */
  readonly value: number | string;
}

/** Disjunction of conjunctions (OR of ANDs). */
export type ParsedFilter = Comparison[][];

export class FilterError extends Error {}

const CIVIL_RE = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2})?))?$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const RFC3339_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function allowedFields(type: string, kind: RecordKind): Map<string, FilterField> {
  const p = snakeOf(type);
  if (type === 'sleep')
    return new Map<string, FilterField>([
      [`${p}.interval.end_time`, 'physical-end'],
      [`${p}.interval.civil_end_time`, 'civil-end'],
    ]);
  if (type === 'exercise')
    return new Map<string, FilterField>([[`${p}.interval.civil_start_time`, 'civil-start']]);
  switch (kind) {
    case 'interval':
      return new Map<string, FilterField>([
        [`${p}.interval.start_time`, 'physical-start'],
        [`${p}.interval.civil_start_time`, 'civil-start'],
      ]);
    case 'sample':
      return new Map<string, FilterField>([
        [`${p}.sample_time.physical_time`, 'physical-start'],
        [`${p}.sample_time.civil_time`, 'civil-start'],
      ]);
    case 'daily':
      return new Map<string, FilterField>([[`${p}.date`, 'date']]);
    default:
      return new Map();
  }
}

const TOKEN_RE =
  /\s*(?:(AND|OR)\b|([A-Za-z_][A-Za-z0-9_.-]*)\s*(>=|<=|!=|=|>|<|:)\s*("(?:[^"\\]|\\.)*"|[^\s"]+))/y;

/** Parses and validates a filter for `type`; throws FilterError with a Google-like message. */
export function parseFilter(filter: string, type: string, kind: RecordKind): ParsedFilter {
  const fields = allowedFields(type, kind);
  const groups: Comparison[][] = [[]];
  let pos = 0;
  let expectComparison = true;
  const text = filter.trim();
  if (text === '') return [];
  while (pos < text.length) {
    TOKEN_RE.lastIndex = pos;
    const m = TOKEN_RE.exec(text);
    if (!m) throw new FilterError(`Invalid filter syntax near position ${pos}: ${text.slice(pos, pos + 20)}`);
    pos = TOKEN_RE.lastIndex;
    if (m[1] !== undefined) {
      if (expectComparison) throw new FilterError(`Invalid filter syntax: unexpected ${m[1]}`);
      if (m[1] === 'OR') {
        if (type !== 'sleep') throw new FilterError('OR is only supported for sleep filters');
        groups.push([]);
      }
      expectComparison = true;
      continue;
    }
    if (!expectComparison)
      throw new FilterError('Invalid filter syntax: comparisons must be joined with AND');
    const name = m[2] ?? '';
    const op = m[3] ?? '';
    const raw = m[4] ?? '';
    const field = fields.get(name);
    if (field === undefined)
      throw new FilterError(
        `Invalid data point filter: field "${name}" is not supported for data type ${type}; supported fields: ${[...fields.keys()].join(', ') || 'none'}`,
      );
    if (op !== '>=' && op !== '<')
      throw new FilterError(`Invalid data point filter: operator "${op}" is not supported; use >= and <`);
    if (!raw.startsWith('"') || !raw.endsWith('"') || raw.length < 2)
      throw new FilterError(`Invalid data point filter: literal ${raw} must be a quoted string`);
    const lit = raw.slice(1, -1);
    let value: number | string;
    if (field === 'physical-start' || field === 'physical-end') {
      if (!RFC3339_RE.test(lit) || Number.isNaN(Date.parse(lit)))
        throw new FilterError(`Invalid data point filter: "${lit}" is not an RFC 3339 timestamp`);
      value = Date.parse(lit);
    } else if (field === 'date') {
      if (!DATE_RE.test(lit))
        throw new FilterError(`Invalid data point filter: "${lit}" is not a date (YYYY-MM-DD)`);
      value = lit;
    } else {
      const c = CIVIL_RE.exec(lit);
      if (!c)
        throw new FilterError(
          `Invalid data point filter: "${lit}" is not a civil date time (YYYY-MM-DD[THH:mm:ss])`,
        );
      const time = c[2] ?? '00:00:00';
      value = `${c[1] ?? ''}T${time.length === 5 ? `${time}:00` : time}`;
    }
    groups[groups.length - 1]?.push({ field, op, value });
    expectComparison = false;
  }
  if (expectComparison) throw new FilterError('Invalid filter syntax: dangling AND/OR');
  return groups;
}

/** What a point offers to the filter. */
export interface FilterSubject {
  readonly start: number;
  readonly end: number;
  readonly civilStart: string;
  readonly civilEnd: string;
  readonly date?: string;
}

function value(s: FilterSubject, f: FilterField): number | string {
  switch (f) {
    case 'physical-start':
      return s.start;
    case 'physical-end':
      return s.end;
    case 'civil-start':
      return s.civilStart;
    case 'civil-end':
      return s.civilEnd;
    case 'date':
      return s.date ?? '';
  }
}

/** True when the subject passes the filter. */
export function matches(filter: ParsedFilter, s: FilterSubject): boolean {
  if (filter.length === 0) return true;
  return filter.some((group) =>
    group.every((c) => {
      const v = value(s, c.field);
      return c.op === '>=' ? v >= c.value : v < c.value;
    }),
  );
}

/**
 * Physical bounds [lo, hi) that can contain matching points, for picking which days to generate.
 * Civil and date bounds are widened by 14 h either side (the largest UTC offset).
 */
export function physicalBounds(filter: ParsedFilter): { lo: number; hi: number } {
  if (filter.length === 0) return { lo: -Infinity, hi: Infinity };
  let lo = Infinity;
  let hi = -Infinity;
  const widen = 15 * 3_600_000;
  for (const group of filter) {
    let glo = -Infinity;
    let ghi = Infinity;
    for (const c of group) {
      const ms =
        typeof c.value === 'number'
          ? c.value
          : Date.parse(`${c.value.length === 10 ? `${c.value}T00:00:00` : c.value}Z`) +
            (c.op === '>=' ? -widen : widen);
      if (c.op === '>=') glo = Math.max(glo, ms);
      else ghi = Math.min(ghi, ms);
    }
    lo = Math.min(lo, glo);
    hi = Math.max(hi, ghi);
  }
  return { lo, hi };
}
