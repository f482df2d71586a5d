/**
 * The sleep family of the synthetic export: UserSleeps and UserSleepStages CSVs (UTC with the
 * device's offsets), legacy v1.2 sleep JSON in 30-day blocks, and per main sleep the HRV details,
 * minute SpO2 (with 50.0 sentinels) and the computed temperature.
 */
import { GED, HFD, HOUR, MINUTE, TRACKER, isoLocal, isoZ, monthFile, offsetText } from './format.js';
import type { Sleep } from './sessions.js';
import type { Generation } from './timeline.js';

const SLEEPS_HEADER =
  'sleep_id,sleep_type,minutes_in_sleep_period,minutes_after_wake_up,minutes_to_fall_asleep,minutes_asleep,minutes_awake,start_utc_offset,sleep_start,end_utc_offset,sleep_end,data_source,algorithm_version,sleep_created,sleep_last_updated\n';
const STAGES_HEADER =
  'sleep_id,sleep_stage_id,sleep_stage_type,start_utc_offset,sleep_stage_start,end_utc_offset,sleep_stage_end,sleep_stage_created\n';
const TEMPERATURE_HEADER =
  'type,sleep_start,sleep_end,temperature_samples,nightly_temperature,baseline_relative_sample_sum,baseline_relative_sample_sum_of_squares,baseline_relative_nightly_standard_deviation,baseline_relative_sample_standard_deviation\n';

interface SleepMinutes {
  readonly so: number;
  readonly eo: number;
  readonly asleep: number;
  readonly awake: number;
}

/** Writes the sleep files; returns how many minute SpO2 rows carry the 50.0 sentinel. */
export async function writeSleepFiles(g: Generation, sleeps: readonly Sleep[]): Promise<number> {
  const { fs } = g;
  let spo2Sentinels = 0;
  const sleepByMonth = new Map<string, { sleeps: string[]; stages: string[] }>();
  const sleepJsonByBlock = new Map<string, string[]>();
  const stageSeq = { n: 0 };
  for (const s of sleeps) {
    const so = g.tl.offsetAt(s.start);
    const eo = g.tl.offsetAt(s.end);
    const asleep =
      s.stages.filter((x) => x.type !== 'AWAKE').reduce((n, x) => n + (x.end - x.start), 0) / MINUTE;
    const awake =
      s.stages.filter((x) => x.type === 'AWAKE').reduce((n, x) => n + (x.end - x.start), 0) / MINUTE;
    const m: SleepMinutes = { so, eo, asleep, awake };
    if (s.end > g.tl.legacyEnd) userSleepRows(g, s, m, sleepByMonth, stageSeq);
    // legacy v1.2 JSON (all sleeps; twins of UserSleeps after the legacy period)
    const days = g.tl.days;
    const block = days[Math.floor(Math.max(0, days.indexOf(s.endDay)) / 30) * 30] ?? g.o.startDay;
    let list = sleepJsonByBlock.get(block);
    if (!list) {
      list = [];
      sleepJsonByBlock.set(block, list);
    }
    list.push(JSON.stringify(legacySleepLog(g, s, m)));
    if (s.isMain) spo2Sentinels += await writeNightFiles(g, s, m);
  }
  for (const [month, b] of sleepByMonth) {
    await fs.put(`${HFD}UserSleeps_${month}.csv`, SLEEPS_HEADER + b.sleeps.join(''));
    await fs.put(`${HFD}UserSleepStages_${month}.csv`, STAGES_HEADER + b.stages.join(''));
  }
  for (const [block, list] of sleepJsonByBlock)
    await fs.put(`${GED}sleep-${block}.json`, `[${list.join(',\n')}]`);
  return spo2Sentinels;
}

function userSleepRows(
  g: Generation,
  s: Sleep,
  m: SleepMinutes,
  sleepByMonth: Map<string, { sleeps: string[]; stages: string[] }>,
  stageSeq: { n: number },
): void {
  const { offsetAt } = g.tl;
  const month = monthFile(s.endDay);
  let b = sleepByMonth.get(month);
  if (!b) {
    b = { sleeps: [], stages: [] };
    sleepByMonth.set(month, b);
  }
  b.sleeps.push(
    `${s.id},${s.classic ? 'CLASSIC' : 'STAGES'},${Math.round((s.end - s.start) / MINUTE)},0,0,${Math.round(m.asleep)},${Math.round(m.awake)},${offsetText(m.so)},${isoZ(s.start)},${offsetText(m.eo)},${isoZ(s.end)},${TRACKER},5,${isoZ(s.end + HOUR)},${isoZ(s.end + HOUR)}\n`,
  );
  for (const st of s.stages) {
    stageSeq.n++;
    b.stages.push(
      `${s.id},${stageSeq.n},${st.type},${offsetText(offsetAt(st.start))},${isoZ(st.start)},${offsetText(offsetAt(st.end))},${isoZ(st.end)},${isoZ(s.end + HOUR)}\n`,
    );
  }
}

