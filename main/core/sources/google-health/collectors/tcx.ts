/**
 * Minimal TCX (Garmin Training Center XML) trackpoint reader for `exportExerciseTcx`: the file is
 * machine-written and flat, so a tolerant tag scan is enough and avoids an XML dependency.
 */

export interface TrackPoint {
  readonly ms: number;
  readonly lat?: number;
  readonly lon?: number;
  readonly altitude?: number;
  readonly distance?: number;
  readonly heartRate?: number;
}

const TRACKPOINT_RE = /<(?:[\w-]+:)?Trackpoint\b[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?Trackpoint>/g;

function tag(block: string, name: string): string | undefined {
  const m = new RegExp(`<(?:[\\w-]+:)?${name}\\b[^>]*>([\\s\\S]*?)</(?:[\\w-]+:)?${name}>`).exec(block);
  return m?.[1]?.trim();
}

function numberOf(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Trackpoints of a TCX document, in file order; points without a valid time are skipped. */
export function parseTcxTrackpoints(xml: string): TrackPoint[] {
  const out: TrackPoint[] = [];
  for (const m of xml.matchAll(TRACKPOINT_RE)) {
    const block = m[1] ?? '';
    const time = tag(block, 'Time');
    const ms = time === undefined ? Number.NaN : Date.parse(time);
    if (Number.isNaN(ms)) continue;
    const hr = tag(block, 'HeartRateBpm');
    const point: TrackPoint = {
      ms,
      ...optional('lat', numberOf(tag(block, 'LatitudeDegrees'))),
      ...optional('lon', numberOf(tag(block, 'LongitudeDegrees'))),
      ...optional('altitude', numberOf(tag(block, 'AltitudeMeters'))),
      ...optional('distance', numberOf(tag(block, 'DistanceMeters'))),
      ...optional('heartRate', numberOf(hr === undefined ? undefined : (tag(hr, 'Value') ?? hr))),
    };
    out.push(point);
  }
  return out;
}

function optional<K extends string>(key: K, v: number | undefined): Partial<Record<K, number>> {
  return v === undefined ? {} : ({ [key]: v } as Partial<Record<K, number>>);
}
