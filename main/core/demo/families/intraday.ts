/**
 * The per-minute simulation of the synthetic export: heart rate (CSV per UTC day, legacy JSON per
 * local day, HealthKit mirror rows), steps (tracker, phone, Health Connect mirror), distance,
 * calories, active and active-zone minutes, and their legacy JSON twins; plus the per-day
 * aggregates the daily families are written from.
 */
import { addDays, civilDayAt } from '../../model/civil-day.js';
import type { CivilDay } from '../../model/record.js';
import {
  GED,
  HOUR,
  HR_MIRROR,
  MINUTE,
  PA,
  PHONE,
  STEPS_MIRROR,
  TRACKER,
  isoZ,
  legacyStamp,
  monthEnd,
  monthFile,
  p2,
} from './format.js';
import type { Exercise, Sleep } from './sessions.js';
import type { Generation } from './timeline.js';

/** The resting heart rate the simulation is built around. */
export const RHR_BASE = 57;

export interface DayAgg {
  zoneMin: [number, number, number, number];
  zoneCal: [number, number, number, number];
  light: number;
  moderate: number;
  very: number;
  sedentary: number;
  hrSum: number;
  hrN: number;
}

export interface StepsBySource {
  tracker: number;
  trackerRows: number;
  phone: number;
}

export interface Intraday {
  readonly dayAgg: ReadonlyMap<CivilDay, DayAgg>;
  readonly stepsBySourceDay: ReadonlyMap<CivilDay, StepsBySource>;
  readonly hrSamples: number;
  readonly mirrorHrRows: number;
}

type Activity = 'light' | 'moderate' | 'very';

/** One simulated minute. */
interface Minute {
  readonly t: number;
  readonly day: CivilDay;
  readonly utcDay: string;
  readonly asleep: boolean;
  readonly localHour: number;
  readonly worn: boolean;
  readonly legacy: boolean;
  readonly steps: number;
  readonly hrBase: number;
  readonly zone: 0 | 1 | 2 | 3;
  readonly cal: number;
  /** `YYYY-MM-DDTHH:MM:` of the minute (UTC). */
  readonly utcPrefix: string;
  readonly stamp: string;
  readonly month: string;
  readonly wallStamp: string;
  readonly localMonth: string;
  readonly agg: DayAgg;
  readonly source: StepsBySource;
}

const HR_HEADER = 'timestamp,beats per minute,data source\n';

/** Runs the minute loop from the first to the last instant of the export, writing as it goes. */
export async function simulateIntraday(
  g: Generation,
  sleeps: readonly Sleep[],
  exercises: readonly Exercise[],
): Promise<Intraday> {
  const sim = new IntradaySimulation(g);
  const { T0, T1, offsetAt } = g.tl;
  let sleepIdx = 0;
  let exIdx = 0;
  let currentDay = '';
  let currentUtcDay = '';
  for (let t = T0; t < T1; t += MINUTE) {
    const off = offsetAt(t);
    const day = civilDayAt(t, off);
    const utcDay = isoZ(t).slice(0, 10);
    if (utcDay !== currentUtcDay) {
      await sim.flushHr(currentUtcDay);
      currentUtcDay = utcDay;
    }
    if (day !== currentDay) {
      currentDay = day;
      await g.fs.flush(addDays(day, -1));
    }
    while ((sleeps[sleepIdx]?.end ?? Number.POSITIVE_INFINITY) <= t) sleepIdx++;
    while ((exercises[exIdx]?.end ?? Number.POSITIVE_INFINITY) <= t) exIdx++;
    const m = sim.minute(t, off, day, utcDay, sleeps[sleepIdx], exercises[exIdx]);
    if (m.worn) sim.worn(m);
    sim.phoneSteps(m);
  }
  await sim.flushHr(currentUtcDay);
  return sim;
}

class IntradaySimulation implements Intraday {
  readonly dayAgg = new Map<CivilDay, DayAgg>();
  readonly stepsBySourceDay = new Map<CivilDay, StepsBySource>();
  hrSamples = 0;
  mirrorHrRows = 0;
  private hrChunk: string[] = [];
  private readonly notWornStart: number;
  private readonly notWornEnd: number;

  constructor(private readonly g: Generation) {
    this.notWornStart = g.notWornUtcDay ? Date.parse(`${g.notWornUtcDay}T00:00:00Z`) : Number.NaN;
    this.notWornEnd = this.notWornStart + 24 * HOUR;
  }

