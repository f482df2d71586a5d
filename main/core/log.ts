/**
 * Logging with a redaction pass: tokens, OAuth codes, secrets and Authorization headers are removed
 * before any sink sees an entry, whatever the caller passed.
 */
import type { LogEntry, LogSink, Logger } from './ports.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const SECRET_KEY =
  /(token|secret|password|authorization|code_verifier|^code$|verifier|api[-_]?key|credential|cookie)/i;
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [/(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  [/\bya29\.[A-Za-z0-9._-]+/g, '[redacted]'],
  [/\b1\/\/[A-Za-z0-9._-]{10,}/g, '[redacted]'],
  [
    /([?&#](?:code|access_token|refresh_token|id_token|client_secret|code_verifier|token|password)=)[^&\s"']+/gi,
    '$1[redacted]',
  ],
  [
    /("(?:access_token|refresh_token|id_token|client_secret|code|code_verifier|password)"\s*:\s*")[^"]*"/gi,
    '$1[redacted]"',
  ],
  [/(\/\/[^/\s:@]+:)[^@\s/]+@/g, '$1[redacted]@'],
];

/** Removes secrets from free text. */
export function redactText(text: string): string {
  let out = text;
  for (const [re, rep] of SECRET_PATTERNS) out = out.replace(re, rep);
  return out;
}

/** Removes secrets from structured data: values under secret-looking keys, and secrets inside strings. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[…]';
  if (value instanceof Error) return redactText(`${value.name}: ${value.message}`);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = SECRET_KEY.test(k) && v !== undefined ? '[redacted]' : redact(v, depth + 1);
  return out;
}

/** A sink writing one line per entry (used by the CLI: stderr). */
export function lineSink(write: (line: string) => void): LogSink {
  return (e) => {
    const data = e.data && Object.keys(e.data).length > 0 ? ` ${JSON.stringify(e.data)}` : '';
    write(
      `${new Date(e.time).toISOString()} ${e.level.toUpperCase().padEnd(5)} [${e.scope}] ${e.message}${data}`,
    );
  };
}

/** A sink that keeps the last `size` entries in memory (for the app's log view and tests). */
export class RingSink {
  private readonly entries: LogEntry[] = [];
  constructor(private readonly size = 500) {}
  readonly sink: LogSink = (e) => {
    this.entries.push(e);
    if (this.entries.length > this.size) this.entries.shift();
  };
  recent(n = this.size): LogEntry[] {
    return this.entries.slice(-n);
  }
}

/** Creates a logger for `scope`. Every entry passes the redaction pass before reaching `sink`. */
export function createLogger(
  scope: string,
  sink: LogSink,
  options: { level?: LogLevel; now?: () => number } = {},
): Logger {
  const min = LEVELS[options.level ?? 'info'];
  const now = options.now ?? Date.now;
  const emit = (level: LogLevel, message: string, data?: Record<string, unknown>): void => {
    if (LEVELS[level] < min) return;
    const entry: LogEntry =
      data === undefined
        ? { time: now(), level, scope, message: redactText(message) }
        : {
            time: now(),
            level,
            scope,
            message: redactText(message),
            data: redact(data) as Record<string, unknown>,
          };
    sink(entry);
  };
  return {
    debug: (m, d) => {
      emit('debug', m, d);
    },
    info: (m, d) => {
      emit('info', m, d);
    },
    warn: (m, d) => {
      emit('warn', m, d);
    },
    error: (m, d) => {
      emit('error', m, d);
    },
    child: (sub) => createLogger(`${scope}:${sub}`, sink, options),
  };
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = createLogger('silent', () => undefined, { level: 'error' });
