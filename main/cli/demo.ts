/**
 * `syncbit demo [--days N] [--seed N]`: generates a realistic synthetic Google Takeout export (a
 * DST change and a trip across time zones included) and imports it through the real pipeline, so a
 * newcomer sees SyncBit work with no Google account. Data goes to `.demo-data/` unless
 * SYNCBIT_DATA_DIR (or DATA_DIR) names another folder.
 */
import { resolve } from 'node:path';
import { SyncBitError } from '../core/errors.js';
import { loadDemo } from '../core/app/demo.js';
import { openSession } from '../core/app/session.js';
import { readStatus } from '../core/app/status.js';
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
  const core = await openSession({ env, log: ctx.log });
  ctx.io.out(`Generating ${days} days of synthetic Fitbit data (seed ${seed}) as a Google Takeout export…`);
  ctx.io.out(`Importing it into ${core.dataDir}…`);
  const result = await loadDemo(core, { days, seed, signal: ctx.shutdown });
  const status = (await readStatus(core)).archive;
  ctx.io.out(
    `Done: ${result.report.totals.records.toLocaleString('en')} records on ${status.days} days (${status.firstDay ?? ''} → ${status.lastDay ?? ''}), ${result.daysWritten} day files written.`,
  );
  ctx.io.out('');
  ctx.io.out(`See it:  SYNCBIT_DATA_DIR=${core.dataDir} npm run --silent syncbit -- status`);
  ctx.io.out(`Or open the app and choose "Explore with demo data".`);
  return 0;
};
