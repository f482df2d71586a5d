/**
 * Engine and CLI test fixtures: days of Google Health data (shaped like the reference, §2.7) put
 * into a blank in-process simulator, the test types, and a clock standing still.
 */
import { addDays } from '../../../main/core/model/civil-day.js';
import { TestClock } from '../../helpers/test-clock.js';
import { BLANK_ACCOUNT, SimHealthApi } from '../../harness/google-health-sim/in-process.js';
import { dailyPoint, intervalPoint, samplePoint } from '../sources/google-health/collectors/points.js';

export const TODAY = '2026-11-20';
export const ZONE = 'Europe/Berlin';

/** Adds one day of data for the test types (Berlin, +01:00 in November). */
export function addDay(api: SimHealthApi, day: string, seed = 1): void {
  const midnight = Date.parse(`${day}T00:00:00+01:00`);
  for (let h = 0; h < 24; h += 2) {
    const iso = new Date(midnight + h * 3_600_000).toISOString();
    api.controls.addPoints(
      'steps',
      intervalPoint('steps', iso, 1, '3600s', { count: String(100 + h + seed) }),
    );
    api.controls.addPoints(
      'heart-rate',
      samplePoint('heartRate', iso, '3600s', { beatsPerMinute: String(60 + (h % 7) + seed) }),
    );
  }
  api.controls.setRollup('steps', day, { steps: { countSum: String(5000 + seed) } });
  api.controls.setRollup('total-calories', day, { totalCalories: { kcalSum: 2200 + seed } });
  api.controls.addPoints(
    'daily-resting-heart-rate',
    dailyPoint('dailyRestingHeartRate', day, { beatsPerMinute: String(55 + seed) }),
  );
  const end = new Date(midnight + 6 * 3_600_000).toISOString();
  const start = new Date(midnight - 90 * 60_000).toISOString();
  api.controls.addPoints('sleep', {
    dataSource: { device: { displayName: 'Charge 6' } },
    sleep: {
      interval: { startTime: start, endTime: end, startUtcOffset: '3600s', endUtcOffset: '3600s' },
      type: 'STAGES',
      stages: [{ startTime: start, endTime: end, type: 'LIGHT' }],
      summary: { minutesAsleep: '400', minutesInSleepPeriod: '450' },
      metadata: { mainSleep: true },
    },
  });
}

/** A blank simulator (home zone Europe/Berlin) holding `days` days of data ending today. */
export function seededApi(days: number): SimHealthApi {
  const api = new SimHealthApi({ ...BLANK_ACCOUNT, homeZone: ZONE });
  for (let i = 0; i < days; i++) addDay(api, addDays(TODAY, -i));
  return api;
}

export const TEST_TYPES = ['steps', 'heart-rate', 'sleep', 'calories', 'resting-heart-rate'] as const;

/** A clock standing still at `iso` until the test moves it; its timers run on real time. */
export function fixedClock(iso: string): TestClock {
  return new TestClock({ start: Date.parse(iso), realTimersBelowMs: Infinity });
}