  /** Writes the heart_rate CSV of a UTC day (`no data` on the day the tracker was not worn). */
  async flushHr(utcDay: string): Promise<void> {
    if (utcDay === '') return;
    const start = Date.parse(`${utcDay}T00:00:00Z`);
    if (start + 24 * HOUR <= this.g.tl.legacyEnd) return;
    const path = `${PA}heart_rate_${utcDay}.csv`;
    await this.g.fs.put(
      path,
      this.hrChunk.length === 0 && utcDay === this.g.notWornUtcDay
        ? 'no data'
        : HR_HEADER + this.hrChunk.join(''),
    );
    this.hrChunk = [];
  }

  /** What happens in the minute starting at `t`: asleep, exercising, steps, heart rate. */
  minute(
    t: number,
    off: number,
    day: CivilDay,
    utcDay: string,
    sl: Sleep | undefined,
    ex: Exercise | undefined,
  ): Minute {
    const { rng } = this.g;
    const wall = t + off * MINUTE;
    const asleep = sl !== undefined && sl.start <= t && t < sl.end;
    const exercising = ex !== undefined && ex.start <= t && t < ex.end;
    const localHour = Math.floor((wall % (24 * HOUR)) / HOUR);
    const worn = !(t >= this.notWornStart && t < this.notWornEnd);
    const legacy = t < this.g.tl.legacyEnd;
    let steps = 0;
    if (exercising) steps = rng.int(150, 170);
    else if (!asleep && localHour >= 7 && localHour < 23) {
      const r = rng.next();
      steps = r < 0.22 ? rng.int(60, 120) : r < 0.5 ? rng.int(0, 20) : 0;
    }
    const hrBase = asleep
      ? rng.normal(RHR_BASE - 2, 2)
      : exercising
        ? rng.normal(150, 6)
        : steps > 60
          ? rng.normal(96, 5)
          : rng.normal(69, 4);
    const agg = this.agg(day);
    const zone = hrBase < 110 ? 0 : hrBase < 135 ? 1 : hrBase < 160 ? 2 : 3;
    const cal = Math.round((1.15 + steps * 0.045 + (zone > 0 ? 3 : 0)) * 1000) / 1000;
    const utcPrefix = isoZ(t).slice(0, 17);
    let source = this.stepsBySourceDay.get(day);
    if (!source) {
      source = { tracker: 0, trackerRows: 0, phone: 0 };
      this.stepsBySourceDay.set(day, source);
    }
    return {
      t,
      day,
      utcDay,
      asleep,
      localHour,
      worn,
      legacy,
      steps,
      hrBase,
      zone,
      cal,
      utcPrefix,
      stamp: `${utcPrefix}00Z`,
      month: monthFile(utcDay),
      wallStamp: legacyStamp(wall),
      localMonth: monthFile(day),
      agg,
      source,
    };
  }

  private agg(d: CivilDay): DayAgg {
    let a = this.dayAgg.get(d);
    if (!a) {
      a = {
        zoneMin: [0, 0, 0, 0],
        zoneCal: [0, 0, 0, 0],
        light: 0,
        moderate: 0,
        very: 0,
        sedentary: 0,
        hrSum: 0,
        hrN: 0,
      };
      this.dayAgg.set(d, a);
    }
    return a;
  }

  /** A minute the tracker was worn: aggregates, heart rate, tracker steps and activity files. */
  worn(m: Minute): void {
    const a = m.agg;
    a.zoneMin[m.zone]++;
    a.zoneCal[m.zone] += m.cal;
    if (!m.asleep) {
      a.hrSum += m.hrBase;
      a.hrN++;
    }
    this.heartRate(m);
    if (m.steps > 0) {
      m.source.tracker += m.steps;
      m.source.trackerRows++;
    }
    const act: Activity | undefined =
      m.steps > 130 ? 'very' : m.steps > 100 ? 'moderate' : m.steps > 60 ? 'light' : undefined;
    if (act) a[act]++;
    else if (!m.asleep) a.sedentary++;
    if (!m.legacy) this.activityCsv(m, act);
    this.legacyTwins(m);
  }

