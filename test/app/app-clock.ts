/**
 * The assembled app's clock in the test: real time from a fixed Friday morning, plus whatever the
 * test jumps forward. Timers run on real time and fire at once when a jump passes them, so "30
 * minutes pass" takes no time while retries and timeouts inside a sync still behave. The test
 * puts it in place of `systemClock` (vi.mock of main/core/ports), the clock `npm start` composes
 * with; the Google Health simulator reads the same clock.
 */
import { TestClock } from '../helpers/test-clock.js';

/** The instant the assembled app's day starts at in the test (a Friday morning in Berlin). */
export const APP_START = Date.parse('2026-11-20T09:00:00Z');
/** The one clock the booted app and the simulator share (see assembled-app.test.ts). */
export const appClock = new TestClock({ start: APP_START, flowing: true, realTimersBelowMs: Infinity });
