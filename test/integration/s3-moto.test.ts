/**
 * S3 export against a server that checks SigV4 signatures (moto, test/harness/moto-server.ts):
 * s3rver accepts any secret, so only here does a signing mistake fail. The right key uploads and
 * lists under a prefix with `/`; a wrong secret is refused with a message that says what to fix.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as testDestination } from '../../main/cli/test-destination.js';
import { S3Exporter } from '../../main/core/export/s3/s3-exporter.js';
import { makeDayRecords } from '../core/export/day-fixture.js';
import { startMoto } from '../harness/moto-server.js';
import type { S3Server } from '../harness/s3-server.js';
import { cliContext } from '../helpers/cli-context.js';
import { openDayOutbox } from '../helpers/day-outbox.js';
import { listKeys, readDayObject, s3CliEnv, s3Client, s3Options } from '../helpers/s3-suite.js';

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

  /** One day of daily records queued in a fresh outbox under `<base>/<name>`. */
  const oneDay = async (name: string, day: string) => {
    const t = await openDayOutbox(join(base, name), 's3');
    t.source.days.set(day, makeDayRecords(day, { dailyOnly: true }));
    await t.enqueue([day]);
    return t;
  };

  it('the right key uploads the day; a signed list under a prefix with "/" finds it', async () => {
    const day = '2025-10-08';
    const { box, source } = await oneDay('right', day);
    const exporter = new S3Exporter(s3Options(s3, 'cromwell/fitbit'));
    expect(await box.drain(exporter, { source })).toMatchObject({ sent: 1, pending: 0 });
    await exporter.close();
    const c = s3Client(s3);
    expect(await listKeys(c, s3.bucket, 'cromwell/fitbit/')).toEqual([
      `cromwell/fitbit/fitbit_backup_${day}.json.gz`,
    ]);
    const { records } = await readDayObject(c, s3.bucket, `cromwell/fitbit/fitbit_backup_${day}.json.gz`);
    expect(records.length).toBe(source.days.get(day)?.length);
    c.destroy();
  });

  it('a wrong secret is refused: the day stays pending with a message naming what to fix', async () => {
    const { box, source } = await oneDay('wrong', '2025-10-09');
    const bad = new S3Exporter(s3Options(s3, 'wrong/secret', { secretAccessKey: `${s3.secretAccessKey}x` }));
    const sum = await box.drain(bad, { source });
    await bad.close();
    expect(sum.error?.code).toBe('auth-required');
    const st = await box.status();
    expect(st.pending).toBe(1);
    expect(st.lastError?.message).toMatch(/refused the credentials.*AWS_SECRET_ACCESS_KEY/);
    const c = s3Client(s3);
    expect(await listKeys(c, s3.bucket, 'wrong/')).toEqual([]);
    c.destroy();
  });

  it('CLI: test-destination s3 passes with a prefix containing "/" and fails on a wrong secret', async () => {
    const lines: string[] = [];
    const ctx = (env: Record<string, string>) =>
      cliContext({ ...s3CliEnv(s3, join(base, 'cli'), 'cromwell/fitbit/nested'), ...env }, lines);
    expect(await testDestination(['s3'], ctx({}))).toBe(0);
    expect(lines.join('\n')).toContain('OK: S3 bucket');
    lines.length = 0;
    expect(await testDestination(['s3'], ctx({ AWS_SECRET_ACCESS_KEY: 'not-the-secret' }))).toBe(1);
    expect(lines.join('\n')).toMatch(/FAILED: S3 bucket .* refused the credentials/);
  });
});
