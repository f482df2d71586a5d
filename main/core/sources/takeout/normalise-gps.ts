/**
 * `gps_location` CSVs (about 1 Hz, UTC timestamps): the GPS tracks of exercises → `GPS` records,
 * one per point at its instant, tagged `ActivityID` = `"<the exercise's start>-<activityName>"`
 * (the same start as its ActivityRecords record) with `lat`, `lon` and, where known, `altitude`
 * (m), `distance` (m, cumulative along the track) and `heart_rate` (bpm). Read last, so every
 * exercise (UserExercises and legacy JSON) is known. A point outside every exercise is skipped.
 */
import { M } from '../../model/data-types.js';
import { makeRecord, type DataRecord } from '../../model/record.js';
import { num, readCsvEntry, need, type FamilyProcessor } from './family-io.js';
import type { ExerciseSpan, ImportContext } from './import-context.js';
import type { FamilyStats } from './report.js';
import { isMirrorSource, MIRROR_SKIP } from './source-choice.js';
import { parseUtc } from './time.js';

/** Slack around an exercise's span: the GPS fix often starts a little before the timer. */
const SLACK_MS = 120_000;
const EARTH_M = 6_371_008.8;

/** Great-circle distance in metres. */
export function haversineM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const dLat = (lat2 - lat1) * r;
  const dLon = (lon2 - lon1) * r;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

interface Track {
  readonly ex: ExerciseSpan;
  real: number;
  lat: number;
  lon: number;
  dist: number;
  readonly mirror: { source: string; recs: DataRecord[] };
}

export function gpsLocationCsv(ctx: ImportContext): FamilyProcessor {
  let sorted: ExerciseSpan[] | undefined;
  const tracks = new Map<ExerciseSpan, Track>();
  const find = (t: number): ExerciseSpan | undefined => {
    sorted ??= [...ctx.exercises].sort((a, b) => a.start - b.start);
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid]?.start ?? Infinity) - SLACK_MS <= t) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0 && i >= lo - 3; i--) {
      const ex = sorted[i];
      if (ex && t <= ex.end + SLACK_MS) return ex;
    }
    return undefined;
  };
  /** Ends tracks of exercises that ended long before `t` (rows come in time order). */
  const closeBefore = async (stats: FamilyStats, t: number): Promise<void> => {
    for (const [ex, tr] of tracks) {
      if (ex.end + SLACK_MS >= t) continue;
      tracks.delete(ex);
      if (tr.mirror.recs.length === 0) continue;
      if (tr.real > 0) {
        stats.skip(MIRROR_SKIP, ex.activityId, undefined, tr.mirror.recs.length);
        continue;
      }
      stats.mirrorOnlyDay(ex.day, tr.mirror.source);
      for (const rec of tr.mirror.recs) {
        const p = ctx.add(stats, ex.day, 'exercise', rec);
        if (p) await p;
      }
    }
  };
  return {
    timeRule: () => 'UTC timestamps; each point goes to the day of the exercise whose span (±2 min) holds it',
    readFile: (entry, stats) =>
      readCsvEntry(ctx, entry, stats, ['exercise'], (h) => {
        const ti = need(h, 'timestamp', 'time');
        const lai = need(h, 'latitude', 'lat');
        const loi = need(h, 'longitude', 'lon', 'lng');
        const ali = h.col('altitude', 'altitude meters', 'altitude (m)', 'elevation');
        const dii = h.col('distance', 'distance meters', 'distance (m)');
        const hri = h.col('heart rate', 'beats per minute', 'bpm', 'heart_rate');
        const si = h.col('data source');
        let lastT = Number.NEGATIVE_INFINITY;
        return (row, line) => {
          const t = parseUtc(row[ti] ?? '');
          const lat = num(row[lai]);
          const lon = num(row[loi]);
          if (Number.isNaN(t) || !(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) {
            stats.skip('unreadable GPS point (timestamp, latitude or longitude)', entry.display, line);
            return undefined;
          }
          const ex = find(t);
          if (!ex) {
            stats.skip('GPS point outside every exercise', entry.display, line);
            return undefined;
          }
          let tr = tracks.get(ex);
          if (!tr) {
            tr = { ex, real: 0, lat: Number.NaN, lon: Number.NaN, dist: 0, mirror: { source: '', recs: [] } };
            tracks.set(ex, tr);
          }
          const source = si >= 0 ? (row[si] ?? '').trim() : '';
          const mirror = isMirrorSource(source);
          if (!mirror) {
            if (!Number.isNaN(tr.lat)) tr.dist += haversineM(tr.lat, tr.lon, lat, lon);
            tr.lat = lat;
            tr.lon = lon;
          }
          const given = dii >= 0 ? num(row[dii]) : Number.NaN;
          const hr = hri >= 0 ? num(row[hri]) : Number.NaN;
          const rec = makeRecord(
            M.gps,
            t,
            { ActivityID: ex.activityId },
            {
              lat,
              lon,
              altitude: ali >= 0 ? num(row[ali]) : undefined,
              distance: Number.isNaN(given) ? (mirror ? undefined : Math.round(tr.dist * 100) / 100) : given,
              heart_rate: hr > 0 ? hr : undefined,
            },
          );
          if (!rec) return undefined;
          let close: Promise<void> | undefined;
          if (t > lastT + 3_600_000) {
            lastT = t;
            close = closeBefore(stats, t);
          }
          if (mirror) {
            if (tr.mirror.recs.length === 0) tr.mirror.source = source;
            tr.mirror.recs.push(rec);
            return close;
          }
          tr.real++;
          const p = ctx.add(stats, ex.day, 'exercise', rec);
          return close ? close.then(() => p) : p;
        };
      }),
    finish: (stats) => closeBefore(stats, Number.POSITIVE_INFINITY),
  };
}
