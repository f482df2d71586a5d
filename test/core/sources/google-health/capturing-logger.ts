/**
 * A logger for the Google Health client tests that keeps every line and entry it was given, for
 * assertions on what was logged (and that secrets were redacted).
 */
import type { LogEntry } from '../../../../main/core/ports.js';
import { createLogger, lineSink } from '../../../../main/core/log.js';

/** A logger whose formatted output (what a sink would write) is kept for assertions. */
export function capturingLogger(): {
  log: ReturnType<typeof createLogger>;
  lines: string[];
  entries: LogEntry[];
} {
  const lines: string[] = [];
  const entries: LogEntry[] = [];
  const write = lineSink((l) => lines.push(l));
  const log = createLogger(
    'test',
    (e) => {
      entries.push(e);
      write(e);
    },
    { level: 'debug' },
  );
  return { log, lines, entries };
}
