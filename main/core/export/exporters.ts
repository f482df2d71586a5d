/**
 * Wiring for the rest of the app: build the enabled exporters from plain options, fill every
 * enabled destination's outbox after a sync or import, and drain them all. Settings are mapped
 * onto `ExportConfig` by export-config.ts.
 */
import type { Logger } from '../ports.js';
import { silentLogger } from '../log.js';
import { archiveDaySource } from './day-source.js';
import { Outbox, type DayHash, type DrainSummary, type OutboxStatus } from './outbox.js';
import { S3Exporter, type S3Options } from './s3/s3-exporter.js';
import { listsDays, type ArchiveDays, type DaySource, type DestinationName, type Exporter } from './types.js';
import { VictoriaExporter, type VictoriaOptions } from './victoria/victoria-exporter.js';

/** Which destinations are on, with their options (absent = off). */
export interface ExportConfig {
  readonly victoria?: VictoriaOptions | undefined;
  readonly s3?: S3Options | undefined;
}

/** Names of the enabled destinations. */
export function enabledDestinations(config: ExportConfig): DestinationName[] {
  const out: DestinationName[] = [];
  if (config.victoria) out.push('victoria');
  if (config.s3) out.push('s3');
  return out;
}

/** One exporter per enabled destination. Call `close()` on each when done. */
export function createExporters(
  dataDir: string,
  config: ExportConfig,
  options: { log?: Logger; now?: () => number } = {},
): Exporter[] {
  const log = options.log ?? silentLogger;
  const out: Exporter[] = [];
  if (config.victoria)
    out.push(
      new VictoriaExporter(config.victoria, {
        journalDir: Outbox.journalDir(dataDir, 'victoria'),
        log: log.child('victoria'),
        now: options.now,
      }),
    );
  if (config.s3) out.push(new S3Exporter(config.s3));
  return out;
}

/**
 * After every sync or import: queue the changed days for each enabled destination. Cheap when
 * nothing changed (a day already wanted with the same hash is skipped), and never touches the
 * network, so a destination that is down cannot fail the sync.
 */
export async function enqueueForEnabledDestinations(
  dataDir: string,
  destinations: readonly DestinationName[],
  days: readonly DayHash[],
): Promise<Record<string, number>> {
  const added: Record<string, number> = {};
  for (const d of destinations) added[d] = await (await Outbox.open(dataDir, d)).enqueue(days);
  return added;
}

/**
 * Drains every exporter's outbox; one failing destination does not stop the others. When the
 * source is the archive, each outbox first queues the archived days it lacks (Outbox.reconcile).
 */
export async function drainAll(
  dataDir: string,
  exporters: readonly Exporter[],
  source: DaySource,
  options: { signal?: AbortSignal; force?: boolean; log?: Logger; now?: () => number } = {},
): Promise<DrainSummary[]> {
  const out: DrainSummary[] = [];
  // The archive's day files are read with the day scan (day-source.ts): the fast path of VM export.
  const reader = listsDays(source) ? archiveDaySource(dataDir, source) : source;
  for (const ex of exporters) {
    const box = await Outbox.open(dataDir, ex.destination, { log: options.log });
    if (listsDays(source)) {
      const queued = await box.reconcile(source);
      if (queued > 0)
        options.log?.info('export: queued archived days the destination does not have yet', {
          destination: ex.destination,
          days: queued,
        });
    }
    out.push(
      await box.drain(ex, { source: reader, signal: options.signal, force: options.force, now: options.now }),
    );
  }
  return out;
}

/**
 * Status of each named destination's outbox (for `syncbit status` and the tray). Given the
 * archive, each enabled outbox first queues the archived days it lacks, so a destination switched
 * on after the data arrived shows them as pending before its first export.
 */
export async function outboxStatuses(
  dataDir: string,
  destinations: readonly DestinationName[],
  archive?: ArchiveDays,
): Promise<OutboxStatus[]> {
  const out: OutboxStatus[] = [];
  for (const d of destinations) {
    const box = await Outbox.open(dataDir, d);
    if (archive !== undefined) await box.reconcile(archive);
    out.push(await box.status());
  }
  return out;
}
