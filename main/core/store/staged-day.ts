/**
 * One staged day of an import, as the finish writes it (staging.ts): per data type, the lines
 * spilled to the staging folder and the lines still in memory. `buildStagedDay` merges them into
 * the day file; it runs on the main thread or on the day-writing worker (day-write-thread.ts),
 * which is why the request holds paths and lines only.
 */
import { readFile } from 'node:fs/promises';
import type { DataTypeId } from '../model/data-types.js';
import { toSyncBitError } from '../errors.js';
import { buildDay, type DayBuild, type DayFileAt, type UpdateMode } from './day-build.js';

export interface StagedType {
  readonly type: DataTypeId;
  /** The spill file of this day and type (its lines come first), if any. */
  readonly spill: string | undefined;
  /** Lines not spilled yet (they come last). */
  readonly lines: readonly string[];
}

export interface StagedDayRequest {
  readonly at: DayFileAt;
  readonly types: readonly StagedType[];
  readonly mode: UpdateMode;
}

/** The lines of a spill file (NDJSON, every spill ends with a newline). */
async function spillLines(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8').catch((err: unknown) => Promise.reject(toSyncBitError(err)));
  const lines = text.split('\n');
  lines.pop();
  return lines;
}

/** Reads a staged day's lines and writes the day (see buildDay). */
export async function buildStagedDay(req: StagedDayRequest): Promise<DayBuild> {
  const updates = [];
  for (const t of req.types) {
    const lines = t.spill === undefined ? [] : await spillLines(t.spill);
    for (const l of t.lines) lines.push(l);
    updates.push({ type: t.type, lines, mode: req.mode });
  }
  return buildDay(req.at, updates);
}
