/**
 * One data source per day. Takeout reports steps (and distance, calories, …) once per source
 * (tracker, phone, Health Connect round-trips); summing them double counts, so each day uses the
 * best single source: a paired tracker, then another device, then a phone, then Health Connect.
 */

/**
 * True for a round-trip copy of data the tracker already gave: rows written back by Health Connect
 * or HealthKit (`… Health Connect`, `Apple Health Health Kit`, `Phone Health Kit`, `… Health Kit`).
 * They are dropped in every family unless a day has nothing else.
 */
export function isMirrorSource(source: string): boolean {
  return /(health connect|health ?kit)\s*$/i.test(source);
}

/** Why a mirror row was not used (one skip reason for every family). */
export const MIRROR_SKIP = 'mirror copy (Health Connect / HealthKit round-trip) of data another source gave';

/** Higher is preferred. */
export function sourceRank(source: string, trackers: ReadonlySet<string>): number {
  const s = source.trim();
  if (isMirrorSource(s)) return 0;
  if (trackers.has(s)) return 4;
  if (/\b(phone|iphone|android|mobile|ios)\b/i.test(s) || /^pixel \d/i.test(s) || /^galaxy s/i.test(s))
    return 1;
  if (s === '' || /^unknown$/i.test(s)) return 2;
  return 3;
}

/** Picks the source for one day from `source → rows` (ties: more rows, then name). */
export function pickSource(
  rowsBySource: ReadonlyMap<string, number>,
  trackers: ReadonlySet<string>,
): string | undefined {
  let best: string | undefined;
  let bestRank = -1;
  let bestRows = -1;
  for (const [src, rows] of rowsBySource) {
    const r = sourceRank(src, trackers);
    if (
      r > bestRank ||
      (r === bestRank && (rows > bestRows || (rows === bestRows && best !== undefined && src < best)))
    ) {
      best = src;
      bestRank = r;
      bestRows = rows;
    }
  }
  return best;
}
