/**
 * `syncbit test-destination <victoria|s3>`: checks that the destination is reachable and accepts
 * the credentials, without writing any data point (main/core/app/export-now.ts testDestination).
 */
import { SyncBitError } from '../core/errors.js';
import { notSetUpMessage, testDestination } from '../core/app/export-now.js';
import { isDestinationName } from '../core/app/presentation.js';
import { openSession } from '../core/app/session.js';
import { parseCommandArgs } from './args.js';
import type { CliCommand } from './context.js';

const USAGE = 'test-destination <victoria|s3>';

export const run: CliCommand = async (args, ctx) => {
  const { positionals } = parseCommandArgs(args, {}, USAGE);
  const name = positionals[0];
  if (name === undefined || positionals.length > 1 || !isDestinationName(name))
    throw new SyncBitError('invalid-input', `Name one destination: victoria or s3.\nUsage: syncbit ${USAGE}`);
  const session = await openSession({ env: ctx.env, log: ctx.log });
  const result = await testDestination(session, name, ctx.shutdown);
  if (result === undefined) {
    ctx.io.err(notSetUpMessage(name));
    return 1;
  }
  const headline = `${result.ok ? 'OK' : 'FAILED'}: ${result.message}`;
  if (result.ok) ctx.io.out(headline);
  else ctx.io.err(headline);
  for (const d of result.details) ctx.io.out(`  ${d}`);
  return result.ok ? 0 : 1;
};
