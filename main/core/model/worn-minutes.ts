/**
 * Zero-step minutes. The old tools wrote every minute of the day, zeros included, and their users'
 * queries count them (sedentary time, the inactivity alert). The Google Health API and Takeout give
 * no point while the tracker is off the wrist, so a zero cannot simply be written for every minute
 * without steps: that would claim "sat still" for the hours the watch was on the charger. The rule
 * (formats.md §1): a minute with at least one heart-rate sample of a device was worn; a worn minute
 * without a `Steps_Intraday` record of that device gets `value: 0` at the minute's start; a minute
 * without heart rate gets nothing.
 *
 * It runs on a day's canonical JSON lines (the archive's write funnel calls it after every merge),
 * so the API path, the Takeout path and the demo all get the same zeros. Deterministic and
 * idempotent: a second run adds nothing, since every worn minute then holds a steps record. A real
 * steps point arriving later for that minute carries the same record key (minute start, same
 * device), so the archive's merge replaces the derived zero. A day that holds no per-minute steps
 * at all (not fetched or imported for it, or only a daily total) gets no zeros: absence of steps
 * data is not zero steps.
 */

const HEART = '{"measurement":"HeartRate_Intraday","time":"';
const STEPS = '{"measurement":"Steps_Intraday","time":"';
const TAGS = '"tags":';
const FIELDS = ',"fields":{';

/** `YYYY-MM-DDTHH:MM` of a record time (UTC ISO-8601 as records carry it), or undefined. */
function minuteOf(time: string): string | undefined {
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?Z$/.test(time)) return time.slice(0, 16);
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().slice(0, 16);
}

/** The time and the raw tags JSON of a canonical line that starts with `prefix` (a measurement and `"time":"`). */
function timeAndTags(line: string, prefix: string): { time: string; tags: string } | undefined {
  const endTime = line.indexOf('"', prefix.length);
  if (endTime < 0) return undefined;
  const tagsAt = line.indexOf(TAGS, endTime);
  const fieldsAt = line.indexOf(FIELDS, tagsAt);
  if (tagsAt < 0 || fieldsAt < 0) return undefined;
  return { time: line.slice(prefix.length, endTime), tags: line.slice(tagsAt + TAGS.length, fieldsAt) };
}

/** The `Device` tag of a raw tags JSON object (`{}` when it names none), as a steps record's tags. */
function deviceTags(tagsJson: string, cache: Map<string, string>): string {
  let out = cache.get(tagsJson);
  if (out === undefined) {
    let device: unknown;
    try {
      device = (JSON.parse(tagsJson) as Record<string, unknown>).Device;
    } catch {
      device = undefined;
    }
    out = typeof device === 'string' ? JSON.stringify({ Device: device }) : '{}';
    cache.set(tagsJson, out);
  }
  return out;
}

/**
 * The canonical lines of the zero-step records `sortedLines` (one day, sorted canonical JSON) lacks,
 * sorted; empty when there is nothing to add. See the module doc for the rule.
 */
export function missingZeroStepLines(sortedLines: readonly string[]): string[] {
  const cache = new Map<string, string>();
  const worn = new Set<string>();
  const stepped = new Set<string>();
  let anySteps = false;
  for (const line of sortedLines) {
    if (line.startsWith(HEART)) {
      const p = timeAndTags(line, HEART);
      const minute = p && minuteOf(p.time);
      if (p && minute) worn.add(`${deviceTags(p.tags, cache)}\u0000${minute}`);
    } else if (line.startsWith(STEPS)) {
      anySteps = true;
      const p = timeAndTags(line, STEPS);
      const minute = p && minuteOf(p.time);
      if (p && minute) stepped.add(`${deviceTags(p.tags, cache)}\u0000${minute}`);
    }
  }
  if (!anySteps || worn.size === 0) return [];
  const out: string[] = [];
  for (const key of worn) {
    if (stepped.has(key)) continue;
    const sep = key.indexOf('\u0000');
    const tags = key.slice(0, sep);
    const minute = key.slice(sep + 1);
    out.push(`${STEPS}${minute}:00Z","tags":${tags},"fields":{"value":0}}`);
  }
  return out.sort();
}

/**
 * `sortedLines` with the zero-step minutes added (see module doc), still sorted. Returns the same
 * array when nothing is missing, so a caller can tell "unchanged" by identity.
 */
export function withZeroStepMinutes(sortedLines: readonly string[]): readonly string[] {
  const add = missingZeroStepLines(sortedLines);
  if (add.length === 0) return sortedLines;
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < sortedLines.length || j < add.length) {
    const a = sortedLines[i];
    const b = add[j];
    if (b === undefined || (a !== undefined && a <= b)) {
      out.push(a as string);
      i++;
    } else {
      out.push(b);
      j++;
    }
  }
  return out;
}
