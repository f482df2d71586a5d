/**
 * "Explore with demo data" / `syncbit demo`: generates synthetic Takeout data (with a DST change and
 * a trip to New York) in a temporary folder and imports it through the real pipeline, holding the
 * data folder like any import, so a newcomer sees SyncBit work without a Google account. Re-running
 * it gives the same archive (seeded, Takeout merge mode).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoZones } from '../demo/demo-zones.js';
import { generateSyntheticTakeout } from '../demo/synthetic-takeout.js';
import type { TakeoutFormat } from '../demo/takeout-writer.js';
import { addDays } from '../model/civil-day.js';
import type { CivilDay } from '../model/record.js';
import type { ImportReadProgress } from '../sources/takeout/import-takeout.js';
import type { ImportReport } from '../sources/takeout/report.js';
import { runTakeoutImport } from './import-takeout.js';
import type { Session } from './session.js';

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
  readonly onProgress?: (p: ImportReadProgress) => void;
  readonly signal?: AbortSignal;
}

export interface DemoResult {
  readonly report: ImportReport;
  readonly generated: { readonly files: number; readonly bytes: number; readonly days: number };
  readonly daysWritten: number;
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

/** Generates and imports the demo data into the session's archive. */
export function loadDemo(session: Session, options: DemoOptions = {}): Promise<DemoResult> {
  return session.exclusive(() => runDemo(session, options));
}
