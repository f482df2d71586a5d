/**
 * Demo data: generates synthetic Takeout data (with a DST change and a trip to New York) in a
 * temporary folder and imports it through the real pipeline, so a newcomer sees SyncBit work
 * without a Google account (`syncbit demo`, the app's "Explore with demo data"). Re-running it
 * gives the same archive (seeded, Takeout merge mode).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from '../app/session.js';
import { addDays } from '../model/civil-day.js';
import type { CivilDay } from '../model/record.js';
import type { ImportProgress } from '../sources/takeout/import-takeout.js';
import type { ImportReport } from '../sources/takeout/report.js';
import { runTakeoutImport } from '../sync/takeout-import.js';
import { generateSyntheticTakeout, type ZoneChange } from './synthetic-takeout.js';
import type { TakeoutFormat } from './takeout-writer.js';

export interface DemoOptions {
  /** Days of data (default 120). */
  readonly days?: number;
  readonly seed?: number;
  /** First day (default: the range ends yesterday, so the dashboard's "today" tiles have data). */
  readonly startDay?: CivilDay;
  /** Export shape to generate (default zip, like a real Takeout download). */
  readonly format?: TakeoutFormat;
  /** Heart-rate cadence in seconds (default 5, like a real tracker). */
  readonly heartRateSeconds?: number;
  readonly onProgress?: (p: ImportProgress) => void;
  readonly signal?: AbortSignal;
}

export interface DemoResult {
  readonly report: ImportReport;
  readonly generated: { readonly files: number; readonly bytes: number; readonly days: number };
  readonly daysWritten: number;
}

/** Home in London with a week in New York a little past the middle of the range. */
export function demoZones(startDay: CivilDay, days: number): ZoneChange[] {
  const out = addDays(startDay, Math.floor(days * 0.6));
  const back = addDays(out, 7);
  return [
    { from: '', zone: 'Europe/London' },
    { from: `${out}T13:00:00Z`, zone: 'America/New_York' },
    { from: `${back}T12:00:00Z`, zone: 'Europe/London' },
  ];
}

/** Generates a synthetic export, imports it into the core's archive, and removes the export. */
export async function runDemo(core: Session, opts: DemoOptions = {}): Promise<DemoResult> {
  const days = opts.days ?? 120;
  const startDay = opts.startDay ?? addDays(new Date().toISOString().slice(0, 10), -days);
  const tmp = await mkdtemp(join(tmpdir(), 'syncbit-demo-'));
  try {
    core.log.info('generating synthetic Takeout export', { days, startDay });
    const gen = await generateSyntheticTakeout({
      seed: opts.seed ?? 2026,
      startDay,
      days,
      zones: demoZones(startDay, days),
      outDir: join(tmp, 'export'),
      format: opts.format ?? 'zip',
      legacyJsonDays: 14,
      ...(opts.heartRateSeconds === undefined ? {} : { heartRateSeconds: opts.heartRateSeconds }),
    });
    const result = await runTakeoutImport(core, gen.inputs, {
      drain: false,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    return {
      report: result.report,
      generated: { files: gen.files, bytes: gen.bytes, days },
      daysWritten: result.daysChanged,
    };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
