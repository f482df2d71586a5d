/**
 * S3 export against a real S3 server on loopback (s3rver). Assertions read objects back with
 * GetObject and gunzip them.
 */
import { gunzipSync } from 'node:zlib';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as exportCommand } from '../../main/cli/export.js';
import { run as testDestination } from '../../main/cli/test-destination.js';
import type { CliContext } from '../../main/cli/context.js';
import { silentLogger } from '../../main/core/log.js';
import { Outbox } from '../../main/core/export/outbox.js';
import { S3Exporter, type S3Options } from '../../main/core/export/s3/s3-exporter.js';
import type { DataRecord } from '../../main/core/model/record.js';
import { MemoryDaySource, makeDayRecords, writeArchiveDays } from '../core/export/day-fixture.js';
import { startS3, type S3Server } from '../harness/s3-server.js';

describe('S3 export (s3rver on loopback)', () => {
  let s3: S3Server;
  let client: S3Client;
  let base: string;
  let n = 0;
  beforeAll(async () => {
    s3 = await startS3();
    client = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
    base = await mkdtemp(join(tmpdir(), 'syncbit-s3-it-'));
  });
  afterAll(async () => {
    client.destroy();
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

  const getDay = async (key: string) => {
    const obj = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
    const bytes = Buffer.from(await obj.Body!.transformToByteArray());
    return { obj, records: JSON.parse(gunzipSync(bytes).toString('utf8')) as DataRecord[] };
  };
  const keys = async (prefix: string) =>
    ((await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }))).Contents ?? [])
      .map((o) => o.Key)
      .sort();

  const setup = async () => {
    n++;
    const dir = join(base, `t${n}`);
    const prefix = `cromwell/fitbit${n}`;
    const source = new MemoryDaySource();
    const box = await Outbox.open(dir, 's3');
    const enqueue = (days: readonly string[]) =>
      box.enqueue(days.map((day) => ({ day, hash: source.hashOf(day) })));
    return { dir, prefix, source, box, enqueue };
  };

  it('writes one gzipped JSON object per civil day with CromWell’s name, records and headers', async () => {
    const t = await setup();
    const days = ['2025-06-01', '2025-06-02', '2025-06-03'];
    for (const d of days) t.source.days.set(d, makeDayRecords(d, { offsetMinutes: 600 })); // UTC+10: the civil day, not the UTC day
    await t.enqueue(days);
    const ex = new S3Exporter(options(`/${t.prefix}/`));
    const sum = await t.box.drain(ex, { source: t.source });
    expect(sum).toMatchObject({ sent: 3, written: 3, pending: 0 });
    expect(await keys(t.prefix)).toEqual(days.map((d) => `${t.prefix}/fitbit_backup_${d}.json.gz`));
    for (const d of days) {
      const { obj, records } = await getDay(`${t.prefix}/fitbit_backup_${d}.json.gz`);
      expect(obj.ContentType).toBe('application/json');
      expect(obj.ContentEncoding).toBe('gzip');
      const want = t.source.days.get(d)!;
      expect(records).toHaveLength(want.length);
      const key = (r: DataRecord) => `${r.measurement}|${r.time}|${JSON.stringify(r.tags)}`;
      expect(new Set(records.map(key))).toEqual(new Set(want.map(key)));
      const steps = records.find((r) => r.measurement === 'Activity-steps');
      expect(steps).toEqual(want.find((r) => r.measurement === 'Activity-steps'));
    }
    await ex.close();
  });

  it('uploads a day again only when its content changed (also with lost outbox state)', async () => {
    const t = await setup();
    const days = ['2025-07-01', '2025-07-02'];
    for (const d of days) t.source.days.set(d, makeDayRecords(d, { dailyOnly: true }));
    await t.enqueue(days);
    const ex = new S3Exporter(options(t.prefix));
    await t.box.drain(ex, { source: t.source });
    // Outbox state lost (new machine, deleted folder): the object's hash metadata prevents re-uploads.
    const fresh = await Outbox.open(join(t.dir, 'other'), 's3');
    await fresh.enqueue(days.map((day) => ({ day, hash: t.source.hashOf(day) })));
    const again = await fresh.drain(ex, { source: t.source });
    expect(again).toMatchObject({ sent: 2, written: 0, alreadyThere: 2 });
    // A late change of day 2 uploads day 2 only, with the new content.
    t.source.days.set(days[1]!, makeDayRecords(days[1]!, { dailyOnly: true, bump: 3 }));
    expect(await t.enqueue(days)).toBe(1);
    const changed = await t.box.drain(ex, { source: t.source });
    expect(changed).toMatchObject({ sent: 1, written: 1 });
    const { records } = await getDay(`${t.prefix}/fitbit_backup_${days[1]!}.json.gz`);
    const newSteps = t.source.days.get(days[1]!)!.find((r) => r.measurement === 'Activity-steps')!.fields
      .value;
    expect(records.find((r) => r.measurement === 'Activity-steps')?.fields.value).toBe(newSteps);
    await ex.close();
  });

  it('unknown access key: days stay pending with a clear error, and go out once fixed', async () => {
    const t = await setup();
    const days = ['2025-08-01'];
    t.source.days.set(days[0]!, makeDayRecords(days[0]!, { dailyOnly: true }));
    await t.enqueue(days);
    const bad = new S3Exporter(options(t.prefix, { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'nope' }));
    const sum = await t.box.drain(bad, { source: t.source });
    expect(sum.error?.code).toBe('auth-required');
    const st = await t.box.status();
    expect(st.pending).toBe(1);
    expect(st.lastError?.message).toMatch(/refused the credentials.*HTTP 403.*AWS_ACCESS_KEY_ID/);
    expect(await keys(t.prefix)).toEqual([]);
    const good = new S3Exporter(options(t.prefix));
    expect(await t.box.drain(good, { source: t.source, force: true })).toMatchObject({ sent: 1, pending: 0 });
    expect(await keys(t.prefix)).toEqual([`${t.prefix}/fitbit_backup_2025-08-01.json.gz`]);
    await bad.close();
    await good.close();
  });

  it('no credentials at all: the days stay pending and the error says where to enter the keys', async () => {
    const t = await setup();
    const day = '2025-08-02';
    t.source.days.set(day, makeDayRecords(day, { dailyOnly: true }));
    await t.enqueue([day]);
    const none = new S3Exporter(options(t.prefix, { accessKeyId: undefined, secretAccessKey: undefined }));
    const sum = await t.box.drain(none, { source: t.source });
    expect(sum.error?.code).toBe('invalid-settings');
    expect(sum.error?.message).toMatch(
      /no S3 credentials were found\. Set the access key ID and secret in Settings/,
    );
    expect((await t.box.status()).pending).toBe(1);
    expect(await keys(t.prefix)).toEqual([]);
    await none.close();
  });

  it('CLI: test-destination checks credentials without writing; export --all drains the archive', async () => {
    const t = await setup();
    const days = ['2025-09-01', '2025-09-02'];
    const map = new Map(days.map((d) => [d, makeDayRecords(d, { dailyOnly: true })]));
    await writeArchiveDays(t.dir, map);
    const lines: string[] = [];
    const ctx = (env: Record<string, string>): CliContext => ({
      env: {
        SYNCBIT_DATA_DIR: t.dir,
        S3_BUCKET: s3.bucket,
        S3_PREFIX: t.prefix,
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
    expect(await testDestination(['s3'], ctx({ AWS_ACCESS_KEY_ID: 'AKIAUNKNOWN' }))).toBe(1);
    expect(lines.join('\n')).toMatch(/FAILED: S3 bucket .* refused the credentials/);
    expect(await keys(t.prefix)).toEqual([]);

    expect(await exportCommand(['--destination', 's3', '--all'], ctx({}))).toBe(0);
    expect(lines.join('\n')).toContain('s3: 2 day(s) exported');
    expect(await keys(t.prefix)).toEqual(days.map((d) => `${t.prefix}/fitbit_backup_${d}.json.gz`));
  });
});
