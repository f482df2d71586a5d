/**
 * `syncbit test-destination <victoria|s3>`: checks that the destination is reachable and accepts
 * the credentials, without writing any data point (VM: an authenticated read of /api/v1/labels;
 * S3: HeadBucket + ListObjectsV2 with MaxKeys 1).
 */
import { SyncBitError } from '../core/errors.js';
import { openCoreContext } from '../core/core-context.js';
import { exportConfigFromSettings } from '../core/export/export-config.js';
import { createExporters } from '../core/export/exporters.js';
import { isDestinationName } from '../core/export/types.js';
import { parseCommandArgs } from './args.js';
import type { CliCommand } from './context.js';

const USAGE = 'test-destination <victoria|s3>';

export const run: CliCommand = async (args, ctx) => {
  const { positionals } = parseCommandArgs(args, {}, USAGE);
  const name = positionals[0];
  if (name === undefined || positionals.length > 1 || !isDestinationName(name))
    throw new SyncBitError('invalid-input', `Name one destination: victoria or s3.\nUsage: syncbit ${USAGE}`);
  const core = await openCoreContext({ env: ctx.env, log: ctx.log });
  const config = await exportConfigFromSettings(core.loaded.settings, core.secret);
  const only = name === 'victoria' ? { victoria: config.victoria } : { s3: config.s3 };
  const [exporter] = createExporters(core.dataDir, only, { log: ctx.log });
  if (exporter === undefined) {
    ctx.io.err(
      name === 'victoria'
        ? 'Victoria Metrics is not configured: set VICTORIA_ENDPOINT (full import URL) and VICTORIA_USER/VICTORIA_PASSWORD or VICTORIA_TOKEN.'
        : 'S3 is not configured: set S3_BUCKET (and S3_REGION, S3_ENDPOINT, S3_FORCE_PATH_STYLE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY as needed).',
    );
    return 1;
  }
  try {
    const result = await exporter.test(ctx.shutdown);
    const headline = `${result.ok ? 'OK' : 'FAILED'}: ${result.message}`;
    if (result.ok) ctx.io.out(headline);
    else ctx.io.err(headline);
    for (const d of result.details) ctx.io.out(`  ${d}`);
    return result.ok ? 0 : 1;
  } finally {
    await exporter.close();
  }
};
