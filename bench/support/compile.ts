/**
 * Compiles bench code to JavaScript as SyncBit ships (esbuild, Node 20, packages left external),
 * so that the measured process runs no tsx loader — nor do its worker threads, whose scripts are
 * built beside it under their own names, as dist/ holds them beside the modules that start them.
 */
import { build } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Builds `entries` (output name → source file, from the project root) into `.tmp/bench/<folder>/` and
 * returns the path of each output by name.
 */
export async function compileForBench<N extends string>(
  folder: string,
  entries: Readonly<Record<N, string>>,
): Promise<Record<N, string>> {
  const outdir = join(process.cwd(), '.tmp', 'bench', folder);
  const entryPoints: Record<string, string> = {};
  const out = {} as Record<N, string>;
  for (const [name, rel] of Object.entries(entries) as [N, string][]) {
    entryPoints[name] = fileURLToPath(new URL(`../../${rel}`, import.meta.url));
    out[name] = join(outdir, `${name}.js`);
  }
  await build({
    entryPoints,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir,
    logLevel: 'warning',
  });
  return out;
}
