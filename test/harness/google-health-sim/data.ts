/**
 * Deterministic seeded data for one simulated person. Every (type, civil day) is a pure function of
 * the seed, so any window of history can be generated on demand and paged through repeatably.
 * Every point of day D starts inside [B(D), B(D+1)) (see timeline.ts), which keeps newest-first
 * paging across days simple.
 */
import { createHash } from 'node:crypto';
import { SIM_TYPES } from './catalog.js';
import type { Timeline } from './timeline.js';
import { addDays, durationString, rfc3339 } from './timeline.js';

/** One stored data point before rendering to JSON. */
export interface SimPoint {
  readonly id: string;
  /** Physical start (sample time for samples, B(D) for daily records) in ms. */
  readonly start: number;
  readonly end: number;
  readonly startOffset: number;
  readonly endOffset: number;
  /** Civil date for daily records. */
  readonly date?: string;
  /** Type-specific payload fields (besides the time fields). */
  readonly fields: Record<string, unknown>;
  /** The envelope's dataSource when a test set one (else the type's usual source). */
  readonly dataSource?: unknown;
}

/** A small fast PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(...parts: (string | number)[]): number {
  return createHash('sha256').update(parts.join('|')).digest().readUInt32LE(0);
}

const MIN = 60_000;

/** What a day looks like, shared by every intraday type so they agree with each other. */
export interface DayModel {
  readonly day: string;
  readonly start: number;
  /** Minutes in the day (1380/1440/1500 on DST days, other values on travel days). */
  readonly minutes: number;
  readonly wake: number;
  readonly bed: number;
  readonly steps: Int16Array;
  readonly hr: Float32Array;
  readonly floorsAt: ReadonlySet<number>;
  readonly exercise?: { start: number; duration: number; kind: 'RUNNING' | 'WALKING' | 'BIKING' };
  readonly nap?: { start: number; duration: number };
  /**
   * Minutes the tracker was off the wrist (charging; the whole day on a not-worn day): no heart
   * rate, steps, distance, floors, altitude or energy points (reference §6.7 data presence).
   */
  readonly offWrist: { start: number; duration: number };
}

const EXERCISE_NAMES = { RUNNING: 'Run', WALKING: 'Walk', BIKING: 'Bike' } as const;

export class SimData {
  private readonly models = new Map<string, DayModel>();

  constructor(
    readonly seed: number,
    readonly timeline: Timeline,
    readonly userId: string,
    readonly heartRateCadenceSeconds: number,
    private readonly presence: {
      /** Civil days the tracker was not worn at all. */
      readonly notWornDays?: ReadonlySet<string>;
      /** Worn minutes without steps carry a 0 point (true zeros) for steps and distance. */
      readonly trueZeros?: boolean;
    } = {},
  ) {}

  /** True when the tracker was on the wrist at `minute` of the day. */
  worn(m: DayModel, minute: number): boolean {
    return minute < m.offWrist.start || minute >= m.offWrist.start + m.offWrist.duration;
  }

  /** True when the tracker was worn at some time of `day`. */
  wornOn(day: string): boolean {
    return this.presence.notWornDays?.has(day) !== true;
  }

  private readonly offsetCache = new Map<number, number>();

  /** UTC offset (s) at an instant; memoised per hour (zones here change offset on whole hours). */
  offsetAt(ms: number): number {
    const hour = Math.floor(ms / 3_600_000);
    let o = this.offsetCache.get(hour);
    if (o === undefined) {
      o = this.timeline.offsetSecondsAt(hour * 3_600_000);
      this.offsetCache.set(hour, o);
    }
    return o;
  }

