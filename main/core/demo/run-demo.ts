/**
 * `syncbit demo`: generates a few months of synthetic Takeout data (with a DST change and a trip
 * to New York) in a temporary folder and imports it into `dataDir`, so a newcomer sees SyncBit
 * work without a Google account. Re-running it gives the same archive (seeded, Takeout merge mode).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '../model/civil-day.js';
import type { CivilDay } from '../model/record.js';
import type { Logger } from '../ports.js';
import { silentLogger } from '../log.js';
import { importTakeout, type ImportProgress } from '../sources/takeout/import-takeout.js';
import type { ImportReport } from '../sources/takeout/report.js';
import { Archive } from '../store/archive.js';
import { DayStaging } from '../store/staging.js';
import { generateSyntheticTakeout, type ZoneChange } from './synthetic-takeout.js';

export interface DemoOptions {
  /** Days of data (default 120). */
  readonly days?: number;
  readonly seed?: number;
  /** First day (default 2025-01-06, so the default range holds the March DST change and a June trip). */
  readonly startDay?: CivilDay;
  /** Heart-rate cadence in seconds (default 5, like a real tracker). */
  readonly heartRateSeconds?: number;
  readonly log?: Logger;
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

/** Generates a synthetic export, imports it into the archive under `dataDir`, and removes the export. */
export async function runDemo(dataDir: string, opts: DemoOptions = {}): Promise<DemoResult> {
  const days = opts.days ?? 120;
  const startDay = opts.startDay ?? '2025-01-06';
  const log = opts.log ?? silentLogger;
  const tmp = await mkdtemp(join(tmpdir(), 'syncbit-demo-'));
  try {
    log.info('generating synthetic Takeout export', { days, startDay });
    const gen = await generateSyntheticTakeout({
      seed: opts.seed ?? 2026,
      startDay,
      days,
      zones: demoZones(startDay, days),
      outDir: join(tmp, 'export'),
      format: 'zip',
      legacyJsonDays: 14,
      ...(opts.heartRateSeconds === undefined ? {} : { heartRateSeconds: opts.heartRateSeconds }),
    });
    const staging = await DayStaging.create(dataDir);
    const report = await importTakeout(gen.inputs, staging, {
      log,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const archive = await Archive.open(dataDir, { log });
    const results = await staging.finish(archive, {
      mode: 'merge',
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    return {
      report,
      generated: { files: gen.files, bytes: gen.bytes, days },
      daysWritten: results.filter((r) => r.changed).length,
    };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
