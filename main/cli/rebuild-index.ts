/** `syncbit rebuild-index`: throws the archive index away and rebuilds it from the day files. */
import { Archive } from '../core/store/archive.js';
import { resolveDataDir } from '../core/store/paths.js';
import type { CliCommand } from './context.js';

export const run: CliCommand = async (_args, ctx) => {
  const archive = await Archive.open(resolveDataDir(ctx.env), { log: ctx.log });
  const result = await archive.rebuildIndex();
  ctx.io.out(`Index rebuilt from ${result.days} day files.`);
  if (result.corrupt.length > 0) {
    ctx.io.err(
      `Corrupt day files left untouched (restore them from a backup or re-import): ${result.corrupt.join(', ')}`,
    );
    return 1;
  }
  return 0;
};
