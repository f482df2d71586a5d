/**
 * `syncbit export [--destination victoria|s3] [--all] [--retry-failed] [--json]`: drains the
 * export outbox now (ignoring the backoff timer) and prints what happened. Exit code 1 when a
 * destination failed or holds set-aside days, so scripts and cron notice.
 */
import { SyncBitError } from '../core/errors.js';
import { openCoreContext } from '../core/core-context.js';
import { exportConfigFromSettings } from '../core/export/export-config.js';
import { createExporters, drainAll, enabledDestinations, outboxStatuses } from '../core/export/exporters.js';
import { Outbox } from '../core/export/outbox.js';
import { isDestinationName, type DestinationName } from '../core/export/types.js';
import { parseCommandArgs } from './args.js';
import type { CliCommand } from './context.js';

const USAGE = 'export [--destination victoria|s3] [--all] [--retry-failed] [--json]';

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
  const core = await openCoreContext({ env: ctx.env, log: ctx.log });
  const { dataDir, archive } = core;
  const config = await exportConfigFromSettings(core.loaded.settings, core.secret);
  const enabled = enabledDestinations(config);
  let chosen: DestinationName[] = enabled;
  if (values.destination !== undefined) {
    if (!isDestinationName(values.destination))
      throw new SyncBitError(
        'invalid-input',
        `Unknown destination "${values.destination}".\nUsage: syncbit ${USAGE}`,
      );
    if (!enabled.includes(values.destination))
      throw new SyncBitError(
        'invalid-settings',
        values.destination === 'victoria'
          ? 'Victoria Metrics export is not configured: set VICTORIA_ENDPOINT (and VICTORIA_USER/VICTORIA_PASSWORD or VICTORIA_TOKEN).'
          : 'S3 export is not configured: set S3_BUCKET (and S3_REGION, S3_ENDPOINT, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY as needed).',
      );
    chosen = [values.destination];
  }
  if (chosen.length === 0) {
    ctx.io.out(
      'No export destination is configured (set VICTORIA_ENDPOINT and/or S3_BUCKET). Nothing to do.',
    );
    return 0;
  }

  if (values.all === true) {
    const days = archive.days().flatMap((day) => {
      const hash = archive.dayContentHash(day);
      return hash === undefined ? [] : [{ day, hash }];
    });
    for (const d of chosen) {
      const added = await (await Outbox.open(dataDir, d)).enqueue(days);
      ctx.io.out(`${d}: queued ${added} of ${days.length} archive day(s)`);
    }
  }
  if (values['retry-failed'] === true)
    for (const d of chosen)
      ctx.io.out(
        `${d}: ${await (await Outbox.open(dataDir, d)).retryFailed()} set-aside day(s) queued again`,
      );

  const exporters = createExporters(
    dataDir,
    {
      victoria: chosen.includes('victoria') ? config.victoria : undefined,
      s3: chosen.includes('s3') ? config.s3 : undefined,
    },
    { log: ctx.log },
  );
  try {
    const summaries = await drainAll(dataDir, exporters, archive, {
      signal: ctx.shutdown,
      force: true,
      log: ctx.log,
    });
    const statuses = await outboxStatuses(dataDir, chosen);
    if (values.json === true) {
      ctx.io.out(JSON.stringify({ summaries, statuses }, null, 2));
    } else {
      for (const s of summaries) {
        const st = statuses.find((x) => x.destination === s.destination);
        const head =
          s.state === 'busy'
            ? 'another export is running'
            : s.state === 'idle'
              ? 'nothing to export'
              : `${s.sent} day(s) exported (${s.written} written, ${s.alreadyThere} already there), ${s.held} held, ${s.rejected} rejected`;
        ctx.io.out(`${s.destination}: ${head}; ${s.pending} pending, ${st?.failed ?? 0} set aside`);
        if (s.error) ctx.io.out(`  error: ${s.error.message} [${s.error.code}]`);
        for (const f of st?.failedDays ?? []) ctx.io.out(`  set aside ${f.day}: ${f.message}`);
        for (const w of st?.warnings ?? []) ctx.io.out(`  warning: ${w}`);
      }
    }
    const failed =
      summaries.some((s) => s.error !== undefined || s.rejected > 0) || statuses.some((s) => s.failed > 0);
    return failed ? 1 : 0;
  } finally {
    for (const e of exporters) await e.close();
  }
};
