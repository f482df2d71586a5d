/**
 * A deterministic synthetic Google Takeout export of Fitbit data: the same generator feeds the
 * demo, the tests and the import benchmark, so nobody needs a Google account (or real health data)
 * to see SyncBit work. It reproduces the traps of real exports: UTC CSVs next to zone-less JSON
 * twins, a DST change and a trip across zones, steps reported by two sources, SpO2 50.0
 * sentinels, null resting-HR rows, placeholder future days, `no data` and header-only files, and
 * decoy files the importer must never open. It also has the shapes of real exports
 * (google-health-api.md §6.7): numbered legacy exercise pages (`exercise-0.json`, 100 logs each),
 * HealthKit / Health Connect mirror rows (heart rate and steps), duplicate families
 * (`resting_heart_rate`/`daily_resting_heart_rate`, `vo2_max`/`daily_vo2_max`), a dated
 * `body_fat_…csv` with microsecond timestamps, literal `NaN`, the 5-column daily SpO2 and the
 * readiness headers, and 1 Hz `gps_location` tracks for runs.
 *
 * This module owns the options, the truth and the order the families are written in (the PRNG is
 * drawn in that order, so the export is byte-identical for a seed); each family group is a module
 * under ./families/.
 */
import { addDays } from '../model/civil-day.js';
import type { CivilDay } from '../model/record.js';
import { writeAccountFiles } from './families/account.js';
import { writeWeighIns } from './families/body.js';
import { writeDailyFamilies } from './families/daily.js';
import { writeExerciseFiles } from './families/exercise.js';
import { FileSet } from './families/file-set.js';
import { TRACKER } from './families/format.js';
import { simulateIntraday, type StepsBySource } from './families/intraday.js';
import { planExercises, planSleeps } from './families/sessions.js';
import { writeSleepFiles } from './families/sleep.js';
import { buildTimeline, type Generation } from './families/timeline.js';
import { Prng } from './prng.js';
import { createTakeoutWriter, type TakeoutFormat } from './takeout-writer.js';

export interface ZoneChange {
  /** When this zone starts: an ISO instant (`2025-06-10T14:00:00Z`). Ignored for the first entry. */
  readonly from: string;
  readonly zone: string;
}

export interface SyntheticTakeoutOptions {
  readonly seed: number;
  readonly startDay: CivilDay;
  readonly days: number;
  /** Zone timeline; the first entry applies from the start. */
  readonly zones: readonly ZoneChange[];
  readonly outDir: string;
  readonly layout?: 'Fitbit' | 'Google Health';
  readonly format?: TakeoutFormat;
  /** Split a zip export into parts of about this many bytes. */
  readonly zipPartBytes?: number;
  /** Heart-rate cadence in seconds (5 like a real tracker; tests use coarser). */
  readonly heartRateSeconds?: number;
  /** The first N days exist only as legacy JSON (no CSV twin, no UserSleeps). */
  readonly legacyJsonDays?: number;
  /** Zone written in `Your Profile/Profile.csv`; default the first zone; null writes no profile. */
  readonly profileZone?: string | null;
  /** Write the decoy files (UserActivityProbabilities*, UserSensorCompressionToken*). Default true. */
  readonly decoys?: boolean;
}

export interface SyntheticSleep {
  readonly id: string;
  readonly start: number;
  readonly end: number;
  readonly endDay: CivilDay;
  readonly isMain: boolean;
  readonly classic: boolean;
}

/** What the generator wrote, so tests can compare the import against it. */
export interface SyntheticTruth {
  readonly days: readonly CivilDay[];
  /** Expected daily steps per civil day (one source per day: the tracker when it has rows). */
  readonly steps: ReadonlyMap<CivilDay, number>;
  /** Heart-rate samples written (CSV and JSON-only days; never twice). */
  readonly heartRateSamples: number;
  readonly sleeps: readonly SyntheticSleep[];
  readonly restingHr: ReadonlyMap<CivilDay, number>;
  /** Minute SpO2 rows with the 50.0 sentinel. */
  readonly spo2Sentinels: number;
  /** UTC date whose heart_rate CSV is `no data` (tracker not worn), if any. */
  readonly notWornUtcDay: CivilDay | undefined;
  /** Days on which a phone also reported steps (must not be summed). */
  readonly phoneDays: readonly CivilDay[];
  /** Instant before which only legacy JSON exists. */
  readonly legacyEnd: number;
  readonly tracker: string;
  /** GPS points written for exercises (each becomes one `GPS` record). */
  readonly gpsPoints: number;
  /** Heart-rate rows written again under a mirror source (HealthKit): must not be imported. */
  readonly mirrorHeartRateRows: number;
}

export interface SyntheticTakeout {
  /** What to pass to the importer (the folder, the zip part files, or the .tgz). */
  readonly inputs: string[];
  readonly truth: SyntheticTruth;
  readonly files: number;
  readonly bytes: number;
}

/** Expected daily steps: one source per day, the tracker when it has rows. */
function stepsTruth(bySource: ReadonlyMap<CivilDay, StepsBySource>): Map<CivilDay, number> {
  const truth = new Map<CivilDay, number>();
  for (const [d, s] of bySource) {
    const v = s.trackerRows > 0 ? s.tracker : s.phone;
    if (v > 0) truth.set(d, v);
  }
  return truth;
}

/** Generates a synthetic Takeout export. Deterministic for a given seed and options. */
export async function generateSyntheticTakeout(o: SyntheticTakeoutOptions): Promise<SyntheticTakeout> {
  const rng = new Prng(o.seed);
  const tl = buildTimeline(o);
  const sleeps = planSleeps(rng, tl, o.startDay);
  const exercises = planExercises(rng, tl);
  const { days } = tl;
  const notWornUtcDay = o.days >= 10 ? addDays(o.startDay, Math.floor(o.days * 0.6)) : undefined;
  const writer = await createTakeoutWriter(o.outDir, o.format ?? 'folder', o.zipPartBytes);
  const fs = new FileSet(`Takeout/${o.layout ?? 'Fitbit'}/`, (p, data) => writer.add(p, data));
  const g: Generation = {
    o,
    rng,
    tl,
    fs,
    hrSec: Math.max(1, Math.round(o.heartRateSeconds ?? 5)),
    notWornUtcDay,
    phoneDaySet: new Set(days.filter((_d, i) => i % 7 === 3)),
    mirrorDaySet: new Set(days.filter((_d, i) => i % 5 === 2)),
    legacyDaySet: new Set(days.slice(0, tl.legacyDays)),
  };

  const intraday = await simulateIntraday(g, sleeps, exercises);
  const restingHr = await writeDailyFamilies(g, intraday.dayAgg);
  await writeWeighIns(g);
  const spo2Sentinels = await writeSleepFiles(g, sleeps);
  const gpsPoints = await writeExerciseFiles(g, exercises);
  await writeAccountFiles(g);
  await fs.flush(undefined);
  const inputs = await writer.close();
  return {
    inputs,
    files: fs.files,
    bytes: fs.bytes,
    truth: {
      days,
      steps: stepsTruth(intraday.stepsBySourceDay),
      heartRateSamples: intraday.hrSamples,
      sleeps: sleeps.map(({ stages: _s, ...rest }) => rest),
      restingHr,
      spo2Sentinels,
      notWornUtcDay,
      phoneDays: [...g.phoneDaySet].filter((d) => !g.legacyDaySet.has(d)),
      legacyEnd: tl.legacyEnd,
      tracker: TRACKER,
      gpsPoints,
      mirrorHeartRateRows: intraday.mirrorHrRows,
    },
  };
}
