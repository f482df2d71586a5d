/**
 * `syncbit export [--destination victoria|s3] [--all] [--retry-failed] [--json]`: drains the
 * export outbox now, ignoring the backoff timer (main/core/app/export-now.ts), and prints what
 * happened. Exit code 1 when a destination failed or holds set-aside days, so scripts and cron notice.
 */
import { SyncBitError } from '../core/errors.js';
import { exportNow, type ExportNowResult } from '../core/app/export-now.js';
import { isDestinationName } from '../core/app/presentation.js';
import { openSession } from '../core/app/session.js';
import { parseCommandArgs } from './args.js';
import type { CliCommand, CliIo } from './context.js';

const USAGE = 'export [--destination victoria|s3] [--all] [--retry-failed] [--json]';

function printResult(r: ExportNowResult, archiveDays: number, io: CliIo): void {
  for (const [d, n] of Object.entries(r.queued)) io.out(`${d}: queued ${n} of ${archiveDays} archive day(s)`);
  for (const [d, n] of Object.entries(r.retried)) io.out(`${d}: ${n} set-aside day(s) queued again`);
  for (const s of r.summaries) {
    const st = r.statuses.find((x) => x.destination === s.destination);
    const head =
      s.state === 'busy'
        ? 'another export is running'
        : s.state === 'idle'
          ? 'nothing to export'
          : `${s.sent} day(s) exported (${s.written} written, ${s.alreadyThere} already there), ${s.held} held, ${s.rejected} rejected`;
    io.out(`${s.destination}: ${head}; ${s.pending} pending, ${st?.failed ?? 0} set aside`);
    if (s.error) io.out(`  error: ${s.error.message} [${s.error.code}]`);
    for (const f of st?.failedDays ?? []) io.out(`  set aside ${f.day}: ${f.message}`);
    for (const w of st?.warnings ?? []) io.out(`  warning: ${w}`);
  }
}

export const run: CliCommand = async (args, ctx) => {
  const { values } = parseCommandArgs(
    args,
    {
      destination: { type: 'string' },
      all: { type: 'boolean' },
      'retry-failed': { type: 'boolean' },
      json: { type: 'boolean' },
    },
    USAGE,
  );
  const dest = values.destination;
  if (dest !== undefined && !isDestinationName(dest))
    throw new SyncBitError('invalid-input', `Unknown destination "${dest}".\nUsage: syncbit ${USAGE}`);
  const session = await openSession({ env: ctx.env, log: ctx.log });
  const result = await exportNow(session, {
    ...(dest === undefined ? {} : { destinations: [dest] }),
    queueArchive: values.all === true,
    retryFailed: values['retry-failed'] === true,
    signal: ctx.shutdown,
  });
  if (result.destinations.length === 0) {
    ctx.io.out(
      'No export destination is configured (set VICTORIA_ENDPOINT and/or S3_BUCKET). Nothing to do.',
    );
    return 0;
  }
  if (values.json === true)
    ctx.io.out(JSON.stringify({ summaries: result.summaries, statuses: result.statuses }, null, 2));
  else printResult(result, session.archive.days().length, ctx.io);
  const failed =
    result.summaries.some((s) => s.error !== undefined || s.rejected > 0) ||
    result.statuses.some((s) => s.failed > 0);
  return failed ? 1 : 0;
};
