import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { startHealthSimulator } from '../harness/google-health-sim/index.js';
import { startS3, type S3Server } from '../harness/s3-server.js';
import { runCli } from '../helpers/run-cli.js';
import { useTmpDirs } from '../helpers/tmp-dir.js';
import { signedInViaCli } from '../helpers/sim-env.js';

const tmp = useTmpDirs();
type Sim = Awaited<ReturnType<typeof startHealthSimulator>>;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(
  extraEnv: NodeJS.ProcessEnv = {},
  simOptions: Parameters<typeof startHealthSimulator>[0] = {},
): Promise<{ sim: Sim; env: NodeJS.ProcessEnv }> {
  return signedInViaCli({
    sim: { heartRateCadenceSeconds: 60, historyDays: 30, ...simOptions },
    dataDir: await tmp(),
    env: { SYNCBIT_BACKFILL_DAYS: '7', ...extraEnv },
    onCleanup: (stop) => cleanups.push(stop),
  });
}

describe('syncbit sync end to end (simulator → archive → export)', () => {
  it('backfills the window, then a steady-state sync makes few requests and changes nothing old', async () => {
    // The simulator's clock stands still: nothing new arrives between the two syncs.
    const frozen = Date.now();
    const { sim, env } = await setup({}, { now: () => frozen });
    const first = await runCli(['sync'], env);
    expect(first.code, first.err + first.out).toBe(0);
    const files = await readdir(join(env.SYNCBIT_DATA_DIR as string, 'archive'));
    expect(files.filter((f) => f.startsWith('fitbit_backup_')).length).toBeGreaterThanOrEqual(7);

    const status = JSON.parse((await runCli(['status', '--json'], env)).out) as {
      types: { type: string; daysPresent: number; gaps: unknown[] }[];
    };
    const hr = status.types.find((t) => t.type === 'heart-rate');
    expect(hr?.daysPresent).toBeGreaterThanOrEqual(7);
    expect(hr?.gaps).toEqual([]);

    const archiveDir = join(env.SYNCBIT_DATA_DIR as string, 'archive');
    const oldest = files.filter((f) => f.startsWith('fitbit_backup_')).sort()[0] as string;
    const oldMtime = (await stat(join(archiveDir, oldest))).mtimeMs;
    const before = { ...sim.counters.byType };
    const tcxBefore = sim.counters.requests.exportExerciseTcx;
    const second = await runCli(['sync'], env);
    expect(second.code).toBe(0);
    // steady state: at most one request per Google data type when nothing changed (a cheap check
    // per type; recent days are re-read only when it says they changed, TCX only for changed days)
    for (const [type, n] of Object.entries(sim.counters.byType))
      expect(n - (before[type] ?? 0), type).toBeLessThanOrEqual(1);
    expect(sim.counters.requests.exportExerciseTcx).toBe(tcxBefore);
    // days outside the finalisation window are not rewritten
    expect((await stat(join(archiveDir, oldest))).mtimeMs).toBe(oldMtime);
  });

  it('turns a revoked sign-in into auth-required with what to do, and exits non-zero', async () => {
    const { sim, env } = await setup();
    sim.controls.revokeAllTokens();
    const res = await runCli(['sync'], env);
    expect(res.code).not.toBe(0);
    expect(res.out + res.err).toMatch(/syncbit authorize/);
  });

  it("says the app was disconnected on Google's side when every type answers 403 RESOURCE_PERMISSION_DENIED", async () => {
    const { sim, env } = await setup({ SYNCBIT_BACKFILL_DAYS: '2' });
    sim.controls.setDisconnected(true);
    const res = await runCli(['sync'], env);
    expect(res.code).not.toBe(0);
    expect(res.out + res.err).toContain('myaccount.google.com/connections');
    expect(res.out + res.err).toMatch(/authorize again/);
  });

  it('names the permission when only one type answers 403, and syncs the others', async () => {
    const { sim, env } = await setup({ SYNCBIT_BACKFILL_DAYS: '2' });
    sim.controls.denyType('weight');
    const res = await runCli(['sync'], env);
    const text = res.out + res.err;
    expect(text).not.toContain('myaccount.google.com/connections');
    expect(text).toMatch(/weight[^\n]*Health metrics and measurements/i);
    const status = JSON.parse((await runCli(['status', '--json'], env)).out) as {
      types: { type: string; daysPresent: number }[];
    };
    expect(status.types.find((t) => t.type === 'steps')?.daysPresent).toBeGreaterThan(0);
  });

  it('writes nothing for a day the tracker was not worn and calls it "not worn", not 0 steps', async () => {
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Berlin' });
    const notWorn = new Date(Date.parse(`${today}T12:00:00Z`) - 2 * 86_400_000).toISOString().slice(0, 10);
    // The simulator's day has reached the afternoon, so today already has steps whatever the hour here.
    const afternoon = Date.parse(`${today}T12:00:00Z`);
    const { env } = await setup(
      { SYNCBIT_BACKFILL_DAYS: '4' },
      { notWornDays: [notWorn], now: () => Math.max(Date.now(), afternoon) },
    );
    const res = await runCli(['sync', '--types', 'steps,distance,floors,elevation,calories'], env);
    expect(res.code, res.err + res.out).toBe(0);
    const file = join(env.SYNCBIT_DATA_DIR as string, 'archive', `fitbit_backup_${notWorn}.json.gz`);
    const day = existsSync(file) ? gunzipSync(await readFile(file)).toString('utf8') : '';
    // no zeros for unworn time: no steps, distance, floors, elevation or calories at all that day
    expect(day).not.toMatch(/"measurement":"(Activity-|Steps_Intraday|Distance_Intraday)/);
    // Yesterday is a whole worn day whatever the hour (today may not have a step yet at 3 a.m.).
    const yesterday = new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const other = gunzipSync(
      await readFile(join(env.SYNCBIT_DATA_DIR as string, 'archive', `fitbit_backup_${yesterday}.json.gz`)),
    ).toString('utf8');
    expect(other).toMatch(/"measurement":"Activity-steps"/);
    const status = JSON.parse((await runCli(['status', '--json'], env)).out) as {
      types: { type: string; daysNotWorn?: number; daysPresent: number }[];
    };
    for (const type of ['steps', 'distance', 'calories']) {
      const t = status.types.find((x) => x.type === type);
      expect(t?.daysNotWorn, type).toBe(1);
      expect(t?.daysPresent, type).toBeGreaterThanOrEqual(3);
    }
  });

  it('reports when a Testing-project sign-in lapses in status --json', async () => {
    const { env } = await setup({}, { refreshTokenTtlSeconds: 604_799 });
    const status = JSON.parse((await runCli(['status', '--json'], env)).out) as {
      signIn?: { lapsesAt?: string };
    };
    const lapses = Date.parse(status.signIn?.lapsesAt ?? '');
    expect(lapses - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect(lapses - Date.now()).toBeLessThanOrEqual(604_799_000);
  });

  it('fills the S3 outbox after a sync and uploads each changed day, named by its civil day', async () => {
    const s3: S3Server = await startS3('fitbit-archive');
    cleanups.push(() => s3.stop());
    const { env } = await setup({
      S3_BUCKET: s3.bucket,
      S3_ENDPOINT: s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      S3_PREFIX: 'cromwell/fitbit',
      AWS_ACCESS_KEY_ID: s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    });
    const res = await runCli(['sync'], env);
    expect(res.code, res.err).toBe(0);
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
    const listed = await client.send(
      new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'cromwell/fitbit/' }),
    );
    const keys = (listed.Contents ?? []).map((o) => o.Key ?? '').sort();
    const archived = (await readdir(join(env.SYNCBIT_DATA_DIR as string, 'archive')))
      .filter((f) => f.startsWith('fitbit_backup_'))
      .sort();
    expect(keys).toEqual(archived.map((f) => `cromwell/fitbit/${f}`));
    client.destroy();
    const status = await runCli(['status'], env);
    expect(status.out).toMatch(/Export s3: 0 pending/);
  });
});