  model(day: string): DayModel {
    const cached = this.models.get(day);
    if (cached) return cached;
    const r = prng(seedOf(this.seed, 'model', day));
    const start = this.timeline.dayStart(day);
    const minutes = Math.round((this.timeline.dayStart(addDays(day, 1)) - start) / MIN);
    const wake = Math.min(minutes - 60, 7 * 60 + Math.floor(r() * 60) - 30);
    const bed = Math.min(minutes - 30, 23 * 60 + Math.floor(r() * 50) - 30);
    const kinds = ['RUNNING', 'WALKING', 'BIKING'] as const;
    const exercise =
      r() < 0.6
        ? {
            start: 18 * 60 + Math.floor(r() * 60),
            duration: 30 + Math.floor(r() * 31),
            kind: kinds[Math.floor(r() * 3)] ?? 'RUNNING',
          }
        : undefined;
    const dayIndex = Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
    const nap =
      dayIndex % 7 === 3
        ? { start: 14 * 60 + Math.floor(r() * 30), duration: 40 + Math.floor(r() * 40) }
        : undefined;
    // Not-worn hours: the tracker charges for 1–2 h after waking up.
    const charging = { start: wake + 20, duration: 60 + Math.floor(r() * 60) };
    const offWrist = this.wornOn(day) ? charging : { start: 0, duration: minutes };
    const steps = new Int16Array(minutes);
    const hr = new Float32Array(minutes);
    const floorsAt = new Set<number>();
    for (let m = 0; m < minutes; m++) {
      const asleep =
        m < wake || m >= bed || (nap !== undefined && m >= nap.start && m < nap.start + nap.duration);
      const inExercise =
        exercise !== undefined && m >= exercise.start && m < exercise.start + exercise.duration;
      if (inExercise) {
        steps[m] =
          exercise.kind === 'BIKING'
            ? 0
            : exercise.kind === 'RUNNING'
              ? 150 + Math.floor(r() * 25)
              : 105 + Math.floor(r() * 15);
        hr[m] = exercise.kind === 'RUNNING' ? 140 + r() * 28 : 112 + r() * 20;
      } else if (asleep) {
        hr[m] = 50 + r() * 8;
      } else {
        steps[m] = r() < 0.3 ? 5 + Math.floor(r() * 45) : 0;
        hr[m] = 64 + r() * 14 + (steps[m] ?? 0) / 2.5;
        if (r() < 0.012) floorsAt.add(m);
      }
    }
    for (let m = offWrist.start; m < Math.min(minutes, offWrist.start + offWrist.duration); m++) {
      steps[m] = 0;
      hr[m] = 0;
      floorsAt.delete(m);
    }
    const model: DayModel = {
      day,
      start,
      minutes,
      wake,
      bed,
      steps,
      hr,
      floorsAt,
      offWrist,
      ...(exercise ? { exercise } : {}),
      ...(nap ? { nap } : {}),
    };
    this.models.set(day, model);
    if (this.models.size > 400) {
      const first = this.models.keys().next();
      if (first.done !== true) this.models.delete(first.value);
    }
    return model;
  }

  private pointId(day: string, kind: number, index: number): string {
    return `${day.replace(/-/g, '')}${String(kind).padStart(2, '0')}${String(index).padStart(6, '0')}`;
  }

  private interval(
    m: DayModel,
    minute: number,
    lengthMin = 1,
  ): { start: number; end: number; startOffset: number; endOffset: number } {
    const start = m.start + minute * MIN;
    const end = start + lengthMin * MIN;
    return { start, end, startOffset: this.offsetAt(start), endOffset: this.offsetAt(end) };
  }

  private sample(ms: number): { start: number; end: number; startOffset: number; endOffset: number } {
    const o = this.offsetAt(ms);
    return { start: ms, end: ms, startOffset: o, endOffset: o };
  }

