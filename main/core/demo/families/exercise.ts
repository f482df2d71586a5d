/** The exercise family of the synthetic export: UserExercises CSVs, 1 Hz GPS tracks for runs, and numbered legacy exercise pages. */
import { civilDayAt } from '../../model/civil-day.js';
import {
  EXERCISE_PAGE,
  GED,
  HFD,
  MINUTE,
  PA,
  TRACKER,
  isoZ,
  legacyStamp,
  monthFile,
  offsetText,
} from './format.js';
import type { Exercise } from './sessions.js';
import type { Generation } from './timeline.js';

const EXERCISES_HEADER =
  'exercise_id,exercise_start,exercise_end,utc_offset,activity_name,log_type,tracker_total_calories,tracker_total_steps,tracker_total_distance_mm,tracker_avg_heart_rate,active_duration_ms\n';
const GPS_HEADER = 'timestamp,latitude,longitude,altitude,data source\n';

/** Writes the exercise files; returns the GPS points written. */
export async function writeExerciseFiles(g: Generation, exercises: readonly Exercise[]): Promise<number> {
  const { fs } = g;
  const { legacyEnd, offsetAt } = g.tl;
  const exByMonth = new Map<string, string[]>();
  const exJson: string[] = [];
  let gpsPoints = 0;
  for (const e of exercises) {
    const off = offsetAt(e.start);
    const d = civilDayAt(e.start, off);
    const mins = Math.round((e.end - e.start) / MINUTE);
    const steps = mins * (e.name === 'Run' ? 160 : 100);
    const cals = mins * (e.name === 'Run' ? 11 : 4);
    const hr = e.name === 'Run' ? 150 : 95;
    if (e.start >= legacyEnd) {
      const list = exByMonth.get(monthFile(d)) ?? [];
      list.push(
        `${e.id},${isoZ(e.start)},${isoZ(e.end)},${offsetText(off)},${e.name},AUTO_DETECTED,${cals},${steps},${steps * 780},${hr},${e.end - e.start}\n`,
      );
      exByMonth.set(monthFile(d), list);
    }
    if (e.start >= legacyEnd && e.name === 'Run') gpsPoints += await writeGpsTrack(g, e);
    exJson.push(
      JSON.stringify({
        logId: Number(e.id),
        activityName: e.name,
        activityTypeId: e.name === 'Run' ? 90009 : 90013,
        startTime: legacyStamp(e.start + off * MINUTE),
        duration: e.end - e.start,
        activeDuration: e.end - e.start,
        calories: cals,
        steps,
        distance: (steps * 0.78) / 1000,
        distanceUnit: 'Kilometer',
        averageHeartRate: hr,
        logType: 'auto_detected',
      }),
    );
  }
  for (const [m, rows] of exByMonth)
    await fs.put(`${HFD}UserExercises_${m}.csv`, EXERCISES_HEADER + rows.join(''));
  for (let i = 0; i < exJson.length; i += EXERCISE_PAGE)
    await fs.put(`${GED}exercise-${i}.json`, `[${exJson.slice(i, i + EXERCISE_PAGE).join(',\n')}]`);
  return gpsPoints;
}

/** A 1 Hz GPS track along a loop; the altitude is missing (`NaN`) now and then. Returns the points. */
async function writeGpsTrack(g: Generation, e: Exercise): Promise<number> {
  const { rng } = g;
  const lat0 = 51.5 + rng.range(-0.01, 0.01);
  const lon0 = -0.12 + rng.range(-0.01, 0.01);
  const rows: string[] = [];
  for (let t = e.start, i = 0; t < e.end; t += 1000, i++) {
    const a = (2 * Math.PI * i) / 1200;
    rows.push(
      `${isoZ(t)},${(lat0 + 0.004 * Math.sin(a)).toFixed(6)},${(lon0 + 0.006 * Math.cos(a)).toFixed(6)},${i % 600 === 17 ? 'NaN' : (20 + 5 * Math.sin(a / 3)).toFixed(1)},${TRACKER}\n`,
    );
  }
  const utcDay = isoZ(e.start).slice(0, 10);
  await g.fs.put(`${PA}gps_location/gps_location_${utcDay}.csv`, GPS_HEADER + rows.join(''));
  return rows.length;
}
