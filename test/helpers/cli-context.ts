/** A CliContext for calling one CLI command's run() directly, its output lines collected in `lines`. */
import type { CliContext } from '../../main/cli/context.js';
import { silentLogger } from '../../main/core/log.js';

/** The context a command sees: `env` as given, stdout and stderr both appended to `lines`. */
export function cliContext(env: Record<string, string>, lines: string[]): CliContext {
  return {
    env,
    io: { out: (l) => lines.push(l), err: (l) => lines.push(l) },
    log: silentLogger,
    shutdown: new AbortController().signal,
  };
}
