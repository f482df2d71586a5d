/**
 * S3 export against a server that checks SigV4 signatures (moto, test/harness/moto-server.ts):
 * s3rver accepts any secret, so only here does a signing mistake fail. The right key uploads and
 * lists under a prefix with `/`; a wrong secret is refused with a message that says what to fix.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as testDestination } from '../../main/cli/test-destination.js';
import type { CliContext } from '../../main/cli/context.js';
import { Outbox } from '../../main/core/export/outbox.js';
import { S3Exporter, type S3Options } from '../../main/core/export/s3/s3-exporter.js';
import { silentLogger } from '../../main/core/log.js';
import type { DataRecord } from '../../main/core/model/record.js';
import { MemoryDaySource, makeDayRecords } from '../core/export/day-fixture.js';
import { startMoto } from '../harness/moto-server.js';
import type { S3Server } from '../harness/s3-server.js';

describe('S3 export (moto, signatures checked)', () => {
  let s3: S3Server;
  let base: string;
  beforeAll(async () => {
    s3 = await startMoto();
    base = await mkdtemp(join(tmpdir(), 'syncbit-moto-'));
  }, 60_000);
  afterAll(async () => {
    await s3.stop();
    await rm(base, { recursive: true, force: true });
  });

  const options = (prefix: string, over: Partial<S3Options> = {}): S3Options => ({
    bucket: s3.bucket,
    prefix,
    region: 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    ...over,
  });
  const client = (secret = s3.secretAccessKey): S3Client =>
    new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: secret },
    });

  it('the right key uploads the day; a signed list under a prefix with "/" finds it', async () => {
    const dir = join(base, 'right');
    const day = '2025-10-08';
    const source = new MemoryDaySource();
    source.days.set(day, makeDayRecords(day, { dailyOnly: true }));
    const box = await Outbox.open(dir, 's3');
    await box.enqueue([{ day, hash: source.hashOf(day) }]);
    const exporter = new S3Exporter(options('cromwell/fitbit'));
    expect(await box.drain(exporter, { source })).toMatchObject({ sent: 1, pending: 0 });
    await exporter.close();
    const c = client();
    const listed = await c.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'cromwell/fitbit/' }));
    expect((listed.Contents ?? []).map((o) => o.Key)).toEqual([
      `cromwell/fitbit/fitbit_backup_${day}.json.gz`,
    ]);
    const obj = await c.send(
      new GetObjectCommand({ Bucket: s3.bucket, Key: `cromwell/fitbit/fitbit_backup_${day}.json.gz` }),
    );
    const records = JSON.parse(
      gunzipSync(Buffer.from(await obj.Body!.transformToByteArray())).toString('utf8'),
    ) as DataRecord[];
    expect(records.length).toBe(source.days.get(day)?.length);
    c.destroy();
  });

  it('a wrong secret is refused: the day stays pending with a message naming what to fix', async () => {
    const dir = join(base, 'wrong');
    const day = '2025-10-09';
    const source = new MemoryDaySource();
    source.days.set(day, makeDayRecords(day, { dailyOnly: true }));
    const box = await Outbox.open(dir, 's3');
    await box.enqueue([{ day, hash: source.hashOf(day) }]);
    const bad = new S3Exporter(options('wrong/secret', { secretAccessKey: `${s3.secretAccessKey}x` }));
    const sum = await box.drain(bad, { source });
    await bad.close();
    expect(sum.error?.code).toBe('auth-required');
    const st = await box.status();
    expect(st.pending).toBe(1);
    expect(st.lastError?.message).toMatch(/refused the credentials.*AWS_SECRET_ACCESS_KEY/);
    const c = client();
    const listed = await c.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'wrong/' }));
    expect(listed.Contents ?? []).toEqual([]);
    c.destroy();
  });

  it('CLI: test-destination s3 passes with a prefix containing "/" and fails on a wrong secret', async () => {
    const lines: string[] = [];
    const ctx = (env: Record<string, string>): CliContext => ({
      env: {
        SYNCBIT_DATA_DIR: join(base, 'cli'),
        S3_BUCKET: s3.bucket,
        S3_PREFIX: 'cromwell/fitbit/nested',
        S3_REGION: 'us-east-1',
        S3_ENDPOINT: s3.endpoint,
        S3_FORCE_PATH_STYLE: 'true',
        AWS_ACCESS_KEY_ID: s3.accessKeyId,
        AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
        ...env,
      },
      io: { out: (l) => lines.push(l), err: (l) => lines.push(l) },
      log: silentLogger,
      shutdown: new AbortController().signal,
    });
    expect(await testDestination(['s3'], ctx({}))).toBe(0);
    expect(lines.join('\n')).toContain('OK: S3 bucket');
    lines.length = 0;
    expect(await testDestination(['s3'], ctx({ AWS_SECRET_ACCESS_KEY: 'not-the-secret' }))).toBe(1);
    expect(lines.join('\n')).toMatch(/FAILED: S3 bucket .* refused the credentials/);
  });
});
