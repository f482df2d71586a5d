/**
 * Streaming CSV rows (csv-parse) with line numbers, so a bad row can be named `file:line` and a
 * file of any size is read in constant memory. `no data` files and header-only files yield no rows.
 */
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { SyncBitError } from '../../errors.js';
import { DEFAULT_LIMITS } from './limits.js';

/** Column lookup by lower-cased, trimmed header name. */
export class CsvHeader {
  private readonly index = new Map<string, number>();
  constructor(readonly names: readonly string[]) {
    names.forEach((n, i) => {
      const key = n.trim().toLowerCase();
      if (!this.index.has(key)) this.index.set(key, i);
    });
  }
  /** Index of the first of `names` present, or -1. */
  col(...names: string[]): number {
    for (const n of names) {
      const i = this.index.get(n);
      if (i !== undefined) return i;
    }
    return -1;
  }
  get length(): number {
    return this.names.length;
  }
}

/** Thrown when a file cannot be read to the end; rows before `line` were delivered. */
export class FileReadError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FileReadError';
  }
}

export interface CsvSummary {
  /** Data rows delivered (header excluded). */
  readonly rows: number;
  /** True for `no data` files, empty files and header-only files. */
  readonly empty: boolean;
}

/**
 * Calls `onHeader` once and `onRow` for each data row with its 1-based line number. `onRow` may
 * return a promise (sink back-pressure), which is awaited before the next row.
 */
export async function readCsv(
  stream: Readable,
  onHeader: (header: CsvHeader) => void,
  onRow: (row: string[], line: number) => Promise<void> | undefined,
): Promise<CsvSummary> {
  // No `info` option: it costs more than the parsing itself. Lines are counted per record instead
  // (exact unless a quoted field spans lines); blank lines are delivered as [''] and skipped here.
  // `max_record_size`: a row of a real export is well under 4 KiB, so a multi-MB "row" (a bomb, or
  // a binary file named like a CSV) stops the file instead of filling memory.
  const parser = parse({
    relax_column_count: true,
    skip_empty_lines: false,
    bom: true,
    relax_quotes: true,
    max_record_size: DEFAULT_LIMITS.maxCsvRecordChars,
  });
  stream.on('error', (err) => parser.destroy(err));
  stream.pipe(parser);
  let header: CsvHeader | undefined;
  let rows = 0;
  let lastLine = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const line = ++lastLine;
      if (record.length === 1 && record[0] === '') continue;
      if (!header) {
        const first = record;
        if (first.length === 1 && /^\s*no data\s*$/i.test(first[0] ?? '')) return { rows: 0, empty: true };
        header = new CsvHeader(first);
        onHeader(header);
        continue;
      }
      rows++;
      const p = onRow(record, line);
      if (p) await p;
    }
  } catch (err) {
    if (err instanceof FileReadError || err instanceof SyncBitError) throw err;
    const e = err as { lines?: unknown; message?: string };
    const line = typeof e.lines === 'number' ? e.lines : lastLine + 1;
    throw new FileReadError(e.message ?? String(err), line, { cause: err });
  } finally {
    stream.unpipe(parser);
    stream.destroy();
  }
  return { rows, empty: rows === 0 };
}
