/**
 * A deterministic synthetic Google Takeout export of Fitbit data: the same generator feeds the
 * demo, the tests and the import benchmark, so nobody needs a Google account (or real health data)
 * to see SyncBit work. It reproduces the traps of real exports: UTC CSVs next to zone-less JSON
 * twins, a DST change and a trip across zones, steps reported by two sources, SpO2 50.0
 * sentinels, null resting-HR rows, placeholder future days, `no data` and header-only files, and
 * decoy files the importer must never open. It also has the shapes of real exports
 * (google-health-api.md §6.7): numbered legacy exercise pages (`exercise-0.json`, 100 logs each),
 * HealthKit / Health Connect mirror rows (heart rate and steps), duplicate families
 * (`resting_heart_rate`/`daily_resting_heart_rate`, `vo2_max`/`daily_vo2_max`), a dated
 * `body_fat_…csv` with microsecond timestamps, literal `NaN`, the 5-column daily SpO2 and the
 * readiness headers, and 1 Hz `gps_location` tracks for runs.
 */
import { addDays, civilDayAt, daysBetween, offsetInZone, startOfDayInZone } from '../model/civil-day.js';
import type { CivilDay } from '../model/record.js';
import { Prng } from './prng.js';
import { createTakeoutWriter, type TakeoutFormat } from './takeout-writer.js';

export interface ZoneChange {
  /** When this zone starts: an ISO instant (`2025-06-10T14:00:00Z`). Ignored for the first entry. */
  readonly from: string;
  readonly zone: string;
}

export interface SyntheticTakeoutOptions {
  readonly seed: number;
  readonly startDay: CivilDay;
  readonly days: number;
  /** Zone timeline; the first entry applies from the start. */
  readonly zones: readonly ZoneChange[];
  readonly outDir: string;
  readonly layout?: 'Fitbit' | 'Google Health';
  readonly format?: TakeoutFormat;
  /** Split a zip export into parts of about this many bytes. */
  readonly zipPartBytes?: number;
  /** Heart-rate cadence in seconds (5 like a real tracker; tests use coarser). */
  readonly heartRateSeconds?: number;
  /** The first N days exist only as legacy JSON (no CSV twin, no UserSleeps). */
  readonly legacyJsonDays?: number;
  /** Zone written in `Your Profile/Profile.csv`; default the first zone; null writes no profile. */
  readonly profileZone?: string | null;
  /** Write the decoy files (UserActivityProbabilities*, UserSensorCompressionToken*). Default true. */
  readonly decoys?: boolean;
}

export interface SyntheticSleep {
  readonly id: string;
  readonly start: number;
  readonly end: number;
  readonly endDay: CivilDay;
  readonly isMain: boolean;
  readonly classic: boolean;
}

/** What the generator wrote, so tests can compare the import against it. */
export interface SyntheticTruth {
  readonly days: readonly CivilDay[];
  /** Expected daily steps per civil day (one source per day: the tracker when it has rows). */
  readonly steps: ReadonlyMap<CivilDay, number>;
  /** Heart-rate samples written (CSV and JSON-only days; never twice). */
  readonly heartRateSamples: number;
  readonly sleeps: readonly SyntheticSleep[];
  readonly restingHr: ReadonlyMap<CivilDay, number>;
  /** Minute SpO2 rows with the 50.0 sentinel. */
  readonly spo2Sentinels: number;
  /** UTC date whose heart_rate CSV is `no data` (tracker not worn), if any. */
  readonly notWornUtcDay: CivilDay | undefined;
  /** Days on which a phone also reported steps (must not be summed). */
  readonly phoneDays: readonly CivilDay[];
  /** Instant before which only legacy JSON exists. */
  readonly legacyEnd: number;
  readonly tracker: string;
  /** GPS points written for exercises (each becomes one `GPS` record). */
  readonly gpsPoints: number;
  /** Heart-rate rows written again under a mirror source (HealthKit): must not be imported. */
  readonly mirrorHeartRateRows: number;
}