  /** Generates the reconciled points of `type` for civil day `day` (unsorted). */
  generate(type: string, day: string): SimPoint[] {
    const m = this.model(day);
    const r = prng(seedOf(this.seed, type, day));
    const typeNo = Object.keys(SIM_TYPES).indexOf(type);
    const out: SimPoint[] = [];
    const push = (
      t: { start: number; end: number; startOffset: number; endOffset: number },
      fields: Record<string, unknown>,
      date?: string,
    ): void => {
      out.push({
        id: this.pointId(day, typeNo, out.length),
        ...t,
        fields,
        ...(date !== undefined ? { date } : {}),
      });
    };
    const zoneOf = (minute: number): 'LIGHT' | 'MODERATE' | 'VIGOROUS' | 'PEAK' | undefined => {
      const h = m.hr[minute] ?? 0;
      return h >= 160
        ? 'PEAK'
        : h >= 135
          ? 'VIGOROUS'
          : h >= 110
            ? 'MODERATE'
            : h >= 95
              ? 'LIGHT'
              : undefined;
    };
    const daily = (fields: Record<string, unknown>): void => {
      push(
        {
          start: m.start,
          end: m.start,
          startOffset: this.offsetAt(m.start),
          endOffset: this.offsetAt(m.start),
        },
        fields,
        day,
      );
    };
    const rd = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;
    const sleepMinute = (minute: number): boolean => minute < m.wake || minute >= m.bed;
    switch (type) {
      case 'steps':
      case 'distance':
      case 'active-energy-burned':
        for (let i = 0; i < m.minutes; i++) {
          const s = m.steps[i] ?? 0;
          const running =
            m.exercise?.kind === 'RUNNING' &&
            i >= m.exercise.start &&
            i < m.exercise.start + m.exercise.duration;
          const zero = this.presence.trueZeros === true && type !== 'active-energy-burned' && this.worn(m, i);
          if (s <= 0 && !zero && !(type === 'active-energy-burned' && (m.hr[i] ?? 0) > 110)) continue;
          if (type === 'steps') push(this.interval(m, i), { count: String(s) });
          else if (type === 'distance')
            push(this.interval(m, i), { millimeters: String(Math.round(s * (running ? 1050 : 720))) });
          else
            push(this.interval(m, i), {
              kcal: rd(0.6 + s * 0.045 + Math.max(0, (m.hr[i] ?? 0) - 100) * 0.08, 2),
            });
        }
        break;
      case 'floors':
      case 'altitude':
        for (const i of [...m.floorsAt].sort((a, b) => a - b))
          push(
            this.interval(m, i),
            type === 'floors' ? { count: '1' } : { gainMillimeters: String(3000 + Math.floor(r() * 200)) },
          );
        break;
      case 'active-minutes':
        for (let i = 0; i < m.minutes; i++) {
          const s = m.steps[i] ?? 0;
          const z = zoneOf(i);
          const level =
            z === 'VIGOROUS' || z === 'PEAK'
              ? 'VIGOROUS'
              : z === 'MODERATE' || s >= 100
                ? 'MODERATE'
                : s >= 20
                  ? 'LIGHT'
                  : undefined;
          if (level)
            push(this.interval(m, i), {
              activeMinutesByActivityLevel: [{ activityLevel: level, activeMinutes: '1' }],
            });
        }
        break;
      case 'active-zone-minutes':
        for (let i = 0; i < m.minutes; i++) {
          const h = m.hr[i] ?? 0;
          if (h < 110) continue;
          const zone = h >= 160 ? 'PEAK' : h >= 135 ? 'CARDIO' : 'FAT_BURN';
          push(this.interval(m, i), {
            heartRateZone: zone,
            activeZoneMinutes: zone === 'FAT_BURN' ? '1' : '2',
          });
        }
        break;
      case 'time-in-heart-rate-zone': {
        let runStart = -1;
        let runZone: string | undefined;
        for (let i = 0; i <= m.minutes; i++) {
          const z = i < m.minutes ? zoneOf(i) : undefined;
          if (z !== runZone) {
            if (runZone !== undefined)
              push(this.interval(m, runStart, i - runStart), { heartRateZoneType: runZone });
            runZone = z;
            runStart = i;
          }
        }
        break;
      }
      case 'heart-rate': {
        const step = this.heartRateCadenceSeconds * 1000;
        const end = m.start + m.minutes * MIN;
        for (let t = m.start; t < end; t += step) {
          const minute = Math.floor((t - m.start) / MIN);
          if (minute >= m.offWrist.start && minute < m.offWrist.start + m.offWrist.duration) continue;
          const bpm = Math.round((m.hr[minute] ?? 60) + (r() - 0.5) * 4);
          push(this.sample(t), {
            beatsPerMinute: String(bpm),
            metadata: { motionContext: (m.steps[minute] ?? 0) > 0 ? 'ACTIVE' : 'SEDENTARY' },
          });
        }
        break;
      }
      case 'heart-rate-variability':
        for (let i = 0; i < m.minutes; i += 5)
          if (sleepMinute(i)) {
            const rmssd = rd(32 + r() * 25);
            push(this.sample(m.start + i * MIN), {
              rootMeanSquareOfSuccessiveDifferencesMilliseconds: rmssd,
              standardDeviationMilliseconds: rd(rmssd * 1.3),
              metadata: { lowFrequencyPower: rd(400 + r() * 600), highFrequencyPower: rd(300 + r() * 500) },
            });
          }
        break;
      case 'oxygen-saturation':
        for (let i = 0; i < m.minutes; i++)
          if (sleepMinute(i)) push(this.sample(m.start + i * MIN), { percentage: rd(94 + r() * 5) });
        break;
      case 'respiratory-rate-sleep-summary': {
        const stats = (base: number): Record<string, unknown> => ({
          breathsPerMinute: rd(base + r()),
          standardDeviation: rd(0.5 + r() * 0.8, 2),
          signalToNoise: rd(8 + r() * 10),
        });
        push(this.sample(m.start + m.wake * MIN), {
          fullSleepStats: stats(14.5),
          deepSleepStats: stats(13.8),
          lightSleepStats: stats(14.6),
          remSleepStats: stats(15.2),
        });
        break;
      }
      case 'weight':
      case 'body-fat': {
        const w = prng(seedOf(this.seed, 'weigh-in', day));
        if (w() < 0.45) {
          const t = m.start + (m.wake + 10) * MIN;
          const dayNo = Date.parse(`${day}T00:00:00Z`) / 86_400_000;
          if (type === 'weight')
            push(this.sample(t), {
              weightGrams: Math.round(81_000 + Math.sin(dayNo / 20) * 1200 + w() * 600),
            });
          else push(this.sample(t), { percentage: rd(22 + Math.sin(dayNo / 25) + w() * 0.6) });
        }
        break;
      }
      case 'daily-resting-heart-rate':
        daily({
          beatsPerMinute: String(54 + Math.floor(r() * 6)),
          dailyRestingHeartRateMetadata: { calculationMethod: 'WITH_SLEEP' },
        });
        break;
      case 'daily-heart-rate-zones': {
        const rest = 56;
        daily({
          heartRateZones: [
            {
              heartRateZoneType: 'LIGHT',
              minBeatsPerMinute: String(rest + 39),
              maxBeatsPerMinute: String(rest + 53),
            },
            {
              heartRateZoneType: 'MODERATE',
              minBeatsPerMinute: String(rest + 54),
              maxBeatsPerMinute: String(rest + 78),
            },
            {
              heartRateZoneType: 'VIGOROUS',
              minBeatsPerMinute: String(rest + 79),
              maxBeatsPerMinute: String(rest + 103),
            },
            { heartRateZoneType: 'PEAK', minBeatsPerMinute: String(rest + 104), maxBeatsPerMinute: '220' },
          ],
        });
        break;
      }
      case 'daily-heart-rate-variability':
        daily({
          averageHeartRateVariabilityMilliseconds: rd(38 + r() * 15),
          deepSleepRootMeanSquareOfSuccessiveDifferencesMilliseconds: rd(45 + r() * 15),
          nonRemHeartRateBeatsPerMinute: String(52 + Math.floor(r() * 6)),
          entropy: rd(2.5 + r(), 2),
        });
        break;
      case 'daily-oxygen-saturation': {
        const avg = rd(95.5 + r() * 2);
        daily({
          averagePercentage: avg,
          lowerBoundPercentage: rd(avg - 2.5),
          upperBoundPercentage: rd(Math.min(100, avg + 2)),
          standardDeviationPercentage: rd(0.6 + r() * 0.5, 2),
        });
        break;
      }
      case 'daily-respiratory-rate':
        daily({ breathsPerMinute: rd(14 + r() * 2) });
        break;
      case 'daily-sleep-temperature-derivations': {
        const baseline = 34.1;
        daily({
          nightlyTemperatureCelsius: rd(baseline + (r() - 0.5) * 1.2, 2),
          baselineTemperatureCelsius: baseline,
          relativeNightlyStddev30dCelsius: rd(0.2 + r() * 0.2, 2),
        });
        break;
      }
      case 'daily-vo2-max':
        daily({
          vo2Max: rd(44 + r() * 3),
          cardioFitnessLevel: 'GOOD',
          estimated: true,
          vo2MaxCovariance: rd(1.5 + r(), 2),
        });
        break;
      case 'sleep':
        this.sleepSessions(m, r, push);
        break;
      case 'exercise':
        if (m.exercise) {
          const ex = m.exercise;
          const t = this.interval(m, ex.start, ex.duration);
          let steps = 0;
          let hrSum = 0;
          for (let i = ex.start; i < ex.start + ex.duration; i++) {
            steps += m.steps[i] ?? 0;
            hrSum += m.hr[i] ?? 0;
          }
          const distance =
            ex.kind === 'BIKING'
              ? ex.duration * 400_000
              : Math.round(steps * (ex.kind === 'RUNNING' ? 1050 : 720));
          push(t, {
            exerciseType: ex.kind,
            displayName: EXERCISE_NAMES[ex.kind],
            activeDuration: durationString(ex.duration * 60),
            metricsSummary: {
              caloriesKcal: rd(ex.duration * (ex.kind === 'RUNNING' ? 11.5 : 6.5)),
              distanceMillimeters: String(distance),
              steps: String(steps),
              averageHeartRateBeatsPerMinute: String(Math.round(hrSum / ex.duration)),
              activeZoneMinutes: String(ex.duration),
              elevationGainMillimeters: String(Math.floor(r() * 40_000)),
            },
            exerciseMetadata: { hasGps: ex.kind !== 'WALKING' },
            createTime: rfc3339(t.end + 5 * MIN),
            updateTime: rfc3339(t.end + 5 * MIN),
          });
        }
        break;
      default:
        break;
    }
    return out;
  }

