/**
 * Plumbing shared by the per-family normalisers: open an entry, stream its rows, count empty
 * files and touch the day named in an empty file's name (an empty day is coverage too).
 */
import type { DataTypeId } from '../../model/data-types.js';
import { isCivilDay } from '../../model/civil-day.js';
import type { CivilDay } from '../../model/record.js';
import { readCsv, FileReadError, type CsvHeader } from './csv-rows.js';
import type { TakeoutEntry } from './entry.js';
import type { ImportContext } from './import-context.js';
import { jsonArrayElements } from './json-array.js';
import type { FamilyStats } from './report.js';

export type RowHandler = (row: string[], line: number) => Promise<void> | undefined;

/** A family's reader: called once per file (in name order), then `finish` once. */
export interface FamilyProcessor {
  /** How this family's timestamps become civil days (shown in the report). */
  timeRule(): string;
  readFile(entry: TakeoutEntry, stats: FamilyStats): Promise<void>;
  finish?(stats: FamilyStats): Promise<void>;
}

/** The `YYYY-MM-DD` in a file name (`steps_2024-10-01.csv`, `sleep-2024-10-01.json`), if any. */
export function dayInName(path: string): CivilDay | undefined {
  const m = /(\d{4}-\d{2}-\d{2})(?!.*\d{4}-\d{2}-\d{2})/.exec(path.split('/').pop() ?? '');
  return m?.[1] !== undefined && isCivilDay(m[1]) ? m[1] : undefined;
}

/** Index of a required column; a missing one makes the whole file unreadable (line 1). */
export function need(header: CsvHeader, ...names: string[]): number {
  const i = header.col(...names);
  if (i < 0)
    throw new FileReadError(`missing column "${names[0] ?? ''}" (header: ${header.names.join(',')})`, 1);
  return i;
}

/** Streams a CSV entry through a row handler built from its header. */
export async function readCsvEntry(
  ctx: ImportContext,
  entry: TakeoutEntry,
  stats: FamilyStats,
  types: readonly DataTypeId[],
  setup: (header: CsvHeader) => RowHandler,
): Promise<void> {
  const stream = await entry.open();
  let handler: RowHandler | undefined;
  const res = await readCsv(
    stream,
    (h) => {
      handler = setup(h);
    },
    (row, line) => {
      ctx.checkAbort();
      if (handler === undefined) return undefined;
      return handler(row, line);
    },
  );
  if (res.empty) markEmpty(ctx, entry, stats, types);
}

/** Counts an empty file and touches the day its name carries. */
export function markEmpty(
  ctx: ImportContext,
  entry: TakeoutEntry,
  stats: FamilyStats,
  types: readonly DataTypeId[],
): void {
  stats.emptyFiles++;
  const d = dayInName(entry.path);
  if (d) for (const t of types) ctx.touch(stats, d, t);
}

/** Streams a JSON-array entry; malformed elements are skipped and named by line. */
export async function readJsonEntry(
  ctx: ImportContext,
  entry: TakeoutEntry,
  stats: FamilyStats,
  types: readonly DataTypeId[],
  onElement: (value: unknown, line: number) => Promise<void> | undefined,
): Promise<void> {
  const stream = await entry.open();
  let n = 0;
  for await (const el of jsonArrayElements(stream)) {
    ctx.checkAbort();
    n++;
    let value: unknown;
    try {
      value = JSON.parse(el.text);
    } catch {
      stats.skip('malformed JSON element', entry.display, el.line);
      continue;
    }
    const p = onElement(value, el.line);
    if (p) await p;
  }
  if (n === 0) markEmpty(ctx, entry, stats, types);
}

/** Number from a cell; NaN for blank or non-numeric text. */
export function num(s: string | undefined): number {
  if (s === undefined) return Number.NaN;
  const t = s.trim();
  return t === '' ? Number.NaN : Number(t);
}

/** Rounds away float noise from sums (0.1 + 0.2) without losing real precision. */
export function tidy(x: number, decimals = 6): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}
