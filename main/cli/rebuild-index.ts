/** `syncbit rebuild-index`: throws the archive index away and rebuilds it from the day files. */
import { rebuildIndex } from '../core/app/rebuild-index.js';
import { openSession } from '../core/app/session.js';
import type { CliCommand } from './context.js';

export const run: CliCommand = async (_args, ctx) => {
  const result = await rebuildIndex(await openSession({ env: ctx.env, log: ctx.log }));
  ctx.io.out(`Index rebuilt from ${result.days} day files.`);
  if (result.corrupt.length > 0) {
    ctx.io.err(
      `Corrupt day files left untouched (restore them from a backup or re-import): ${result.corrupt.join(', ')}`,
    );
    return 1;
  }
  return 0;
};
