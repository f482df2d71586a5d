/**
 * Fixture data for the renderer tests and screenshots: a data directory filled with sample history
 * (real archive + coverage), and a small synthetic Google Takeout export (main/core/demo's
 * generator) for the wizard's import step, which goes through the real importer.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticTakeout } from '../../main/core/demo/synthetic-takeout.js';
import { fillSampleArchive, type SampleOptions, type SampleResult } from './sample-archive.js';

/** A fresh temp data directory with sample history. */
export async function sampleDataDir(
  options: SampleOptions = {},
): Promise<{ dataDir: string; sample: SampleResult }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'syncbit-renderer-'));
  const sample = await fillSampleArchive(dataDir, options);
  return { dataDir, sample };
}

/**
 * Generates a small Takeout export (zip) and returns what to import (its folder is the caller's to
 * remove). `heartRateSeconds` makes it denser (5 s: about a megabyte a day).
 */
export async function smallTakeout(
  days = 10,
  heartRateSeconds = 60,
): Promise<{ dir: string; inputs: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'syncbit-takeout-'));
  const gen = await generateSyntheticTakeout({
    seed: 11,
    startDay: '2026-10-01',
    days,
    zones: [{ from: '', zone: 'Europe/London' }],
    outDir: join(dir, 'export'),
    format: 'zip',
    heartRateSeconds,
  });
  return { dir, inputs: gen.inputs };
}