export interface SyntheticTakeout {
  /** What to pass to the importer (the folder, the zip part files, or the .tgz). */
  readonly inputs: string[];
  readonly truth: SyntheticTruth;
  readonly files: number;
  readonly bytes: number;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const TRACKER = 'Charge 6';
const PHONE = 'Pixel 8';
const HR_MIRROR = 'Apple Health Health Kit';
const STEPS_MIRROR = 'Fitbit App Health Connect';
/** Legacy exercise logs per numbered page (`exercise-0.json`, `exercise-100.json`, …). */
const EXERCISE_PAGE = 100;

const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `MM/DD/YY HH:MM:SS` of wall-clock ms (the legacy JSON form). */
function legacyStamp(wallMs: number): string {
  const iso = new Date(wallMs).toISOString();
  return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(2, 4)} ${iso.slice(11, 19)}`;
}
const isoZ = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const isoLocal = (wallMs: number): string => new Date(wallMs).toISOString().slice(0, 19);
const offsetText = (min: number): string =>
  `${min < 0 ? '-' : '+'}${p2(Math.floor(Math.abs(min) / 60))}:${p2(Math.abs(min) % 60)}`;

interface Pending {
  chunks: string[];
  closeDay: CivilDay;
}

/** Collects file contents and hands each file to the writer once no more rows can arrive for it. */
class FileSet {
  private readonly open = new Map<string, Pending>();
  files = 0;
  bytes = 0;
  constructor(
    private readonly prefix: string,
    private readonly write: (path: string, data: string) => Promise<void>,
  ) {}
  append(path: string, closeDay: CivilDay, header: string, text: string): void {
    let f = this.open.get(path);
    if (!f) {
      f = { chunks: header === '' ? [] : [header], closeDay };
      this.open.set(path, f);
    }
    f.chunks.push(text);
  }
  async put(path: string, data: string): Promise<void> {
    this.files++;
    this.bytes += Buffer.byteLength(data);
    await this.write(`${this.prefix}${path}`, data);
  }
  async flush(beforeDay: CivilDay | undefined): Promise<void> {
    for (const [path, f] of [...this.open]) {
      if (beforeDay !== undefined && f.closeDay >= beforeDay) continue;
      this.open.delete(path);
      const isJson = path.endsWith('.json');
      const body = isJson ? `[${f.chunks.join(',\n')}]` : f.chunks.join('');
      await this.put(path, body);
    }
  }
}

const monthEnd = (day: CivilDay): CivilDay => {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};
const monthFile = (day: CivilDay): string => `${day.slice(0, 7)}-01`;

/** Generates a synthetic Takeout export. Deterministic for a given seed and options. */
export async function generateSyntheticTakeout(o: SyntheticTakeoutOptions): Promise<SyntheticTakeout> {
  const rng = new Prng(o.seed);
  const hrSec = Math.max(1, Math.round(o.heartRateSeconds ?? 5));
  const firstZone = o.zones[0];
  if (!firstZone) throw new RangeError('zones must name at least one zone');
  const switches = o.zones.map((z, i) => ({
    at: i === 0 ? Number.NEGATIVE_INFINITY : Date.parse(z.from),
    zone: z.zone,
  }));
  const zoneAt = (t: number): string => {
    let z = firstZone.zone;
    for (const s of switches) if (t >= s.at) z = s.zone;
    return z;
  };
  const days = daysBetween(o.startDay, addDays(o.startDay, o.days - 1));
  const lastDay = addDays(o.startDay, o.days - 1);
  const T0 = startOfDayInZone(o.startDay, firstZone.zone);
  const T1 = startOfDayInZone(addDays(lastDay, 1), zoneAt(startOfDayInZone(lastDay, firstZone.zone)));
  // Hourly offset table (switch instants are respected to the minute below).
  const H0 = Math.floor(T0 / HOUR) - 48;
  const hours = Math.ceil((T1 - T0) / HOUR) + 96;
  const offTable = new Int16Array(hours);
  for (let i = 0; i < hours; i++) {
    const t = (H0 + i) * HOUR;
    offTable[i] = offsetInZone(t, zoneAt(t));
  }
  const offsetAt = (t: number): number => {
    for (const s of switches) if (s.at > t - HOUR && s.at <= t + HOUR) return offsetInZone(t, zoneAt(t));
    return offTable[Math.floor(t / HOUR) - H0] ?? offsetInZone(t, zoneAt(t));
  };
  const localToUtc = (wall: number): number => {
    const o1 = offsetAt(wall);
    const o2 = offsetAt(wall - o1 * MINUTE);
    return wall - o2 * MINUTE;
  };
  const legacyDays = Math.min(o.legacyJsonDays ?? 0, o.days);
  const legacyEnd =
    legacyDays > 0
      ? startOfDayInZone(addDays(o.startDay, legacyDays), zoneAt(T0 + legacyDays * 24 * HOUR))
      : T0;

  // --- sessions -------------------------------------------------------------------------------
  interface Stage {
    type: string;
    start: number;
    end: number;
  }
  interface Sleep extends SyntheticSleep {
    stages: Stage[];
  }
  const sleeps: Sleep[] = [];
  let sleepSeq = 0;
  const makeStages = (start: number, end: number, classic: boolean): Stage[] => {
    const out: Stage[] = [];
    const cycle = classic
      ? ['ASLEEP', 'RESTLESS', 'ASLEEP', 'AWAKE']
      : ['LIGHT', 'DEEP', 'LIGHT', 'REM', 'AWAKE'];
    let t = start;
    let i = 0;
    while (t < end) {
      const type = cycle[i % cycle.length] ?? 'LIGHT';
      const mins = type === 'AWAKE' ? rng.int(1, 4) : type === 'RESTLESS' ? rng.int(1, 3) : rng.int(8, 28);
      const e = Math.min(end, t + mins * MINUTE + (rng.next() < 0.5 ? 30_000 : 0));
      out.push({ type, start: t, end: e });
      t = e;
      i++;
    }
    return out;
  };
  for (let i = -1; i < days.length; i++) {
    const d = addDays(o.startDay, i);
    const wallStart = Date.parse(`${d}T00:00:00Z`) + (23 * 60 + rng.int(-60, 40)) * MINUTE;
    const start = localToUtc(wallStart);
    const end = start + rng.int(390, 510) * MINUTE;
    if (end > T1 || end < T0) continue;
    sleepSeq++;
    sleeps.push({
      id: String(40_000_000_000 + sleepSeq),
      start,
      end,
      endDay: civilDayAt(end, offsetAt(end)),
      isMain: true,
      classic: false,
      stages: makeStages(start, end, false),
    });
    if (i >= 0 && i % 9 === 4) {
      const ns = localToUtc(Date.parse(`${d}T00:00:00Z`) + (14 * 60 + 30) * MINUTE);
      const ne = ns + 40 * MINUTE;
      if (ne < T1) {
        sleepSeq++;
        sleeps.push({
          id: String(40_000_000_000 + sleepSeq),
          start: ns,
          end: ne,
          endDay: civilDayAt(ne, offsetAt(ne)),
          isMain: false,
          classic: true,
          stages: makeStages(ns, ne, true),
        });
      }
    }
  }
  sleeps.sort((a, b) => a.start - b.start);
  interface Exercise {
    id: string;
    name: string;
    start: number;
    end: number;
  }
  const exercises: Exercise[] = [];
  days.forEach((d, i) => {
    if (i % 3 !== 1) return;
    const start = localToUtc(Date.parse(`${d}T00:00:00Z`) + 18 * HOUR + rng.int(0, 30) * MINUTE);
    exercises.push({
      id: String(50_000_000_000 + i),
      name: 'Run',
      start,
      end: start + rng.int(30, 45) * MINUTE,
    });
  });
  for (const s of switches.slice(1)) {
    // Right after a flight: a short walk logged in the new zone (this is what tells the importer).
    if (s.at > T0 && s.at + 20 * MINUTE < T1)
      exercises.push({
        id: String(51_000_000_000 + exercises.length),
        name: 'Walk',
        start: s.at,
        end: s.at + 20 * MINUTE,
      });
  }
  exercises.sort((a, b) => a.start - b.start);

  const notWornUtcDay = o.days >= 10 ? addDays(o.startDay, Math.floor(o.days * 0.6)) : undefined;
  const notWornStart = notWornUtcDay ? Date.parse(`${notWornUtcDay}T00:00:00Z`) : Number.NaN;
  const notWornEnd = notWornStart + 24 * HOUR;
  const phoneDaySet = new Set(days.filter((_d, i) => i % 7 === 3));
  const mirrorDaySet = new Set(days.filter((_d, i) => i % 5 === 2));
  let mirrorHrRows = 0;

  // --- writer ---------------------------------------------------------------------------------
  const writer = await createTakeoutWriter(o.outDir, o.format ?? 'folder', o.zipPartBytes);
  const fs = new FileSet(`Takeout/${o.layout ?? 'Fitbit'}/`, (p, data) => writer.add(p, data));
  const PA = 'Physical Activity_GoogleData/';
  const GED = 'Global Export Data/';
  const HFD = 'Health Fitness Data_GoogleData/';

  // --- per-minute simulation --------------------------------------------------------------------
  const stepsBySourceDay = new Map<CivilDay, { tracker: number; trackerRows: number; phone: number }>();
  interface DayAgg {
    zoneMin: [number, number, number, number];
    zoneCal: [number, number, number, number];
    light: number;
    moderate: number;
    very: number;
    sedentary: number;
    hrSum: number;
    hrN: number;
  }
  const dayAgg = new Map<CivilDay, DayAgg>();
  const agg = (d: CivilDay): DayAgg => {
    let a = dayAgg.get(d);
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
      dayAgg.set(d, a);
    }
    return a;
  };
  let hrSamples = 0;
  let sleepIdx = 0;
  let exIdx = 0;
  let currentDay = '';
  let currentUtcDay = '';
  const rhrBase = 57;
  const hrHeader = 'timestamp,beats per minute,data source\n';
  let hrChunk: string[] = [];
  const flushHr = async (utcDay: string): Promise<void> => {
    if (utcDay === '') return;
    const start = Date.parse(`${utcDay}T00:00:00Z`);
    if (start + 24 * HOUR <= legacyEnd) return;
    const path = `${PA}heart_rate_${utcDay}.csv`;
    await fs.put(
      path,
      hrChunk.length === 0 && utcDay === notWornUtcDay ? 'no data' : hrHeader + hrChunk.join(''),
    );
    hrChunk = [];
  };
  for (let t = T0; t < T1; t += MINUTE) {
    const off = offsetAt(t);
    const wall = t + off * MINUTE;
    const day = civilDayAt(t, off);
    const utcDay = isoZ(t).slice(0, 10);
    if (utcDay !== currentUtcDay) {
      await flushHr(currentUtcDay);
      currentUtcDay = utcDay;
    }
    if (day !== currentDay) {
      currentDay = day;
      await fs.flush(addDays(day, -1));
    }
    while ((sleeps[sleepIdx]?.end ?? Number.POSITIVE_INFINITY) <= t) sleepIdx++;
    while ((exercises[exIdx]?.end ?? Number.POSITIVE_INFINITY) <= t) exIdx++;
    const sl = sleeps[sleepIdx];
    const asleep = sl !== undefined && sl.start <= t && t < sl.end;
    const ex = exercises[exIdx];
    const exercising = ex !== undefined && ex.start <= t && t < ex.end;
    const localHour = Math.floor((wall % (24 * HOUR)) / HOUR);
    const worn = !(t >= notWornStart && t < notWornEnd);
    const legacy = t < legacyEnd;
    let steps = 0;
    if (exercising) steps = rng.int(150, 170);
    else if (!asleep && localHour >= 7 && localHour < 23) {
      const r = rng.next();
      steps = r < 0.22 ? rng.int(60, 120) : r < 0.5 ? rng.int(0, 20) : 0;
    }
    const hrBase = asleep
      ? rng.normal(rhrBase - 2, 2)
      : exercising
        ? rng.normal(150, 6)
        : steps > 60
          ? rng.normal(96, 5)
          : rng.normal(69, 4);
    const a = agg(day);
    const zone = hrBase < 110 ? 0 : hrBase < 135 ? 1 : hrBase < 160 ? 2 : 3;
    const cal = Math.round((1.15 + steps * 0.045 + (zone > 0 ? 3 : 0)) * 1000) / 1000;
    const utcPrefix = isoZ(t).slice(0, 17);
    const stamp = `${utcPrefix}00Z`;
    const month = monthFile(utcDay);
    const wallStamp = legacyStamp(wall);
    const localMonth = monthFile(day);
    let s = stepsBySourceDay.get(day);
    if (!s) {
      s = { tracker: 0, trackerRows: 0, phone: 0 };
      stepsBySourceDay.set(day, s);
    }
    if (worn) {
      a.zoneMin[zone]++;
      a.zoneCal[zone] += cal;
      if (!asleep) {
        a.hrSum += hrBase;
        a.hrN++;
      }
      // heart rate samples
      if (legacy) {
        const parts: string[] = [];
        for (let sec = 0; sec < 60; sec += hrSec) {
          const bpm = Math.round(hrBase + rng.range(-2, 2));
          parts.push(
            `{"dateTime":"${wallStamp.slice(0, 15)}${p2(sec)}","value":{"bpm":${bpm},"confidence":${rng.int(1, 3)}}}`,
          );
          hrSamples++;
        }
        fs.append(`${GED}heart_rate-${day}.json`, addDays(day, 1), '', parts.join(',\n'));
      } else {
        let rows = '';
        let mirror = '';
        const mirrored = mirrorDaySet.has(day) && localHour === 12;
        for (let sec = 0; sec < 60; sec += hrSec) {
          const bpm = Math.round(hrBase + rng.range(-2, 2));
          rows += `${utcPrefix}${p2(sec)}Z,${bpm},${TRACKER}\n`;
          hrSamples++;
          if (mirrored) {
            mirror += `${utcPrefix}${p2(sec)}Z,${bpm},${HR_MIRROR}\n`;
            mirrorHrRows++;
          }
        }
        hrChunk.push(rows + mirror);
      }
      if (steps > 0) {
        s.tracker += steps;
        s.trackerRows++;
      }
      const act = steps > 130 ? 'very' : steps > 100 ? 'moderate' : steps > 60 ? 'light' : undefined;
      if (act) a[act]++;
      else if (!asleep) a.sedentary++;
      if (!legacy) {
        if (steps > 0) {
          fs.append(
            `${PA}steps/steps_${month}.csv`,
            monthEnd(utcDay),
            'timestamp,steps,data source\n',
            `${stamp},${steps},${TRACKER}\n${mirrorDaySet.has(day) ? `${stamp},${steps},${STEPS_MIRROR}\n` : ''}`,
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
          `${stamp},${cal},${TRACKER}\n`,
        );
        if (act) {
          fs.append(
            `${PA}active_minutes/active_minutes_${month}.csv`,
            monthEnd(utcDay),
            'timestamp,light,moderate,very,data source\n',
            `${stamp},${act === 'light' ? 1 : 0},${act === 'moderate' ? 1 : 0},${act === 'very' ? 1 : 0},${TRACKER}\n`,
          );
        }
        if (zone > 0) {
          const zname = zone === 1 ? 'FAT_BURN' : zone === 2 ? 'CARDIO' : 'PEAK';
          fs.append(
            `${PA}active_zone_minutes/active_zone_minutes_${month}.csv`,
            monthEnd(utcDay),
            'timestamp,heart rate zone,total minutes,data source\n',
            `${stamp},${zname},${zone === 1 ? 1 : 2},${TRACKER}\n`,
          );
        }
      }
      // legacy JSON twins (reconciled, tracker) for every day
      if (steps > 0) {
        fs.append(
          `${GED}steps-${localMonth}.json`,
          addDays(monthEnd(day), 1),
          '',
          `{"dateTime":"${wallStamp}","value":"${steps}"}`,
        );
        fs.append(
          `${GED}distance-${localMonth}.json`,
          addDays(monthEnd(day), 1),
          '',
          `{"dateTime":"${wallStamp}","value":"${Math.round(steps * 78)}"}`,
        );
      }
      fs.append(
        `${GED}calories-${localMonth}.json`,
        addDays(monthEnd(day), 1),
        '',
        `{"dateTime":"${wallStamp}","value":"${cal}"}`,
      );
    }
    const phoneSteps = !worn
      ? localHour >= 8 && localHour < 22 && rng.next() < 0.3
        ? rng.int(20, 90)
        : 0
      : phoneDaySet.has(day) && steps > 0
        ? Math.round(steps * 0.8)
        : 0;
    if (phoneSteps > 0 && !legacy) {
      s.phone += phoneSteps;
      fs.append(
        `${PA}steps/steps_${month}.csv`,
        monthEnd(utcDay),
        'timestamp,steps,data source\n',
        `${stamp},${phoneSteps},${PHONE}\n`,
      );
    }
  }
  await flushHr(currentUtcDay);

  // --- truth: steps one source per day ------------------------------------------------------------
  const stepsTruth = new Map<CivilDay, number>();
  for (const [d, s] of stepsBySourceDay) {
    const v = s.trackerRows > 0 ? s.tracker : s.phone;
    if (v > 0) stepsTruth.set(d, v);
  }

  // --- daily families --------------------------------------------------------------------------
  const restingHr = new Map<CivilDay, number>();
  const legacyDaySet = new Set(days.slice(0, legacyDays));
  const dailyRows = {
    rhr: [] as string[],
    zones: [] as string[],
    spo2: [] as string[],
    resp: [] as string[],
    vo2: [] as string[],
    readiness: [] as string[],
  };
  const zoneNames = ['Out of Range', 'Fat Burn', 'Cardio', 'Peak'];
  for (const d of days) {
    const a = dayAgg.get(d);
    if (!a || a.hrN === 0) continue;
    const rhr = Math.round((rhrBase + rng.normal(0, 1.5)) * 10) / 10;
    restingHr.set(d, rhr);
    const stampD = `${d}T00:00:00Z`;
    const legacyD = `${d.slice(5, 7)}/${d.slice(8, 10)}/${d.slice(2, 4)} 00:00:00`;
    const lm = monthFile(d);
    const zones = zoneNames.map((name, i) => ({
      name,
      minutes: a.zoneMin[i],
      calories: Math.round((a.zoneCal[i] ?? 0) * 100) / 100,
    }));
    const spo2 = Math.round(rng.range(94, 98) * 10) / 10;
    const resp = Math.round(rng.range(13, 16.5) * 10) / 10;
    const vo2 = Math.round(rng.range(44, 47) * 100) / 100;
    if (!legacyDaySet.has(d)) {
      dailyRows.rhr.push(`${stampD},${rhr},${TRACKER}\n`);
      dailyRows.zones.push(`${stampD},"${JSON.stringify(zones).replace(/"/g, '""')}",${TRACKER}\n`);
      // The 5-column header of real exports; the standard deviation is sometimes a literal NaN.
      dailyRows.spo2.push(
        `${stampD},${spo2},${(spo2 - 2.5).toFixed(1)},${Math.min(100, spo2 + 2).toFixed(1)},${(spo2 - 0.2).toFixed(1)},${d.endsWith('5') ? 'NaN' : '0.8'},${TRACKER}\n`,
      );
      dailyRows.vo2.push(`${stampD},${vo2},${TRACKER}\n`);
      dailyRows.readiness.push(
        `${d},${rng.int(40, 95)},AUTO,HIGH,${rng.int(40, 95)},${rng.int(40, 95)},${rng.int(40, 95)}\n`,
      );
      dailyRows.resp.push(`${stampD},${resp},${TRACKER}\n`);
    }
    const close = addDays(monthEnd(d), 1);
    fs.append(
      `${GED}resting_heart_rate-${lm}.json`,
      close,
      '',
      `{"dateTime":"${legacyD}","value":{"date":"${d.slice(5, 7)}/${d.slice(8, 10)}/${d.slice(0, 4)}","value":${rhr},"error":${rng.range(3, 8).toFixed(1)}}}`,
    );
    const vz = {
      BELOW_DEFAULT_ZONE_1: a.zoneMin[0],
      IN_DEFAULT_ZONE_1: a.zoneMin[1],
      IN_DEFAULT_ZONE_2: a.zoneMin[2],
      IN_DEFAULT_ZONE_3: a.zoneMin[3],
    };
    fs.append(
      `${GED}time_in_heart_rate_zones-${lm}.json`,
      close,
      '',
      JSON.stringify({ dateTime: legacyD, value: { valuesInZones: vz } }),
    );
    fs.append(
      `${GED}demographic_vo2_max-${lm}.json`,
      close,
      '',
      JSON.stringify({
        dateTime: legacyD,
        value: {
          demographicVO2Max: vo2 + 0.3,
          demographicVO2MaxError: 3.1,
          filteredDemographicVO2Max: vo2,
          filteredDemographicVO2MaxError: 0.4,
        },
      }),
    );
    for (const [fam, v] of [
      ['sedentary_minutes', a.sedentary],
      ['lightly_active_minutes', a.light],
      ['moderately_active_minutes', a.moderate],
      ['very_active_minutes', a.very],
    ] as const)
      fs.append(`${GED}${fam}-${lm}.json`, close, '', `{"dateTime":"${legacyD}","value":"${v}"}`);
    fs.append(
      `Oxygen Saturation (SpO2)/Daily SpO2 - ${lm}.csv`,
      close,
      'timestamp,average_value,lower_bound,upper_bound\n',
      `${stampD},${spo2},${(spo2 - 2.5).toFixed(1)},${Math.min(100, spo2 + 2).toFixed(1)}\n`,
    );
    fs.append(
      `Heart Rate Variability/Daily Respiratory Rate Summary - ${lm}.csv`,
      close,
      'timestamp,daily_respiratory_rate\n',
      `${d}T00:00:00,${resp}\n`,
    );
    fs.append(
      `Heart Rate Variability/Daily Heart Rate Variability Summary - ${lm}.csv`,
      close,
      'timestamp,rmssd,nremhr,entropy\n',
      `${d}T00:00:00,${rng.range(28, 48).toFixed(3)},${rng.range(52, 58).toFixed(3)},${rng.range(2, 3).toFixed(3)}\n`,
    );
  }
  // placeholder future days (and null resting-HR rows) after the last real day
  for (let i = 1; i <= 14; i++) {
    const d = addDays(lastDay, i);
    const legacyD = `${d.slice(5, 7)}/${d.slice(8, 10)}/${d.slice(2, 4)} 00:00:00`;
    const lm = monthFile(lastDay);
    fs.append(
      `${GED}sedentary_minutes-${lm}.json`,
      '9999-12-31',
      '',
      `{"dateTime":"${legacyD}","value":"1440"}`,
    );
    for (const fam of ['lightly_active_minutes', 'moderately_active_minutes', 'very_active_minutes'])
      fs.append(`${GED}${fam}-${lm}.json`, '9999-12-31', '', `{"dateTime":"${legacyD}","value":"0"}`);
    if (i <= 3)
      fs.append(
        `${GED}resting_heart_rate-${lm}.json`,
        '9999-12-31',
        '',
        `{"dateTime":"${legacyD}","value":{"date":null,"value":0.0,"error":0.0}}`,
      );
  }
  await fs.put(
    `${PA}daily_resting_heart_rate.csv`,
    'timestamp,beats per minute,data source\n' + dailyRows.rhr.join(''),
  );
  await fs.put(
    `${PA}daily_heart_rate_zones.csv`,
    'timestamp,heart rate zones,data source\n' + dailyRows.zones.join(''),
  );
  // The duplicate family of real exports: the same values written without the decimal (`51` vs `51.0`).
  await fs.put(
    `${PA}resting_heart_rate.csv`,
    'timestamp,beats per minute,data source\n' +
      dailyRows.rhr.map((r) => r.replace(/,(\d+)\.0,/, ',$1,')).join(''),
  );
  await fs.put(`${PA}daily_vo2_max.csv`, 'timestamp,vo2 max,data source\n' + dailyRows.vo2.join(''));
  await fs.put(`${PA}vo2_max.csv`, 'timestamp,vo2 max,data source\n' + dailyRows.vo2.join(''));
  await fs.put(
    `${PA}daily_oxygen_saturation.csv`,
    'timestamp,average percentage,lower bound percentage,upper bound percentage,baseline percentage,standard deviation percentage,data source\n' +
      dailyRows.spo2.join(''),
  );
  await fs.put(
    `${PA}daily_readiness_${o.startDay}.csv`,
    'timestamp,score,type,readiness level,sleep readiness,heart rate variability readiness,resting heart rate readiness\n' +
      dailyRows.readiness.join(''),
  );
  await fs.put(
    `${PA}daily_respiratory_rate.csv`,
    'timestamp,breaths per minute,data source\n' + dailyRows.resp.join(''),
  );

  // weigh-ins every third morning
  const weightRows: string[] = [];
  const fatRows: string[] = [];
  days.forEach((d, i) => {
    if (i % 3 !== 0) return;
    const t = localToUtc(Date.parse(`${d}T07:30:00Z`) + rng.int(0, 20) * MINUTE);
    const kg = Math.round((78 - i * 0.005 + rng.normal(0, 0.3)) * 10) / 10;
    const fat = Math.round(rng.range(21, 23) * 10) / 10;
    if (t >= legacyEnd) {
      weightRows.push(`${isoZ(t)},${Math.round(kg * 1000)},Aria\n`);
      // Real body-fat files carry microseconds.
      fatRows.push(`${isoZ(t).slice(0, 19)}.000000Z,${fat},Aria\n`);
    }
    const wall = t + offsetAt(t) * MINUTE;
    const w = legacyStamp(wall);
    fs.append(
      `${GED}weight-${monthFile(d)}.json`,
      addDays(monthEnd(d), 1),
      '',
      JSON.stringify({
        logId: t,
        weight: kg,
        bmi: Math.round((kg / 1.8 / 1.8) * 100) / 100,
        fat,
        date: w.slice(0, 8),
        time: w.slice(9),
        source: 'Aria',
      }),
    );
  });
  await fs.put(`${PA}weight.csv`, 'timestamp,weight grams,data source\n' + weightRows.join(''));
  await fs.put(
    `${PA}body_fat_${o.startDay}.csv`,
    'timestamp,body fat percentage,data source\n' + fatRows.join(''),
  );

  // --- sleep files -----------------------------------------------------------------------------
  let spo2Sentinels = 0;
  const sleepByMonth = new Map<string, { sleeps: string[]; stages: string[] }>();
  const sleepJsonByBlock = new Map<string, string[]>();
  let stageSeq = 0;
  for (const s of sleeps) {
    const so = offsetAt(s.start);
    const eo = offsetAt(s.end);
    const asleep =
      s.stages.filter((x) => x.type !== 'AWAKE').reduce((n, x) => n + (x.end - x.start), 0) / MINUTE;
    const awake =
      s.stages.filter((x) => x.type === 'AWAKE').reduce((n, x) => n + (x.end - x.start), 0) / MINUTE;
    if (s.end > legacyEnd) {
      const m = monthFile(s.endDay);
      let b = sleepByMonth.get(m);
      if (!b) {
        b = { sleeps: [], stages: [] };
        sleepByMonth.set(m, b);
      }
      b.sleeps.push(
        `${s.id},${s.classic ? 'CLASSIC' : 'STAGES'},${Math.round((s.end - s.start) / MINUTE)},0,0,${Math.round(asleep)},${Math.round(awake)},${offsetText(so)},${isoZ(s.start)},${offsetText(eo)},${isoZ(s.end)},${TRACKER},5,${isoZ(s.end + HOUR)},${isoZ(s.end + HOUR)}\n`,
      );
      for (const st of s.stages) {
        stageSeq++;
        b.stages.push(
          `${s.id},${stageSeq},${st.type},${offsetText(offsetAt(st.start))},${isoZ(st.start)},${offsetText(offsetAt(st.end))},${isoZ(st.end)},${isoZ(s.end + HOUR)}\n`,
        );
      }
    }
    // legacy v1.2 JSON (all sleeps; twins of UserSleeps after the legacy period)
    const block = days[Math.floor(Math.max(0, days.indexOf(s.endDay)) / 30) * 30] ?? o.startDay;
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
    const log = {
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
    let list = sleepJsonByBlock.get(block);
    if (!list) {
      list = [];
      sleepJsonByBlock.set(block, list);
    }
    list.push(JSON.stringify(log));
    if (s.isMain) {
      // HRV details (5 min, local wall time), minute SpO2 (UTC, with sentinels), computed temperature.
      const hrv: string[] = [];
      const spo2: string[] = [];
      for (let t = s.start; t < s.end; t += 5 * MINUTE) {
        hrv.push(
          `${isoLocal(t + offsetAt(t) * MINUTE)},${rng.range(20, 60).toFixed(3)},${rng.range(0.6, 1).toFixed(3)},${rng.range(200, 900).toFixed(3)},${rng.range(100, 600).toFixed(3)}\n`,
        );
      }
      if (!(notWornUtcDay !== undefined && s.endDay === notWornUtcDay)) {
        let n = 0;
        for (let t = s.start; t < s.end; t += MINUTE) {
          const sentinel = n++ % 97 === 13;
          if (sentinel) spo2Sentinels++;
          spo2.push(`${isoZ(t)},${sentinel ? '50.0' : rng.range(92, 99).toFixed(1)}\n`);
        }
      }
      await fs.put(
        `Heart Rate Variability/Heart Rate Variability Details - ${s.endDay}.csv`,
        'timestamp,rmssd,coverage,low_frequency,high_frequency\n' + hrv.join(''),
      );
      await fs.put(
        `Oxygen Saturation (SpO2)/Minute SpO2 - ${s.endDay}.csv`,
        'timestamp,value\n' + spo2.join(''),
      );
      const samples = rng.int(300, 420);
      const rel = rng.normal(0, 0.4);
      const nightly = 33.8 + rel;
      fs.append(
        `Temperature/Computed Temperature - ${monthFile(s.endDay)}.csv`,
        '9999-12-31',
        'type,sleep_start,sleep_end,temperature_samples,nightly_temperature,baseline_relative_sample_sum,baseline_relative_sample_sum_of_squares,baseline_relative_nightly_standard_deviation,baseline_relative_sample_standard_deviation\n',
        `SLEEP,${isoLocal(s.start + so * MINUTE)},${isoLocal(s.end + eo * MINUTE)},${samples},${nightly.toFixed(4)},${(rel * samples).toFixed(4)},${(rel * rel * samples + 10).toFixed(4)},0.2,0.3\n`,
      );
    }
  }
  const sleepsHeader =
    'sleep_id,sleep_type,minutes_in_sleep_period,minutes_after_wake_up,minutes_to_fall_asleep,minutes_asleep,minutes_awake,start_utc_offset,sleep_start,end_utc_offset,sleep_end,data_source,algorithm_version,sleep_created,sleep_last_updated\n';
  const stagesHeader =
    'sleep_id,sleep_stage_id,sleep_stage_type,start_utc_offset,sleep_stage_start,end_utc_offset,sleep_stage_end,sleep_stage_created\n';
  for (const [m, b] of sleepByMonth) {
    await fs.put(`${HFD}UserSleeps_${m}.csv`, sleepsHeader + b.sleeps.join(''));
    await fs.put(`${HFD}UserSleepStages_${m}.csv`, stagesHeader + b.stages.join(''));
  }
  for (const [block, list] of sleepJsonByBlock)
    await fs.put(`${GED}sleep-${block}.json`, `[${list.join(',\n')}]`);

  // --- exercises -------------------------------------------------------------------------------
  const exByMonth = new Map<string, string[]>();
  const exJson: string[] = [];
  let gpsPoints = 0;
  const gpsHeader = 'timestamp,latitude,longitude,altitude,data source\n';
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
    if (e.start >= legacyEnd && e.name === 'Run') {
      // A 1 Hz GPS track along a loop; the altitude is missing (`NaN`) now and then.
      const lat0 = 51.5 + rng.range(-0.01, 0.01);
      const lon0 = -0.12 + rng.range(-0.01, 0.01);
      const rows: string[] = [];
      for (let t = e.start, i = 0; t < e.end; t += 1000, i++) {
        const a = (2 * Math.PI * i) / 1200;
        rows.push(
          `${isoZ(t)},${(lat0 + 0.004 * Math.sin(a)).toFixed(6)},${(lon0 + 0.006 * Math.cos(a)).toFixed(6)},${i % 600 === 17 ? 'NaN' : (20 + 5 * Math.sin(a / 3)).toFixed(1)},${TRACKER}\n`,
        );
      }
      gpsPoints += rows.length;
      const utcDay = isoZ(e.start).slice(0, 10);
      await fs.put(`${PA}gps_location/gps_location_${utcDay}.csv`, gpsHeader + rows.join(''));
    }
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
  for (const [m, rows] of exByMonth) {
    await fs.put(
      `${HFD}UserExercises_${m}.csv`,
      'exercise_id,exercise_start,exercise_end,utc_offset,activity_name,log_type,tracker_total_calories,tracker_total_steps,tracker_total_distance_mm,tracker_avg_heart_rate,active_duration_ms\n' +
        rows.join(''),
    );
  }
  for (let i = 0; i < exJson.length; i += EXERCISE_PAGE)
    await fs.put(`${GED}exercise-${i}.json`, `[${exJson.slice(i, i + EXERCISE_PAGE).join(',\n')}]`);

  // --- devices, profile, empties, decoys -----------------------------------------------------------
  await fs.put(
    'Paired Devices/Trackers.csv',
    `tracker_id,tracker_name,device_type,date_added,last_sync_date_time,batt_level,hardware_version\n2849173,${TRACKER},TRACKER,${o.startDay},${isoZ(T1 - 2 * HOUR)},72,CHARGE6\n`,
  );
  const profileZone = o.profileZone === undefined ? firstZone.zone : o.profileZone;
  if (profileZone !== null) {
    await fs.put(
      'Your Profile/Profile.csv',
      `id,display_name,timezone,weight_unit,distance_unit\nABC123,Demo User,${profileZone},KILOGRAM,METRIC\n`,
    );
  }
  await fs.put(`${PA}swim_lengths_data.csv`, 'no data');
  await fs.put(`${PA}calories_in.csv`, 'timestamp,calories,data source\n');
  await fs.put(
    `${HFD}UserSleeps README.txt`,
    'Sleep sessions with UTC times and the UTC offset of the device.\n',
  );
  if (o.decoys ?? true) {
    const junk: string[] = ['timestamp,activity,probability\n'];
    for (let i = 0; i < 2000; i++)
      junk.push(`${isoZ(T0 + i * MINUTE)},${rng.int(0, 30)},${rng.next().toFixed(4)}\n`);
    await fs.put(`${HFD}UserActivityProbabilities_${o.startDay}.csv`, junk.join(''));
    await fs.put(`${HFD}UserSensorCompressionToken_${o.startDay}.csv`, 'token\n' + 'A'.repeat(4096) + '\n');
  }
  await fs.flush(undefined);
  const inputs = await writer.close();
  return {
    inputs,
    files: fs.files,
    bytes: fs.bytes,
    truth: {
      days,
      steps: stepsTruth,
      heartRateSamples: hrSamples,
      sleeps: sleeps.map(({ stages: _s, ...rest }) => rest),
      restingHr,
      spo2Sentinels,
      notWornUtcDay,
      phoneDays: [...phoneDaySet].filter((d) => !legacyDaySet.has(d)),
      legacyEnd,
      tracker: TRACKER,
      gpsPoints,
      mirrorHeartRateRows: mirrorHrRows,
    },
  };
}
