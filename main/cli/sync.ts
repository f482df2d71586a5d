/**
 * `syncbit sync [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--types a,b] [--force] [--json]`: one sync
 * from the Google Health API into the archive (main/core/app/sync-once.ts). Prints progress on
 * stderr and a per-type summary; the exit code is non-zero when anything failed (1), or 130 when
 * interrupted.
 */
import { isCivilDay } from '../core/model/civil-day.js';
import { DATA_TYPE_IDS, isDataTypeId, type DataTypeId } from '../core/model/data-types.js';
import { SyncBitError } from '../core/errors.js';
import { openCliSyncSource } from '../core/app/google-sync.js';
import { formatSummary, type SyncEvent } from '../core/app/presentation.js';
import { syncOnce, type SyncSourceFactory } from '../core/app/sync-once.js';
import { parseCommandArgs } from './args.js';
import type { CliCommand, CliIo } from './context.js';

const USAGE = 'sync [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--types steps,sleep,…] [--force] [--json]';

function parseTypes(value: string | undefined): DataTypeId[] | undefined {
  if (value === undefined) return undefined;
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const bad = list.filter((s) => !isDataTypeId(s));
  if (bad.length > 0 || list.length === 0)
    throw new SyncBitError(
      'invalid-input',
      `Unknown data type${bad.length === 1 ? '' : 's'}: ${bad.join(', ') || '(none)'}. Known: ${DATA_TYPE_IDS.join(', ')}.`,
    );
  return list.filter(isDataTypeId);
}

function parseDay(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (isCivilDay(value)) return value;
  throw new SyncBitError(
    'invalid-input',
    `--${name} must be a date written YYYY-MM-DD, got ${JSON.stringify(value)}.`,
  );
}

/** Human progress lines (stderr): per type when it finishes, and quota waits. */
export function progressPrinter(io: CliIo): (e: SyncEvent) => void {
  return (e) => {
    if (e.kind === 'started')
      io.err(
        `Syncing ${e.types.reduce((n, t) => n + t.daysTotal, 0)} type-days (today ${e.today}, zone ${e.zone})…`,
      );
    else if (e.kind === 'rate-limit-wait') io.err(`  ${e.message}`);
    else if (e.kind === 'type-finished')
      io.err(
        `  ${e.summary.type}: ${e.summary.state}, ${e.summary.daysFetched + e.summary.daysEmpty}/${e.summary.daysPlanned} days${e.summary.error ? ` — ${e.summary.error.message}` : ''}`,
      );
  };
}

/** Builds the command around a sync source factory (tests pass a fake one). */
export function createSyncCommand(factory: SyncSourceFactory): CliCommand {
  return async (args, ctx) => {
    const { values } = parseCommandArgs(
      args,
      {
        from: { type: 'string' },
        to: { type: 'string' },
        types: { type: 'string' },
        force: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      USAGE,
    );
    const from = parseDay('from', values.from);
    const to = parseDay('to', values.to);
    if (from !== undefined && to !== undefined && to < from)
      throw new SyncBitError('invalid-input', `--to (${to}) is before --from (${from}).`);
    const types = parseTypes(values.types);
    const source = await factory({ env: ctx.env, log: ctx.log });
    try {
      const result = await syncOnce(source, {
        signal: ctx.shutdown,
        log: ctx.log.child('sync'),
        ...(types === undefined ? {} : { types }),
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
        ...(values.force === true ? { force: true } : {}),
        ...(values.json === true ? {} : { onEvent: progressPrinter(ctx.io) }),
      });
      if (values.json === true) ctx.io.out(JSON.stringify(result, null, 2));
      else for (const line of formatSummary(result)) ctx.io.out(line);
      if (result.ok) return 0;
      return result.state === 'cancelled' ? 130 : 1;
    } finally {
      await source.close?.();
    }
  };
}

export const run: CliCommand = createSyncCommand(openCliSyncSource);
