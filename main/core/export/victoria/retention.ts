/**
 * Victoria Metrics drops samples outside `-retentionPeriod` (and beyond about now+2 days) while
 * still answering 204. SyncBit reads the server's flag from `/metrics` so that it can hold such
 * days back with a warning instead of losing them silently.
 */

const DAY_MS = 86_400_000;
/** VM counts a month as 31 days and a year as 365 days (lib/flagutil/duration.go). */
const UNIT_MS: Readonly<Record<string, number>> = {
  '': 31 * DAY_MS,
  h: 3_600_000,
  d: DAY_MS,
  w: 7 * DAY_MS,
  y: 365 * DAY_MS,
};

/** How far in the future VM accepts samples (its hard-coded limit is 2 days). */
export const FUTURE_LIMIT_MS = 2 * DAY_MS;

/** Parses a `-retentionPeriod` value (`1`, `100y`, `31d`, `2w`, `12h`; bare numbers are months). */
export function parseRetention(value: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([hdwy]?)$/.exec(value.trim());
  if (!m) return undefined;
  const unit = UNIT_MS[m[2] ?? ''];
  return unit === undefined ? undefined : Number(m[1]) * unit;
}

/** Finds `flag{name="retentionPeriod", value="…"}` in a `/metrics` page (or `-retentionPeriod="…"` in `/flags`). */
export function retentionFromMetricsText(text: string): { raw: string; ms: number } | undefined {
  const m =
    /flag\{name="retentionPeriod",\s*value="([^"]*)"/.exec(text) ?? /-retentionPeriod="([^"]*)"/.exec(text);
  const raw = m?.[1];
  if (raw === undefined) return undefined;
  const ms = parseRetention(raw);
  return ms === undefined ? undefined : { raw, ms };
}
