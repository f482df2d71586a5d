/** The synthetic export's sessions: nightly sleeps (and naps), runs, and a walk after each flight. */
import { addDays, civilDayAt } from '../../model/civil-day.js';
import type { Prng } from '../prng.js';
import type { SyntheticSleep } from '../synthetic-takeout.js';
import { HOUR, MINUTE } from './format.js';
import type { Timeline } from './timeline.js';

export interface DemoStage {
  type: string;
  start: number;
  end: number;
}

export interface Sleep extends SyntheticSleep {
  stages: DemoStage[];
}

export interface Exercise {
  id: string;
  name: string;
  start: number;
  end: number;
}

function makeStages(rng: Prng, start: number, end: number, classic: boolean): DemoStage[] {
  const out: DemoStage[] = [];
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
}

/** A night's sleep from the evening before each day (and the last), plus a classic nap every ninth day; sorted. */
export function planSleeps(rng: Prng, tl: Timeline, startDay: string): Sleep[] {
  const { T0, T1, days, localToUtc, offsetAt } = tl;
  const sleeps: Sleep[] = [];
  let sleepSeq = 0;
  for (let i = -1; i < days.length; i++) {
    const d = addDays(startDay, i);
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
      stages: makeStages(rng, start, end, false),
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
          stages: makeStages(rng, ns, ne, true),
        });
      }
    }
  }
  sleeps.sort((a, b) => a.start - b.start);
  return sleeps;
}

/** An evening run every third day, and a short walk right after each zone switch; sorted. */
export function planExercises(rng: Prng, tl: Timeline): Exercise[] {
  const { T0, T1, days, localToUtc, switches } = tl;
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
  return exercises;
}
