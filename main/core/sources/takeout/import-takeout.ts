/**
 * `importTakeout`: reads a Google Takeout export of Fitbit / Google Health data (zip, multi-part
 * zip, tgz or folder) into a RecordSink, family by family in a fixed order (profile and offsets
 * first, UTC CSVs next, zone-less JSON last so it only fills days no CSV covers), and returns a
 * report. A corrupt file or row is named and skipped; the rest imports.
 */
import { isValidZone } from '../../model/civil-day.js';
import { SyncBitError, toSyncBitError } from '../../errors.js';
import { silentLogger } from '../../log.js';
import type { Logger } from '../../ports.js';
import type { RecordSink } from '../../model/record-sink.js';
import { FAMILIES, routeFile, type FamilyId } from './catalogue.js';
import type { TakeoutEntry } from './entry.js';
import { FileReadError } from './csv-rows.js';
import type { FamilyProcessor } from './family-io.js';
import { ImportContext } from './import-context.js';
import { openInputs, type OpenedInputs } from './inputs.js';
import { ByteBudget, importLimits, type ImportLimits } from './limits.js';
import { buildProcessors } from './processors.js';
import type { FamilyStats, FileProblem, ImportReport } from './report.js';
import { DAY_BOUNDARY_RULE } from './time.js';

export interface ImportReadProgress {
  readonly family: string;
  readonly file: string;
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly records: number;
  /** Source families finished (read to the end) and how many the export has. */
  readonly familiesDone: number;
  readonly familiesTotal: number;
  /** Time since the import started. */
  readonly elapsedMs: number;
  /**
   * Estimated time left for reading, from the bytes rate so far (undefined until 2% or 2 s in,
   * when the rate says little yet).
   */
  readonly etaMs: number | undefined;
}

/** Time left from the rate so far, once there is enough to go on. */
export function estimateEta(elapsedMs: number, done: number, total: number): number | undefined {
  if (total <= 0 || done <= 0 || (done / total < 0.02 && elapsedMs < 2000)) return undefined;
  return Math.max(0, Math.round((elapsedMs * (total - done)) / done));
}

export interface ImportOptions {
  /** IANA zone for zone-less data; overrides the export's profile zone. */
  readonly timezone?: string;
  readonly log?: Logger;
  readonly onProgress?: (p: ImportReadProgress) => void;
  readonly signal?: AbortSignal;
  /** Budgets for untrusted archives (defaults: {@link DEFAULT_LIMITS}); tests lower them. */
  readonly limits?: Partial<ImportLimits>;
}

/** Sink errors (disk full, …) must abort the import, not be mistaken for a corrupt input file. */
function guardSink(sink: RecordSink): RecordSink {
  return {
    add: (day, type, record) => {
      let p: Promise<void> | undefined;
      try {
        p = sink.add(day, type, record);
      } catch (err) {
        throw toSyncBitError(err);
      }
      return p?.catch((err: unknown) => {
        throw toSyncBitError(err);
      });
    },
    touch: (day, type) => {
      try {
        sink.touch(day, type);
      } catch (err) {
        throw toSyncBitError(err);
      }
    },
  };
}

/** Imports a Takeout export into `sink` and reports per family what was read, used and skipped. */
export async function importTakeout(
  inputs: readonly string[],
  sink: RecordSink,
  opts: ImportOptions = {},
): Promise<ImportReport> {
  const started = Date.now();
  const log = opts.log ?? silentLogger;
  if (opts.timezone !== undefined && !isValidZone(opts.timezone)) {
    throw new SyncBitError(
      'invalid-input',
      `--timezone "${opts.timezone}" is not an IANA time zone (for example Europe/London).`,
    );
  }
  if (opts.signal?.aborted) throw new SyncBitError('cancelled', 'Import cancelled before it started.');
  const opened = await openInputs(
    inputs,
    (rel) => routeFile(rel).kind === 'family',
    opts.signal,
    new ByteBudget(importLimits(opts.limits)),
  );
  try {
    const { byFamily, neverOpened, ignored } = sortEntries(opened);
    const warnings: string[] = [];
    if (opened.duplicates > 0)
      warnings.push(`${opened.duplicates} files appeared in more than one part; the first copy was used.`);
    const ctx = new ImportContext(
      guardSink(sink),
      log,
      opts.timezone !== undefined
        ? { zone: opts.timezone, source: 'timezone-option' }
        : { zone: 'UTC', source: 'default-utc' },
      opts.signal,
    );
    const processors = buildProcessors(ctx, (zone, source) => {
      if (ctx.zoneSource !== 'timezone-option') ctx.setZone(zone, source);
      else if (zone !== ctx.zone)
        warnings.push(`The export's profile zone is ${zone}; --timezone ${ctx.zone} was used instead.`);
    });
    const files = [...byFamily.values()].flat();
    const bytesTotal = files.reduce((s, e) => s + e.size, 0);
    log.info('import started', {
      inputs: inputs.length,
      files: files.length,
      bytes: bytesTotal,
      neverOpened: neverOpened.length,
    });
    const corrupt = await readFamilies(ctx, processors, byFamily, {
      started,
      filesTotal: files.length,
      bytesTotal,
      onProgress: opts.onProgress,
      log,
    });

    const families = FAMILIES.flatMap((f) => {
      const s = ctx.stats.get(f);
      return s !== undefined && (s.files > 0 || s.records > 0) ? [s.toReport()] : [];
    });
    if (ctx.zoneSource === 'default-utc' && families.some(isZoneless)) {
      warnings.push(
        'No time zone in the export profile and no --timezone given: zone-less data far from any sleep/exercise log was read as UTC. Re-run with --timezone <IANA zone> if days look shifted.',
      );
    }
    const report: ImportReport = {
      inputs: [...inputs],
      roots: opened.roots,
      zone: { zone: ctx.zone, source: ctx.zoneSource },
      offsetObservations: ctx.timeline.size,
      dayBoundaryRule: DAY_BOUNDARY_RULE,
      families,
      corruptFiles: corrupt,
      neverOpened,
      ignoredFiles: ignored,
      totals: { files: files.length, records: ctx.records, bytes: bytesTotal, days: ctx.dayCount },
      warnings,
      durationMs: Date.now() - started,
    };
    log.info('import finished', {
      records: report.totals.records,
      days: report.totals.days,
      corrupt: corrupt.length,
    });
    return report;
  } finally {
    await opened.close();
  }
}

