/**
 * `syncbit import <path…> [--timezone <IANA>] [--json]`: imports a Google Takeout export (zip,
 * multi-part zip, tgz or extracted folder) into the archive (main/core/app/import-takeout.ts) and
 * prints a report per data family.
 */
import { SyncBitError } from '../core/errors.js';
import { importTakeoutExport } from '../core/app/import-takeout.js';
import { formatImportReport } from '../core/app/presentation.js';
import { openSession } from '../core/app/session.js';
import { parseCommandArgs } from './args.js';
import type { CliCommand } from './context.js';

const USAGE = 'import <path…> [--timezone <IANA>] [--json]';

export const run: CliCommand = async (args, ctx) => {
  const { values, positionals } = parseCommandArgs(
    args,
    { timezone: { type: 'string' }, json: { type: 'boolean' } },
    USAGE,
  );
  if (positionals.length === 0)
    throw new SyncBitError(
      'invalid-input',
      `Name the Takeout export to import (a .zip, its parts, a .tgz, or a folder).\nUsage: syncbit ${USAGE}`,
    );
  const session = await openSession({ env: ctx.env, log: ctx.log });
  let lastPct = -1;
  const result = await importTakeoutExport(session, positionals, {
    ...(values.timezone === undefined ? {} : { timezone: values.timezone }),
    signal: ctx.shutdown,
    onProgress: (p) => {
      const pct = p.bytesTotal > 0 ? Math.floor((100 * p.bytesDone) / p.bytesTotal / 10) * 10 : 0;
      if (values.json !== true && pct !== lastPct) {
        lastPct = pct;
        ctx.io.err(
          `  reading… ${pct}% (${p.filesDone}/${p.filesTotal} files, ${p.records.toLocaleString('en')} records)`,
        );
      }
    },
  });
  if (values.json === true) {
    ctx.io.out(
      JSON.stringify({ ...result.report, daysChanged: result.daysChanged, export: result.export }, null, 2),
    );
  } else {
    for (const line of formatImportReport(result.report)) ctx.io.out(line);
    ctx.io.out('');
    ctx.io.out(
      `Archive: ${result.daysChanged} of ${result.daysTouched} days changed (${session.archive.dir}).`,
    );
    for (const [dest, n] of Object.entries(result.export.queued))
      ctx.io.out(`Export ${dest}: ${n} day(s) queued.`);
    if (result.export.error)
      ctx.io.out(`Export: ${result.export.error.message} — the days stay queued and will be retried.`);
  }
  if (ctx.shutdown.aborted) return 130;
  return result.report.corruptFiles.length > 0 ? 1 : 0;
};
