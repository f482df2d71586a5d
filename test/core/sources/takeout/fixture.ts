/** Hand-written Takeout fixtures: a few rows per file, so each test shows exactly what it feeds in. */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { importTakeout, type ImportOptions } from '../../../../main/core/sources/takeout/import-takeout.js';
import type { ImportReport } from '../../../../main/core/sources/takeout/report.js';
import { useTmpDirs } from '../../../helpers/tmp-dir.js';
import { MemorySink } from './memory-sink.js';

/** A fresh temp dir for one test. */
export function tempDir(prefix = 'syncbit-takeout-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Writes `files` (paths below the export root) under `<dir>/Takeout/<root>/` and returns `dir`. */
export async function writeExport(
  dir: string,
  files: Record<string, string>,
  root = 'Fitbit',
): Promise<string> {
  for (const [rel, content] of Object.entries(files)) {
    const full = join(dir, 'Takeout', root, ...rel.split('/'));
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, content);
  }
  return dir;
}

/** Writes `files` as an export under `dir` and imports it into a fresh MemorySink (most tests' setup). */
export async function importExport(
  dir: string,
  files: Record<string, string>,
  opts?: ImportOptions,
): Promise<{ sink: MemorySink; report: ImportReport }> {
  await writeExport(dir, files);
  const sink = new MemorySink();
  const report = await importTakeout([dir], sink, opts);
  return { sink, report };
}

/**
 * For a test file (call at its top level): a function that imports `files` as an export written
 * to a fresh temp dir, removed after the test.
 */
export function useFreshImport(): (
  files: Record<string, string>,
  opts?: ImportOptions,
) => Promise<{ dir: string; sink: MemorySink; report: ImportReport }> {
  const tempDir = useTmpDirs();
  return async (files, opts) => {
    const dir = await tempDir();
    return { dir, ...(await importExport(dir, files, opts)) };
  };
}

export const HR_HEADER = 'timestamp,beats per minute,data source\n';
export const STEPS_HEADER = 'timestamp,steps,data source\n';
export const TRACKERS =
  'tracker_id,tracker_name,device_type,last_sync_date_time,batt_level\n1,Charge 6,TRACKER,2025-06-20T08:00:00Z,80\n';
export const PROFILE_LONDON = 'id,timezone,weight_unit\nA,Europe/London,KILOGRAM\n';
export const SLEEPS_HEADER =
  'sleep_id,sleep_type,minutes_asleep,minutes_awake,start_utc_offset,sleep_start,end_utc_offset,sleep_end,data_source\n';
export const STAGES_HEADER =
  'sleep_id,sleep_stage_id,sleep_stage_type,start_utc_offset,sleep_stage_start,end_utc_offset,sleep_stage_end\n';
export const EXERCISES_HEADER =
  'exercise_id,exercise_start,exercise_end,utc_offset,activity_name,tracker_total_calories,tracker_total_steps,tracker_total_distance_mm,tracker_avg_heart_rate\n';

/** CSV lines `timestamp,value,source` from `[iso, value]` pairs. */
export function rows(header: string, data: [string, number | string][], source = 'Charge 6'): string {
  return header + data.map(([t, v]) => `${t},${v},${source}\n`).join('');
}