/** A family with records read from zone-less data (legacy JSON, details, minute files). */
function isZoneless(f: ImportReport['families'][number]): boolean {
  return (
    f.records > 0 &&
    (f.family.startsWith('Global Export Data/') ||
      f.family.includes('Details') ||
      f.family.includes('Minute'))
  );
}

/** The opened files by family; the names never to open, and how many are ignored. */
function sortEntries(opened: OpenedInputs): {
  byFamily: Map<FamilyId, TakeoutEntry[]>;
  neverOpened: string[];
  ignored: number;
} {
  const byFamily = new Map<FamilyId, TakeoutEntry[]>();
  const neverOpened: string[] = [];
  let ignored = 0;
  for (const e of opened.entries) {
    const r = routeFile(e.path);
    if (r.kind === 'never-open') neverOpened.push(e.display);
    else if (r.kind === 'ignored') ignored++;
    else {
      let list = byFamily.get(r.family);
      if (!list) {
        list = [];
        byFamily.set(r.family, list);
      }
      list.push(e);
    }
  }
  for (const e of opened.notExtracted) {
    if (routeFile(e.path).kind === 'never-open') neverOpened.push(e.display);
    else ignored++;
  }
  return { byFamily, neverOpened, ignored };
}

interface ReadOptions {
  readonly started: number;
  readonly filesTotal: number;
  readonly bytesTotal: number;
  readonly onProgress: ((p: ImportReadProgress) => void) | undefined;
  readonly log: Logger;
}

/** Reads every family's files in the catalogue's order, reporting progress; returns the corrupt files. */
async function readFamilies(
  ctx: ImportContext,
  processors: ReturnType<typeof buildProcessors>,
  byFamily: ReadonlyMap<FamilyId, TakeoutEntry[]>,
  o: ReadOptions,
): Promise<FileProblem[]> {
  const corrupt: FileProblem[] = [];
  let bytesDone = 0;
  let filesDone = 0;
  let familiesDone = 0;
  const familiesTotal = FAMILIES.filter((f) => (byFamily.get(f)?.length ?? 0) > 0).length;
  const progress = (family: FamilyId, file: string): void => {
    const elapsedMs = Date.now() - o.started;
    o.onProgress?.({
      family,
      file,
      filesDone,
      filesTotal: o.filesTotal,
      bytesDone,
      bytesTotal: o.bytesTotal,
      records: ctx.records,
      familiesDone,
      familiesTotal,
      elapsedMs,
      etaMs: estimateEta(elapsedMs, bytesDone, o.bytesTotal),
    });
  };
  for (const family of FAMILIES) {
    const list = (byFamily.get(family) ?? []).sort((a, b) =>
      a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
    );
    const proc = processors[family];
    const stats = ctx.family(family);
    for (const entry of list) {
      ctx.throwIfAborted();
      stats.files++;
      const problem = await readOneFile(proc, entry, stats, o.log);
      if (problem !== undefined) corrupt.push(problem);
      bytesDone += entry.size;
      filesDone++;
      progress(family, entry.display);
    }
    if (family !== 'Paired Devices/Trackers') await proc.finish?.(stats);
    stats.timeRule = proc.timeRule();
    if (list.length > 0) {
      familiesDone++;
      progress(family, '');
    }
  }
  await processors['Paired Devices/Trackers'].finish?.(ctx.family('Paired Devices/Trackers'));
  return corrupt;
}

/** Reads one file; a corrupt one is skipped and named (sink errors and cancellation are thrown). */
async function readOneFile(
  proc: FamilyProcessor,
  entry: TakeoutEntry,
  stats: FamilyStats,
  log: Logger,
): Promise<FileProblem | undefined> {
  try {
    await proc.readFile(entry, stats);
    return undefined;
  } catch (err) {
    if (err instanceof SyncBitError) throw err;
    const line = err instanceof FileReadError ? err.line : undefined;
    const message = err instanceof Error ? err.message : String(err);
    stats.skip(`unreadable file (rest of the file skipped): ${message}`, entry.display, line);
    log.warn('corrupt file skipped', { file: entry.display, line, message });
    return line === undefined ? { file: entry.display, message } : { file: entry.display, line, message };
  }
}