function legacySleepLog(g: Generation, s: Sleep, m: SleepMinutes): unknown {
  const { offsetAt } = g.tl;
  const { so, eo, asleep, awake } = m;
  const names: Record<string, string> = s.classic
    ? { ASLEEP: 'asleep', RESTLESS: 'restless', AWAKE: 'awake' }
    : { LIGHT: 'light', DEEP: 'deep', REM: 'rem', AWAKE: 'wake' };
  const lvl = (type: string): string => names[type] ?? 'light';
  const summary: Record<string, { count: number; minutes: number }> = {};
  for (const st of s.stages) {
    const k = lvl(st.type);
    const e = (summary[k] ??= { count: 0, minutes: 0 });
    e.count++;
    e.minutes += Math.round((st.end - st.start) / MINUTE);
  }
  return {
    logId: Number(s.id),
    dateOfSleep: s.endDay,
    startTime: `${isoLocal(s.start + so * MINUTE)}.000`,
    endTime: `${isoLocal(s.end + eo * MINUTE)}.000`,
    duration: s.end - s.start,
    minutesToFallAsleep: 0,
    minutesAsleep: Math.round(asleep),
    minutesAwake: Math.round(awake),
    minutesAfterWakeup: 0,
    timeInBed: Math.round((s.end - s.start) / MINUTE),
    efficiency: Math.round((100 * asleep) / (asleep + awake)),
    type: s.classic ? 'classic' : 'stages',
    infoCode: 0,
    levels: {
      summary,
      data: s.stages.map((st) => ({
        dateTime: `${isoLocal(st.start + offsetAt(st.start) * MINUTE)}.000`,
        level: lvl(st.type),
        seconds: Math.round((st.end - st.start) / 1000),
      })),
    },
    mainSleep: s.isMain,
  };
}

/** HRV details (5 min, local wall time), minute SpO2 (UTC, with sentinels), computed temperature. Returns the sentinels written. */
async function writeNightFiles(g: Generation, s: Sleep, m: SleepMinutes): Promise<number> {
  const { rng, fs } = g;
  const { offsetAt } = g.tl;
  let sentinels = 0;
  const hrv: string[] = [];
  const spo2: string[] = [];
  for (let t = s.start; t < s.end; t += 5 * MINUTE) {
    hrv.push(
      `${isoLocal(t + offsetAt(t) * MINUTE)},${rng.range(20, 60).toFixed(3)},${rng.range(0.6, 1).toFixed(3)},${rng.range(200, 900).toFixed(3)},${rng.range(100, 600).toFixed(3)}\n`,
    );
  }
  if (!(g.notWornUtcDay !== undefined && s.endDay === g.notWornUtcDay)) {
    let n = 0;
    for (let t = s.start; t < s.end; t += MINUTE) {
      const sentinel = n++ % 97 === 13;
      if (sentinel) sentinels++;
      spo2.push(`${isoZ(t)},${sentinel ? '50.0' : rng.range(92, 99).toFixed(1)}\n`);
    }
  }
  await fs.put(
    `Heart Rate Variability/Heart Rate Variability Details - ${s.endDay}.csv`,
    'timestamp,rmssd,coverage,low_frequency,high_frequency\n' + hrv.join(''),
  );
  await fs.put(`Oxygen Saturation (SpO2)/Minute SpO2 - ${s.endDay}.csv`, 'timestamp,value\n' + spo2.join(''));
  const samples = rng.int(300, 420);
  const rel = rng.normal(0, 0.4);
  const nightly = 33.8 + rel;
  fs.append(
    `Temperature/Computed Temperature - ${monthFile(s.endDay)}.csv`,
    '9999-12-31',
    TEMPERATURE_HEADER,
    `SLEEP,${isoLocal(s.start + m.so * MINUTE)},${isoLocal(s.end + m.eo * MINUTE)},${samples},${nightly.toFixed(4)},${(rel * samples).toFixed(4)},${(rel * rel * samples + 10).toFixed(4)},0.2,0.3\n`,
  );
  return sentinels;
}
