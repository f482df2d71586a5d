/** Shared helpers for collector tests: a collect context over an API, running a collector, a day's records. */
import type {
  Collector,
  CollectContext,
  DayBatch,
  ScopeGroup,
} from '../../../../../main/core/sources/google-health/collectors/types.js';
import type { DataRecord } from '../../../../../main/core/model/record.js';
import type { HealthApi } from '../../../../../main/core/sources/google-health/api-types.js';

export function ctxOf(api: HealthApi, zone = 'Europe/Berlin', scopes?: ScopeGroup[]): CollectContext {
  return {
    api,
    zone,
    now: Date.parse('2026-11-20T10:00:00Z'),
    ...(scopes ? { grantedScopes: new Set(scopes) } : {}),
  };
}

export async function collectAll(
  c: Collector,
  ctx: CollectContext,
  from: string,
  to: string,
): Promise<DayBatch[]> {
  const out: DayBatch[] = [];
  for await (const b of c.collect(ctx, from, to)) out.push(b);
  return out;
}

/** Records of a day across batches (replace + merges). */
export function recordsOn(batches: DayBatch[], day: string): DataRecord[] {
  return batches.filter((b) => b.day === day).flatMap((b) => b.records);
}

/** The records collector `c` yields for one `day` from `api` (default context). */
export async function collectDay(c: Collector, api: HealthApi, day: string): Promise<DataRecord[]> {
  return recordsOn(await collectAll(c, ctxOf(api), day, day), day);
}
