/**
 * "Import a Takeout export": `syncbit import`, `syncbit demo`, the wizard's import step and the
 * app's Import view all come here. The pipeline streams the export into disk-backed staging,
 * merges each civil day into the archive once, records coverage per type per day, then hands the
 * changed days to the exporters. The import holds the data folder for its whole run, so another
 * program's sync or import never interleaves with it (and never deletes its live staging folder).
 */
import { importTakeout, type ImportReadProgress } from '../sources/takeout/import-takeout.js';
import type { ImportReport } from '../sources/takeout/report.js';
import { DayStaging } from '../store/staging.js';
import { exportChangedDays, type AfterChangeResult } from './after-change.js';
import type { Session } from './session.js';
import type { ImportSummary } from './types.js';

/** The import report as the app shows it (families with skipped-row counts, warnings). */
export function summariseImport(report: ImportReport): ImportSummary {
  return {
    days: report.totals.days,
    records: report.totals.records,
    families: report.families.map((f) => ({
      family: f.family,
      files: f.files,
      records: f.records,
      days: f.days,
      skipped: f.skipped.reduce((n, s) => n + s.count, 0),
    })),
    warnings: [
      ...report.warnings,
      ...report.corruptFiles.map((c) => `${c.file}${c.line === undefined ? '' : `:${c.line}`}: ${c.message}`),
    ],
  };
}

export interface TakeoutImportResult {
  readonly report: ImportReport;
  readonly daysTouched: number;
  readonly daysChanged: number;
  readonly export: AfterChangeResult;
}

export interface TakeoutImportOptions {
  readonly timezone?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: ImportReadProgress) => void;
  readonly onDayWritten?: (done: number, total: number) => void;
  /** Drain the outbox right after the import (default true). */
  readonly drain?: boolean;
}

/** Imports one Takeout export (one or more input paths) into the archive (see module doc). */
export async function runTakeoutImport(
  core: Session,
  inputs: readonly string[],
  options: TakeoutImportOptions = {},
): Promise<TakeoutImportResult> {
  const staging = await DayStaging.create(core.dataDir);
  let report: ImportReport;
  try {
    report = await importTakeout(inputs, staging, {
      log: core.log.child('takeout'),
      ...(options.timezone === undefined ? {} : { timezone: options.timezone }),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    await staging.discard();
    throw err;
  }
  const results = await staging.finish(core.archive, {
    mode: 'merge',
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onDayWritten ? { onDay: (_r, done, total) => options.onDayWritten?.(done, total) } : {}),
  });
  const now = Date.now();
  for (const day of staging.days()) {
    for (const type of staging.typesOn(day)) {
      const prev = core.coverage.get(type, day);
      const hash = core.archive.typeHash(day, type);
      // A day the API already fetched keeps its API status; the import only adds to it.
      if (prev?.source === 'api' && prev.status !== 'failed') continue;
      core.coverage.recordFetch(type, day, 'takeout', hash, now);
    }
  }
  await core.coverage.flush();
  const changed = results.filter((r) => r.changed).map((r) => r.day);
  const exported = await exportChangedDays(core, changed, {
    ...(options.drain === undefined ? {} : { drain: options.drain }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { report, daysTouched: results.length, daysChanged: changed.length, export: exported };
}

/** Imports one Takeout export (one or more input paths); the zone defaults to the settings' one. */
export function importTakeoutExport(
  session: Session,
  paths: readonly string[],
  options: TakeoutImportOptions = {},
): Promise<TakeoutImportResult> {
  const timezone = options.timezone ?? session.loaded.settings.timezone;
  return session.exclusive(() =>
    runTakeoutImport(session, paths, { ...options, ...(timezone === undefined ? {} : { timezone }) }),
  );
}
