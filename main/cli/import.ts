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

/** `1 h 05 min`, `4 min 10 s`, `12 s`: an ETA a person reads at a glance. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

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
  let printedAll = false;
  const result = await importTakeoutExport(session, positionals, {
    ...(values.timezone === undefined ? {} : { timezone: values.timezone }),
    signal: ctx.shutdown,
    onProgress: (p) => {
      const pct = p.bytesTotal > 0 ? Math.floor((100 * p.bytesDone) / p.bytesTotal / 10) * 10 : 0;
      const allRead = p.familiesDone === p.familiesTotal;
      if (values.json !== true && (pct !== lastPct || (allRead && !printedAll))) {
        lastPct = pct;
        printedAll = allRead;
        const eta = p.etaMs === undefined ? '' : `, about ${formatDuration(p.etaMs)} left`;
        ctx.io.err(
          `  reading… ${pct}% (${(p.bytesDone / 1e6).toFixed(0)}/${(p.bytesTotal / 1e6).toFixed(0)} MB, ${p.filesDone}/${p.filesTotal} files, ${p.familiesDone}/${p.familiesTotal} families, ${p.records.toLocaleString('en')} records${eta})`,
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