  /** Heart-rate samples: legacy JSON before the legacy end, else CSV rows (and mirror rows at noon). */
  private heartRate(m: Minute): void {
    const { rng, hrSec, fs } = this.g;
    if (m.legacy) {
      const parts: string[] = [];
      for (let sec = 0; sec < 60; sec += hrSec) {
        const bpm = Math.round(m.hrBase + rng.range(-2, 2));
        parts.push(
          `{"dateTime":"${m.wallStamp.slice(0, 15)}${p2(sec)}","value":{"bpm":${bpm},"confidence":${rng.int(1, 3)}}}`,
        );
        this.hrSamples++;
      }
      fs.append(`${GED}heart_rate-${m.day}.json`, addDays(m.day, 1), '', parts.join(',\n'));
      return;
    }
    let rows = '';
    let mirror = '';
    const mirrored = this.g.mirrorDaySet.has(m.day) && m.localHour === 12;
    for (let sec = 0; sec < 60; sec += hrSec) {
      const bpm = Math.round(m.hrBase + rng.range(-2, 2));
      rows += `${m.utcPrefix}${p2(sec)}Z,${bpm},${TRACKER}\n`;
      this.hrSamples++;
      if (mirrored) {
        mirror += `${m.utcPrefix}${p2(sec)}Z,${bpm},${HR_MIRROR}\n`;
        this.mirrorHrRows++;
      }
    }
    this.hrChunk.push(rows + mirror);
  }

  /** The monthly CSVs of steps, distance, calories, active minutes and active-zone minutes. */
  private activityCsv(m: Minute, act: Activity | undefined): void {
    const { fs } = this.g;
    const { stamp, steps, month, utcDay } = m;
    if (steps > 0) {
      fs.append(
        `${PA}steps/steps_${month}.csv`,
        monthEnd(utcDay),
        'timestamp,steps,data source\n',
        `${stamp},${steps},${TRACKER}\n${this.g.mirrorDaySet.has(m.day) ? `${stamp},${steps},${STEPS_MIRROR}\n` : ''}`,
      );
      fs.append(
        `${PA}distance/distance_${month}.csv`,
        monthEnd(utcDay),
        'timestamp,distance,data source\n',
        `${stamp},${(steps * 0.78).toFixed(2)},${TRACKER}\n`,
      );
    }
    fs.append(
      `${PA}calories/calories_${month}.csv`,
      monthEnd(utcDay),
      'timestamp,calories,data source\n',
      `${stamp},${m.cal},${TRACKER}\n`,
    );
    if (act) {
      fs.append(
        `${PA}active_minutes/active_minutes_${month}.csv`,
        monthEnd(utcDay),
        'timestamp,light,moderate,very,data source\n',
        `${stamp},${act === 'light' ? 1 : 0},${act === 'moderate' ? 1 : 0},${act === 'very' ? 1 : 0},${TRACKER}\n`,
      );
    }
    if (m.zone > 0) {
      const zname = m.zone === 1 ? 'FAT_BURN' : m.zone === 2 ? 'CARDIO' : 'PEAK';
      fs.append(
        `${PA}active_zone_minutes/active_zone_minutes_${month}.csv`,
        monthEnd(utcDay),
        'timestamp,heart rate zone,total minutes,data source\n',
        `${stamp},${zname},${m.zone === 1 ? 1 : 2},${TRACKER}\n`,
      );
    }
  }

  /** Legacy JSON twins (reconciled, tracker) of steps, distance and calories, for every day. */
  private legacyTwins(m: Minute): void {
    const { fs } = this.g;
    const close = addDays(monthEnd(m.day), 1);
    if (m.steps > 0) {
      fs.append(
        `${GED}steps-${m.localMonth}.json`,
        close,
        '',
        `{"dateTime":"${m.wallStamp}","value":"${m.steps}"}`,
      );
      fs.append(
        `${GED}distance-${m.localMonth}.json`,
        close,
        '',
        `{"dateTime":"${m.wallStamp}","value":"${Math.round(m.steps * 78)}"}`,
      );
    }
    fs.append(
      `${GED}calories-${m.localMonth}.json`,
      close,
      '',
      `{"dateTime":"${m.wallStamp}","value":"${m.cal}"}`,
    );
  }

  /** Steps a phone reported: while the tracker was off, or again on a phone day (never summed). */
  phoneSteps(m: Minute): void {
    const { rng } = this.g;
    const phoneSteps = !m.worn
      ? m.localHour >= 8 && m.localHour < 22 && rng.next() < 0.3
        ? rng.int(20, 90)
        : 0
      : this.g.phoneDaySet.has(m.day) && m.steps > 0
        ? Math.round(m.steps * 0.8)
        : 0;
    if (phoneSteps > 0 && !m.legacy) {
      m.source.phone += phoneSteps;
      this.g.fs.append(
        `${PA}steps/steps_${m.month}.csv`,
        monthEnd(m.utcDay),
        'timestamp,steps,data source\n',
        `${m.stamp},${phoneSteps},${PHONE}\n`,
      );
    }
  }
}