  private sleepSessions(
    m: DayModel,
    r: () => number,
    push: (
      t: { start: number; end: number; startOffset: number; endOffset: number },
      fields: Record<string, unknown>,
    ) => void,
  ): void {
    if (m.nap) {
      const t = this.interval(m, m.nap.start, m.nap.duration);
      const stages: Record<string, unknown>[] = [];
      let cursor = t.start;
      let asleep = 0;
      let awake = 0;
      while (cursor < t.end) {
        const type = stages.length % 4 === 3 ? 'RESTLESS' : stages.length % 2 === 1 ? 'AWAKE' : 'ASLEEP';
        const len = Math.min(
          t.end - cursor,
          (type === 'ASLEEP' ? 12 + Math.floor(r() * 10) : 1 + Math.floor(r() * 3)) * MIN,
        );
        stages.push(this.stage(cursor, cursor + len, type));
        if (type === 'AWAKE') awake += len / MIN;
        else asleep += len / MIN;
        cursor += len;
      }
      push(t, {
        type: 'CLASSIC',
        stages,
        summary: this.summary(asleep, awake, m.nap.duration, stages),
        metadata: {
          mainSleep: false,
          nap: true,
          processed: true,
          manuallyEdited: false,
          stagesStatus: 'REJECTED_NAP',
        },
      });
    }
    const next = this.model(addDays(m.day, 1));
    const start = m.start + m.bed * MIN;
    const end = next.start + next.wake * MIN;
    const stages: Record<string, unknown>[] = [];
    const cycle = ['LIGHT', 'DEEP', 'LIGHT', 'REM', 'AWAKE'] as const;
    let cursor = start;
    let i = 0;
    let asleep = 0;
    let awake = 0;
    while (cursor < end) {
      const type = cycle[i % cycle.length] ?? 'LIGHT';
      const base =
        type === 'AWAKE'
          ? 2 + r() * 4
          : type === 'DEEP'
            ? 15 + r() * 25
            : type === 'REM'
              ? 12 + r() * 20
              : 20 + r() * 30;
      const len = Math.min(end - cursor, Math.round(base) * MIN);
      stages.push(this.stage(cursor, cursor + len, type));
      if (type === 'AWAKE') awake += len / MIN;
      else asleep += len / MIN;
      cursor += len;
      i++;
    }
    const t = { start, end, startOffset: this.offsetAt(start), endOffset: this.offsetAt(end) };
    push(t, {
      type: 'STAGES',
      stages,
      summary: this.summary(asleep, awake, Math.round((end - start) / MIN), stages),
      metadata: {
        mainSleep: true,
        nap: false,
        processed: true,
        manuallyEdited: false,
        stagesStatus: 'SUCCEEDED',
      },
    });
  }

