/**
 * The import report: what a person reads after `syncbit import` to trust (or question) the result.
 * Per source family: files, records, days, rows not used and why (with file:line examples), and
 * the time rule that placed the rows on civil days.
 */
import type { DataTypeId } from '../../model/data-types.js';
import type { CivilDay } from '../../model/record.js';

/** How many rows were skipped for one reason, with the first few `file:line` examples. */
export interface SkipSummary {
  readonly reason: string;
  readonly count: number;
  readonly examples: readonly string[];
}

export interface FamilyReport {
  /** Source family, e.g. `Physical Activity_GoogleData/heart_rate` or `Global Export Data/sleep`. */
  readonly family: string;
  readonly dataTypes: readonly DataTypeId[];
  readonly files: number;
  /** Files that were `no data`, header-only or had no usable rows. */
  readonly emptyFiles: number;
  readonly records: number;
  readonly days: number;
  readonly firstDay?: CivilDay;
  readonly lastDay?: CivilDay;
  /** Rows not used because a preferred twin (a CSV with UTC timestamps) covers the same day. */
  readonly superseded: number;
  readonly skipped: readonly SkipSummary[];
  /**
   * Days whose only data came from a mirror source (Health Connect / HealthKit round-trip): kept,
   * since there is nothing else, and listed (first few) so the person knows.
   */
  readonly mirrorOnlyDays: number;
  readonly mirrorOnlyExamples: readonly string[];
  /** How timestamps were placed on civil days for this family. */
  readonly timeRule: string;
}

export interface FileProblem {
  readonly file: string;
  readonly line?: number;
  readonly message: string;
}

export interface ImportReport {
  readonly inputs: readonly string[];
  /** Export roots seen: `Takeout/Fitbit`, `Takeout/Google Health` or `(extracted folder)`. */
  readonly roots: readonly string[];
  /** The zone applied to zone-less JSON and to UTC samples far from any offset observation. */
  readonly zone: { readonly zone: string; readonly source: 'timezone-option' | 'profile' | 'default-utc' };
  /** Offset observations learnt from UserSleeps/UserSleepStages/UserExercises. */
  readonly offsetObservations: number;
  /** How the civil-day boundary follows the offset observations (trips, DST), for every family. */
  readonly dayBoundaryRule: string;
  readonly families: readonly FamilyReport[];
  /** Files that could not be read to the end (named with the line where reading stopped). */
  readonly corruptFiles: readonly FileProblem[];
  /** Files deliberately never opened (UserActivityProbabilities*, UserSensorCompressionToken*). */
  readonly neverOpened: readonly string[];
  /** Files in the export that SyncBit does not use (personal data, scores, …). */
  readonly ignoredFiles: number;
  readonly totals: {
    readonly files: number;
    readonly records: number;
    readonly bytes: number;
    readonly days: number;
  };
  readonly warnings: readonly string[];
  readonly durationMs: number;
}

const MAX_EXAMPLES = 5;

/** Mutable counters for one family while importing. */
export class FamilyStats {
  files = 0;
  emptyFiles = 0;
  records = 0;
  superseded = 0;
  timeRule = '';
  readonly dataTypes = new Set<DataTypeId>();
  private readonly days = new Set<CivilDay>();
  private lastDay = '';
  private readonly skips = new Map<string, { count: number; examples: string[] }>();
  private mirrorOnly = 0;
  private readonly mirrorExamples: string[] = [];

  constructor(readonly family: string) {}

  /** Notes a day kept from a mirror source only (`source` names it). */
  mirrorOnlyDay(day: CivilDay, source: string): void {
    this.mirrorOnly++;
    if (this.mirrorExamples.length < MAX_EXAMPLES) this.mirrorExamples.push(`${day} (${source})`);
  }

  noteDay(day: CivilDay): void {
    if (day === this.lastDay) return;
    this.lastDay = day;
    this.days.add(day);
  }

  skip(reason: string, file: string, line?: number, count = 1): void {
    let s = this.skips.get(reason);
    if (!s) {
      s = { count: 0, examples: [] };
      this.skips.set(reason, s);
    }
    s.count += count;
    if (s.examples.length < MAX_EXAMPLES) s.examples.push(line === undefined ? file : `${file}:${line}`);
  }

  skippedCount(): number {
    let n = 0;
    for (const s of this.skips.values()) n += s.count;
    return n;
  }

  daySet(): ReadonlySet<CivilDay> {
    return this.days;
  }

  toReport(): FamilyReport {
    const sorted = [...this.days].sort();
    const base = {
      family: this.family,
      dataTypes: [...this.dataTypes].sort(),
      files: this.files,
      emptyFiles: this.emptyFiles,
      records: this.records,
      days: sorted.length,
      superseded: this.superseded,
      skipped: [...this.skips.entries()]
        .map(([reason, s]) => ({ reason, count: s.count, examples: s.examples }))
        .sort((a, b) => b.count - a.count),
      mirrorOnlyDays: this.mirrorOnly,
      mirrorOnlyExamples: [...this.mirrorExamples],
      timeRule: this.timeRule,
    };
    const first = sorted[0];
    const last = sorted[sorted.length - 1];
    return first !== undefined && last !== undefined ? { ...base, firstDay: first, lastDay: last } : base;
  }
}

/** Renders a report as the lines the CLI prints. */
export function formatImportReport(r: ImportReport): string[] {
  const lines: string[] = [];
  lines.push(
    `Imported ${r.totals.records} records over ${r.totals.days} days from ${r.totals.files} files (${(r.totals.bytes / 1e6).toFixed(1)} MB) in ${(r.durationMs / 1000).toFixed(1)} s.`,
  );
  lines.push(
    `Zone for zone-less data: ${r.zone.zone} (${r.zone.source}); offset observations: ${r.offsetObservations}.`,
  );
  lines.push(`Day boundary: ${r.dayBoundaryRule}`);
  for (const f of r.families) {
    const span = f.firstDay ? ` ${f.firstDay}..${f.lastDay ?? ''}` : '';
    const sup = f.superseded > 0 ? `, ${f.superseded} rows superseded by CSV twin` : '';
    lines.push(
      `  ${f.family}: ${f.files} files (${f.emptyFiles} empty), ${f.records} records, ${f.days} days${span}${sup}`,
    );
    for (const s of f.skipped)
      lines.push(`    skipped ${s.count} × ${s.reason} (e.g. ${s.examples.join(', ')})`);
    if (f.mirrorOnlyDays > 0)
      lines.push(
        `    kept ${f.mirrorOnlyDays} day(s) whose only data is a Health Connect / HealthKit mirror (e.g. ${f.mirrorOnlyExamples.join(', ')})`,
      );
  }
  for (const c of r.corruptFiles)
    lines.push(`  corrupt: ${c.file}${c.line === undefined ? '' : `:${c.line}`}: ${c.message}`);
  if (r.neverOpened.length > 0) lines.push(`  never opened (by design): ${r.neverOpened.length} files`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  return lines;
}
