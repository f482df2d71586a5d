/**
 * `syncbit demo [--days N] [--seed N]`: generates a realistic synthetic Google Takeout export (a
 * DST change and a trip across time zones included) and imports it through the real pipeline, so a
 * newcomer sees SyncBit work with no Google account. Data goes to `.demo-data/` unless
 * SYNCBIT_DATA_DIR (or DATA_DIR) names another folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openCoreContext } from '../core/core-context.js';
import { SyncBitError } from '../core/errors.js';
import { addDays } from '../core/model/civil-day.js';
import { demoZones } from '../core/demo/run-demo.js';
import { generateSyntheticTakeout } from '../core/demo/synthetic-takeout.js';
import { archiveStatus } from '../core/sync/archive-status.js';
import { runTakeoutImport } from '../core/sync/takeout-import.js';
import { parseCommandArgs } from './args.js';
import type { CliCommand } from './context.js';

const USAGE = 'demo [--days N] [--seed N]';

export const run: CliCommand = async (args, ctx) => {
  const { values } = parseCommandArgs(args, { days: { type: 'string' }, seed: { type: 'string' } }, USAGE);
  const days = Number(values.days ?? '120');
  const seed = Number(values.seed ?? '2026');
  if (!Number.isInteger(days) || days < 1 || days > 3660)
    throw new SyncBitError(
      'invalid-input',
      `--days must be a whole number from 1 to 3660.\nUsage: syncbit ${USAGE}`,
    );
  if (!Number.isInteger(seed))
    throw new SyncBitError('invalid-input', `--seed must be a whole number.\nUsage: syncbit ${USAGE}`);
  const env =
    ctx.env.SYNCBIT_DATA_DIR || ctx.env.DATA_DIR
      ? ctx.env
      : { ...ctx.env, SYNCBIT_DATA_DIR: resolve('.demo-data') };
  const core = await openCoreContext({ env, log: ctx.log });
  // End the synthetic history yesterday so the dashboard's "today" tiles have recent data.
  const startDay = addDays(new Date().toISOString().slice(0, 10), -days);
  const tmp = await mkdtemp(join(tmpdir(), 'syncbit-demo-'));
  try {
    ctx.io.out(`Generating ${days} days of synthetic Fitbit data (seed ${seed}) as a Google Takeout export…`);
    const gen = await generateSyntheticTakeout({
      seed,
      startDay,
      days,
      zones: demoZones(startDay, days),
      outDir: join(tmp, 'export'),
      format: 'zip',
      legacyJsonDays: 14,
    });
    ctx.io.out(`Importing ${gen.inputs.length} file(s) into ${core.dataDir}…`);
    const result = await runTakeoutImport(core, gen.inputs, { signal: ctx.shutdown, drain: false });
    const status = archiveStatus(core.dataDir, core.archive, core.coverage);
    ctx.io.out(
      `Done: ${result.report.totals.records.toLocaleString('en')} records on ${status.days} days (${status.firstDay ?? ''} → ${status.lastDay ?? ''}), ${result.daysChanged} day files written.`,
    );
    ctx.io.out('');
    ctx.io.out(`See it:  SYNCBIT_DATA_DIR=${core.dataDir} npm run --silent syncbit -- status`);
    ctx.io.out(`Or open the app and choose "Explore with demo data".`);
    return 0;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
};