  private stage(start: number, end: number, type: string): Record<string, unknown> {
    return {
      startTime: rfc3339(start),
      endTime: rfc3339(end),
      startUtcOffset: durationString(this.offsetAt(start)),
      endUtcOffset: durationString(this.offsetAt(end)),
      type,
    };
  }

  private summary(
    asleep: number,
    awake: number,
    period: number,
    stages: Record<string, unknown>[],
  ): Record<string, unknown> {
    const byType = new Map<string, { minutes: number; count: number }>();
    for (const s of stages) {
      const type = String(s.type);
      const len = (Date.parse(String(s.endTime)) - Date.parse(String(s.startTime))) / MIN;
      const e = byType.get(type) ?? { minutes: 0, count: 0 };
      e.minutes += len;
      e.count += 1;
      byType.set(type, e);
    }
    return {
      minutesAsleep: String(Math.round(asleep)),
      minutesAwake: String(Math.round(awake)),
      minutesInSleepPeriod: String(period),
      minutesToFallAsleep: '0',
      minutesAfterWakeUp: '0',
      stagesSummary: [...byType].map(([type, e]) => ({
        type,
        minutes: String(Math.round(e.minutes)),
        count: String(e.count),
      })),
    };
  }

  /** A small TCX document for an exercise (track points only when it had GPS). */
  tcx(point: SimPoint): string {
    const f = point.fields;
    const hasGps = (f.exerciseMetadata as { hasGps?: boolean } | undefined)?.hasGps === true;
    const sport = f.exerciseType === 'BIKING' ? 'Biking' : f.exerciseType === 'RUNNING' ? 'Running' : 'Other';
    const r = prng(seedOf(this.seed, 'tcx', point.id));
    const pts: string[] = [];
    if (hasGps) {
      let lat = 52.52;
      let lon = 13.405;
      for (let t = point.start; t < point.end; t += 10_000) {
        lat += (r() - 0.4) * 0.0002;
        lon += (r() - 0.4) * 0.0002;
        pts.push(
          `<Trackpoint><Time>${rfc3339(t)}</Time><Position><LatitudeDegrees>${lat.toFixed(6)}</LatitudeDegrees><LongitudeDegrees>${lon.toFixed(6)}</LongitudeDegrees></Position><AltitudeMeters>${(34 + r() * 3).toFixed(1)}</AltitudeMeters><HeartRateBpm><Value>${130 + Math.floor(r() * 30)}</Value></HeartRateBpm></Trackpoint>`,
        );
      }
    }
    const secs = Math.round((point.end - point.start) / 1000);
    const ms = f.metricsSummary as { distanceMillimeters?: string; caloriesKcal?: number } | undefined;
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">',
      `<Activities><Activity Sport="${sport}"><Id>${rfc3339(point.start)}</Id>`,
      `<Lap StartTime="${rfc3339(point.start)}"><TotalTimeSeconds>${secs}</TotalTimeSeconds><DistanceMeters>${Number(ms?.distanceMillimeters ?? 0) / 1000}</DistanceMeters><Calories>${Math.round(ms?.caloriesKcal ?? 0)}</Calories>`,
      `<Track>${pts.join('')}</Track></Lap></Activity></Activities></TrainingCenterDatabase>`,
    ].join('\n');
  }
}
