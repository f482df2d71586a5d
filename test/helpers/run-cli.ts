/** Runs the real CLI (main/cli.ts) in-process and collects its exit code, stdout and stderr. */
import { main } from '../../main/cli.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs the real CLI in-process with a given environment, as a person would from a terminal.
 * `onOut` sees each stdout line as it is printed (e.g. to open the sign-in URL like a browser).
 */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  options: { onOut?: (line: string) => void; signal?: AbortSignal } = {},
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    env,
    {
      out: (l) => {
        out.push(l);
        options.onOut?.(l);
      },
      err: (l) => err.push(l),
    },
    options.signal ?? new AbortController().signal,
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}
