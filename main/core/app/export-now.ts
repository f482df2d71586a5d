/**
 * "Export now" and "test a destination": the one place that picks a destination's exporter from
 * the settings, drains outboxes on demand (ignoring the backoff timer) and checks a destination
 * without writing to it. `syncbit export`, `syncbit test-destination`, the app's Export and Test
 * buttons and the export pass after a settings change all come here.
 */
import { SyncBitError } from '../errors.js';
import { exportConfigFromSettings } from '../export/export-config.js';
import {
  createExporters,
  drainAll,
  enabledDestinations,
  outboxStatuses,
  type ExportConfig,
} from '../export/exporters.js';
import { Outbox, type DayHash, type DrainSummary, type OutboxStatus } from '../export/outbox.js';
import type { DestinationName, Exporter, TestResult } from '../export/types.js';
import type { Session } from './session.js';

const SETUP_HINT: Readonly<Record<DestinationName, string>> = {
  victoria:
    'Victoria Metrics export is not set up: fill in its settings first (in the app, or VICTORIA_ENDPOINT — the full import URL — and VICTORIA_USER/VICTORIA_PASSWORD or VICTORIA_TOKEN).',
  s3: 'S3 export is not set up: fill in its settings first (in the app, or S3_BUCKET and S3_REGION, S3_ENDPOINT, S3_FORCE_PATH_STYLE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY as needed).',
};

/** What to say when a destination is asked for but not configured. */
export function notSetUpMessage(destination: DestinationName): string {
  return SETUP_HINT[destination];
}

/** The export settings of the session and the destinations they enable. */
export async function exportSetup(
  session: Session,
): Promise<{ config: ExportConfig; enabled: DestinationName[] }> {
  const config = await exportConfigFromSettings(session.loaded.settings, session.secret);
  return { config, enabled: enabledDestinations(config) };
}

/** The exporters of the named destinations that are configured (close each when done). */
export function exportersFor(
  session: Session,
  config: ExportConfig,
  destinations: readonly DestinationName[],
): Exporter[] {
  return createExporters(
    session.dataDir,
    {
      victoria: destinations.includes('victoria') ? config.victoria : undefined,
      s3: destinations.includes('s3') ? config.s3 : undefined,
    },
    { log: session.log.child('export'), now: () => session.clock.now() },
  );
}

export interface ExportNowOptions {
  /** Default: every enabled destination. A named one that is not configured is an `invalid-settings` error. */
  readonly destinations?: readonly DestinationName[];
  /** Queue every archive day the destination does not have yet (`--all`, and the app's button). */
  readonly queueArchive?: boolean;
  /** Put set-aside days back in the queue first (`--retry-failed`). */
  readonly retryFailed?: boolean;
  readonly signal?: AbortSignal;
}

export interface ExportNowResult {
  readonly destinations: readonly DestinationName[];
  /** Per destination: archive days newly queued by `queueArchive`. */
  readonly queued: Readonly<Partial<Record<DestinationName, number>>>;
  /** Per destination: set-aside days put back by `retryFailed`. */
  readonly retried: Readonly<Partial<Record<DestinationName, number>>>;
  readonly summaries: readonly DrainSummary[];
  readonly statuses: readonly OutboxStatus[];
}

async function queueAndRetry(
  session: Session,
  chosen: readonly DestinationName[],
  o: ExportNowOptions,
): Promise<Pick<ExportNowResult, 'queued' | 'retried'>> {
  const queued: Partial<Record<DestinationName, number>> = {};
  const retried: Partial<Record<DestinationName, number>> = {};
  if (o.queueArchive === true) {
    const days = archiveDayHashes(session);
    for (const d of chosen) queued[d] = await (await Outbox.open(session.dataDir, d)).enqueue(days);
  }
  if (o.retryFailed === true)
    for (const d of chosen) retried[d] = await (await Outbox.open(session.dataDir, d)).retryFailed();
  return { queued, retried };
}

/** Every archive day with its content hash (what an outbox queues). */
export function archiveDayHashes(session: Session): DayHash[] {
  return session.archive.days().flatMap((day) => {
    const hash = session.archive.dayContentHash(day);
    return hash === undefined ? [] : [{ day, hash }];
  });
}

/** Drains the chosen destinations' outboxes now (see module doc). */
export async function exportNow(session: Session, o: ExportNowOptions = {}): Promise<ExportNowResult> {
  const { config, enabled } = await exportSetup(session);
  for (const d of o.destinations ?? [])
    if (!enabled.includes(d)) throw new SyncBitError('invalid-settings', notSetUpMessage(d));
  const chosen = o.destinations ?? enabled;
  if (chosen.length === 0) return { destinations: [], queued: {}, retried: {}, summaries: [], statuses: [] };
  return session.exclusive(async () => {
    const { queued, retried } = await queueAndRetry(session, chosen, o);
    const exporters = exportersFor(session, config, chosen);
    try {
      const summaries = await drainAll(session.dataDir, exporters, session.archive, {
        force: true,
        now: () => session.clock.now(),
        log: session.log.child('outbox'),
        ...(o.signal ? { signal: o.signal } : {}),
      });
      const statuses = await outboxStatuses(session.dataDir, chosen);
      return { destinations: chosen, queued, retried, summaries, statuses };
    } finally {
      for (const e of exporters) await e.close();
    }
  });
}

/** Checks that a destination is reachable and accepts the credentials; undefined when not configured. */
export async function testDestination(
  session: Session,
  destination: DestinationName,
  signal: AbortSignal = new AbortController().signal,
): Promise<TestResult | undefined> {
  const { config } = await exportSetup(session);
  const [exporter] = exportersFor(session, config, [destination]);
  if (exporter === undefined) return undefined;
  try {
    return await exporter.test(signal);
  } finally {
    await exporter.close();
  }
}
