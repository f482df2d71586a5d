/**
 * A destination switched on after the data arrived starts receiving it: saving the settings runs
 * an export pass (the export-now path) over the archive, against a real S3 server on loopback.
 */
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { composeApp } from '../../../main/core/app/compose.js';
import { demoZones } from '../../../main/core/demo/demo-zones.js';
import { generateSyntheticTakeout } from '../../../main/core/demo/synthetic-takeout.js';
import { silentLogger } from '../../../main/core/log.js';
import { startS3 } from '../../harness/s3-server.js';
import { useTmpDirs } from '../../helpers/tmp-dir.js';

const tmp = useTmpDirs();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('saving settings', () => {
  it('sends the archive to a destination enabled after the import', async () => {
    const s3 = await startS3();
    cleanups.push(() => s3.stop());
    const gen = await generateSyntheticTakeout({
      seed: 3,
      startDay: '2026-05-01',
      days: 6,
      zones: demoZones('2026-05-01', 6),
      outDir: join(await tmp(), 'export'),
      format: 'folder',
      heartRateSeconds: 300,
    });
    const app = await composeApp({
      dataDir: await tmp(),
      env: {
        SYNCBIT_TOKEN_STORE: 'file',
        SYNCBIT_SECRETS_DIR: '/nonexistent',
        AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
      },
      log: silentLogger,
      openUrl: () => Promise.resolve(),
    });
    let closed = false;
    cleanups.push(async () => {
      if (!closed) await app.close();
    });
    const summary = await app.importTakeout(gen.inputs, () => undefined);
    expect(summary.days).toBeGreaterThanOrEqual(6);
    expect((await app.getStatus()).destinations.find((d) => d.name === 's3')?.enabled).toBe(false);

    await app.updateSettings({
      s3: {
        enabled: true,
        bucket: s3.bucket,
        endpoint: s3.endpoint,
        forcePathStyle: true,
        region: 'us-east-1',
        accessKeyId: s3.accessKeyId,
      },
    });
    await app.close(); // waits for the export pass the save started
    closed = true;

    const client = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
    cleanups.push(() => {
      client.destroy();
      return Promise.resolve();
    });
    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
    const keys = (listed.Contents ?? []).map((o) => o.Key ?? '');
    expect(keys.filter((k) => k.endsWith('.json.gz')).length).toBe(summary.days);
  });
});
