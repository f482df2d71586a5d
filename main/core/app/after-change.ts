/**
 * The last step of the data path: after a sync or an import changed days in the archive, queue
 * them in every enabled destination's outbox and drain what is due. A destination that is down
 * never fails the sync or import: its outbox keeps the days and retries with backoff.
 */
import type { CivilDay } from '../model/record.js';
import { toSyncBitError } from '../errors.js';
import { exportConfigFromSettings } from '../export/export-config.js';
import {
  createExporters,
  drainAll,
  enabledDestinations,
  enqueueForEnabledDestinations,
} from '../export/exporters.js';
import type { DrainSummary } from '../export/outbox.js';
import type { Session } from './session.js';

export interface AfterChangeResult {
  readonly queued: Readonly<Record<string, number>>;
  readonly drained: readonly DrainSummary[];
  readonly error?: { readonly code: string; readonly message: string };
}

/** Queues `days` (current archive content) for every enabled destination and, unless told not to, drains. */
export async function exportChangedDays(
  core: Session,
  days: Iterable<CivilDay>,
  options: { drain?: boolean; signal?: AbortSignal } = {},
): Promise<AfterChangeResult> {
  try {
    const config = await exportConfigFromSettings(core.loaded.settings, core.secret);
    const destinations = enabledDestinations(config);
    if (destinations.length === 0) return { queued: {}, drained: [] };
    const hashes = [...new Set(days)].sort().flatMap((day) => {
      const hash = core.archive.dayContentHash(day);
      return hash === undefined ? [] : [{ day, hash }];
    });
    const queued = await enqueueForEnabledDestinations(core.dataDir, destinations, hashes);
    if (options.drain === false) return { queued, drained: [] };
    const now = (): number => core.clock.now();
    const exporters = createExporters(core.dataDir, config, { log: core.log.child('export'), now });
    try {
      const drained = await drainAll(core.dataDir, exporters, core.archive, {
        log: core.log.child('outbox'),
        now,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return { queued, drained };
    } finally {
      for (const e of exporters) await e.close();
    }
  } catch (err) {
    const e = toSyncBitError(err);
    core.log.warn('export after change did not complete; the outbox keeps the days', {
      errorCode: e.code,
      error: e.message,
    });
    return { queued: {}, drained: [], error: { code: e.code, message: e.message } };
  }
}
