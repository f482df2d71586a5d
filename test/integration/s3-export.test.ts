/**
 * S3 export against a real S3 server on loopback (s3rver). Assertions read objects back with
 * GetObject and gunzip them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as exportCommand } from '../../main/cli/export.js';
import { run as testDestination } from '../../main/cli/test-destination.js';
import { Outbox } from '../../main/core/export/outbox.js';
import { S3Exporter, type S3Options } from '../../main/core/export/s3/s3-exporter.js';
import type { DataRecord } from '../../main/core/model/record.js';
import { makeDayRecords, writeArchiveDays } from '../core/export/day-fixture.js';
import { startS3, type S3Server } from '../harness/s3-server.js';
import { cliContext } from '../helpers/cli-context.js';
import { openDayOutbox } from '../helpers/day-outbox.js';
import { listKeys, readDayObject, s3CliEnv, s3Client, s3Options } from '../helpers/s3-suite.js';

describe('S3 export (s3rver on loopback)', () => {
  let s3: S3Server;
  let client: S3Client;
  let base: string;
  let n = 0;
  beforeAll(async () => {
    s3 = await startS3();
    client = s3Client(s3);
    base = await mkdtemp(join(tmpdir(), 'syncbit-s3-it-'));
  });
  afterAll(async () => {
    client.destroy();
    await s3.stop();
    await rm(base, { recursive: true, force: true });
  });

  const options = (prefix: string, over: Partial<S3Options> = {}) => s3Options(s3, prefix, over);
  const getDay = (key: string) => readDayObject(client, s3.bucket, key);
  const keys = (prefix: string) => listKeys(client, s3.bucket, prefix);

  const setup = async () => {
    n++;
    const prefix = `cromwell/fitbit${n}`;
    return { ...(await openDayOutbox(join(base, `t${n}`), 's3')), prefix };
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
    const ctx = (env: Record<string, string>) =>
      cliContext({ ...s3CliEnv(s3, t.dir, t.prefix), ...env }, lines);
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
