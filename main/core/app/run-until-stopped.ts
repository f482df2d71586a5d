/**
 * The one stop path of the tray app and `syncbit daemon`: wait until the shutdown signal (SIGTERM,
 * SIGINT or Quit) fires, then close — the timer stops, a running sync finishes its current day
 * write, and the index and coverage are flushed. The caller then exits 0: being asked to stop is
 * not a failure (a service manager would report 130 or 143 as one).
 */

/** Resolves when `shutdown` aborts (at once when it already has). */
export function whenAborted(shutdown: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (shutdown.aborted) resolve();
    else
      shutdown.addEventListener(
        'abort',
        () => {
          resolve();
        },
        { once: true },
      );
  });
}

/** Waits for `shutdown`, then runs `close` (see module doc). */
export async function runUntilStopped(
  shutdown: AbortSignal,
  close: () => Promise<void>,
  onStopping?: () => void,
): Promise<void> {
  await whenAborted(shutdown);
  onStopping?.();
  await close();
}
