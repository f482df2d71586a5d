/**
 * System sleep and wake: the scheduler pauses its timer on suspend (no half-done sync on a lid
 * close) and catches up on resume (the interval has usually passed while asleep). The scheduler
 * is reached through this small interface so the shell does not depend on its internals.
 */
import type { PowerMonitor } from 'electron';

/** What the shell asks of the core's scheduler around sleep (main/core/sync/scheduler.ts SyncScheduler fits). */
export interface PowerAwareScheduler {
  /** The machine is going to sleep: stop the timer, let a running write finish. */
  suspend(): void;
  /** The machine woke up: restart the timer and sync now if a run is due. */
  resumeFromSuspend(): void;
}

export type PowerEvents = Pick<PowerMonitor, 'on' | 'removeListener'>;

/** Wires suspend/resume to the scheduler; returns a function that unwires them. */
export function wirePowerEvents(power: PowerEvents, scheduler: PowerAwareScheduler): () => void {
  const onSuspend = (): void => {
    scheduler.suspend();
  };
  const onResume = (): void => {
    scheduler.resumeFromSuspend();
  };
  power.on('suspend', onSuspend);
  power.on('resume', onResume);
  return () => {
    power.removeListener('suspend', onSuspend);
    power.removeListener('resume', onResume);
  };
}
