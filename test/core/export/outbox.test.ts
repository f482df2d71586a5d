import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncBitError } from '../../../main/core/errors.js';
import { Outbox } from '../../../main/core/export/outbox.js';
import type { DayJob, DayOutcome, Exporter } from '../../../main/core/export/types.js';
import { MemoryDaySource, makeDayRecords } from './day-fixture.js';

/** A destination that records what it received and can be told to fail. */
class FakeExporter implements Exporter {
  readonly destination = 'victoria' as const;
  readonly jobs: DayJob[] = [];
  /** day → what the "server" holds (hash) */
  readonly held = new Map<string, string>();
  down = false;
  rejectDays = new Set<string>();
  holdDays = new Set<string>();
  /** Simulates a crash after the server stored the day but before the ack reached us. */
  crashAfterStoreOn: string | undefined;

  prepare(): Promise<{ warnings: string[] }> {
    if (this.down)
      return Promise.reject(
        new SyncBitError('network', 'Cannot reach vm.test (ECONNREFUSED). SyncBit will retry.'),
      );
    return Promise.resolve({ warnings: [] });
  }
  exportDay(job: DayJob): Promise<DayOutcome> {
    this.jobs.push(job);
    if (this.down) return Promise.reject(new SyncBitError('network', 'connection reset'));
    if (this.holdDays.has(job.day))
      return Promise.resolve({ kind: 'held', reason: `${job.day} is older than the retention` });
    if (this.rejectDays.has(job.day))
      return Promise.resolve({ kind: 'rejected', message: 'HTTP 400: cannot parse line' });
    this.held.set(job.day, job.hash);
    if (this.crashAfterStoreOn === job.day) return Promise.reject(new Error('simulated crash'));
    return Promise.resolve({ kind: 'sent', written: job.records.length, skipped: 0 });
  }
  test(): Promise<{ ok: boolean; message: string; details: string[] }> {
    return Promise.resolve({ ok: true, message: 'ok', details: [] });
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const DAYS = ['2025-01-01', '2025-01-02', '2025-01-03', '2025-01-04'];

describe('Outbox', () => {
  let dir: string;
  let source: MemoryDaySource;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'syncbit-outbox-'));
    source = new MemoryDaySource();
    for (const d of DAYS) source.days.set(d, makeDayRecords(d, { dailyOnly: true }));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const enqueueAll = async (box: Outbox): Promise<number> =>
    box.enqueue(DAYS.map((day) => ({ day, hash: source.hashOf(day) })));

  /** An outbox holding every day of DAYS, and a fresh fake exporter to drain it into. */
  const queuedOutbox = async (): Promise<{ box: Outbox; ex: FakeExporter }> => {
    const box = await Outbox.open(dir, 'victoria');
    await enqueueAll(box);
    return { box, ex: new FakeExporter() };
  };

  /** The queued days drained by a process that crashed after the destination stored 2025-01-03. */
  const crashedOnThirdDay = async (): Promise<FakeExporter> => {
    const { box, ex } = await queuedOutbox();
    ex.crashAfterStoreOn = '2025-01-03';
    await box.drain(ex, { source });
    ex.crashAfterStoreOn = undefined;
    return ex;
  };

  it('exports every queued day once, oldest first, and forgets nothing across a restart', async () => {
    await enqueueAll(await Outbox.open(dir, 'victoria'));
    // A new instance (a restart) sees the full outbox.
    const box = await Outbox.open(dir, 'victoria');
    expect((await box.status()).pending).toBe(4);
    const ex = new FakeExporter();
    const sum = await box.drain(ex, { source });
    expect(sum.sent).toBe(4);
    expect(ex.jobs.map((j) => j.day)).toEqual(DAYS);
    expect(ex.jobs.every((j) => !j.mayBePartlySent && j.exportedHash === undefined)).toBe(true);
    expect((await (await Outbox.open(dir, 'victoria')).status()).pending).toBe(0);
  });

  it('does not export a day again when its content did not change', async () => {
    const { box, ex } = await queuedOutbox();
    await box.drain(ex, { source });
    expect(await enqueueAll(box)).toBe(0);
    const again = await box.drain(ex, { source });
    expect(again.state).toBe('idle');
    expect(ex.jobs).toHaveLength(4);
  });

  it('re-exports a changed day with the previous hash, so the exporter can reconcile', async () => {
    const { box, ex } = await queuedOutbox();
    await box.drain(ex, { source });
    const old = source.hashOf('2025-01-02');
    source.days.set('2025-01-02', makeDayRecords('2025-01-02', { dailyOnly: true, bump: 5 }));
    expect(await enqueueAll(box)).toBe(1);
    await box.drain(ex, { source });
    const last = ex.jobs.at(-1);
    expect(last?.day).toBe('2025-01-02');
    expect(last?.exportedHash).toBe(old);
    expect(ex.held.get('2025-01-02')).toBe(source.hashOf('2025-01-02'));
  });

  it('keeps everything and backs off (persisted) while the destination is down', async () => {
    const { box, ex } = await queuedOutbox();
    ex.down = true;
    let now = 1_000_000;
    const sum = await box.drain(ex, { source, now: () => now });
    expect(sum.error?.code).toBe('network');
    const st = await (await Outbox.open(dir, 'victoria')).status();
    expect(st.pending).toBe(4);
    expect(st.lastError?.message).toContain('ECONNREFUSED');
    expect(st.nextAttemptAt).toBeGreaterThan(now);
    // Before the retry time: nothing is attempted, even after a restart.
    ex.down = false;
    const early = await (await Outbox.open(dir, 'victoria')).drain(ex, { source, now: () => now + 1 });
    expect(early.state).toBe('backoff');
    expect(ex.jobs).toHaveLength(0);
    now = st.nextAttemptAt ?? now;
    const later = await box.drain(ex, { source, now: () => now });
    expect(later.sent).toBe(4);
    expect((await box.status()).lastError).toBeUndefined();
  });

  it('backs off longer after each consecutive failure', async () => {
    const { box, ex } = await queuedOutbox();
    ex.down = true;
    let now = 0;
    const delays: number[] = [];
    for (let k = 0; k < 4; k++) {
      await box.drain(ex, { source, now: () => now });
      const next = (await box.status()).nextAttemptAt ?? 0;
      delays.push(next - now);
      now = next;
    }
    for (let k = 1; k < delays.length; k++) expect(delays[k]).toBeGreaterThan(delays[k - 1] ?? 0);
  });

  it('sets a rejected day aside with the server message and still exports the others', async () => {
    const { box, ex } = await queuedOutbox();
    ex.rejectDays.add('2025-01-02');
    const sum = await box.drain(ex, { source });
    expect(sum.sent).toBe(3);
    expect(sum.rejected).toBe(1);
    const st = await box.status();
    expect(st.failed).toBe(1);
    expect(st.failedDays[0]).toMatchObject({ day: '2025-01-02', message: 'HTTP 400: cannot parse line' });
    expect(st.pending).toBe(0);
    // The dead letter does not block later drains; retryFailed puts it back (as "maybe partly sent").
    ex.rejectDays.clear();
    expect(await box.retryFailed()).toBe(1);
    await box.drain(ex, { source });
    expect(ex.jobs.at(-1)).toMatchObject({ day: '2025-01-02', mayBePartlySent: true });
    expect((await box.status()).failed).toBe(0);
  });

  it('after a crash between send and acknowledgement, re-sends the day flagged as maybe sent', async () => {
    const ex = await crashedOnThirdDay();
    const restarted = await Outbox.open(dir, 'victoria');
    expect((await restarted.status()).pending).toBe(2);
    await restarted.drain(ex, { source, force: true });
    const resent = ex.jobs.filter((j) => j.day === '2025-01-03');
    expect(resent).toHaveLength(2);
    expect(resent[1]?.mayBePartlySent).toBe(true);
    expect(resent[1]?.lastAttemptAt).toBeTypeOf('number');
    expect((await restarted.status()).pending).toBe(0);
  });

  it('survives a state journal torn by a crash mid-append: the torn line is ignored, nothing else is lost', async () => {
    const ex = await crashedOnThirdDay();
    const journal = (await readdir(join(dir, 'state', 'outbox', 'victoria'), { recursive: true })).find((f) =>
      f.endsWith('drain-state.jsonl'),
    );
    expect(journal).toBeDefined();
    await appendFile(join(dir, 'state', 'outbox', 'victoria', journal as string), '{"day":"2025-01-04","sta');
    const restarted = await Outbox.open(dir, 'victoria');
    expect((await restarted.status()).pending).toBe(2);
    await restarted.drain(ex, { source, force: true });
    expect((await restarted.status()).pending).toBe(0);
    expect(ex.jobs.filter((j) => j.day === '2025-01-01')).toHaveLength(1); // done days stay done
    expect(new Set(ex.held.keys())).toEqual(new Set(DAYS));
  });

  it('holds days the destination would drop, with a warning in status, and keeps them', async () => {
    const { box, ex } = await queuedOutbox();
    ex.holdDays.add('2025-01-01');
    const sum = await box.drain(ex, { source });
    expect(sum.held).toBe(1);
    const st = await box.status();
    expect(st.held).toBe(1);
    expect(st.pending).toBe(1);
    expect(st.warnings.join('\n')).toContain('2025-01-01 is older than the retention');
    // Not retried on every drain…
    const n = ex.jobs.length;
    await box.drain(ex, { source });
    expect(ex.jobs.length).toBe(n);
    // …but when forced, and it goes through once the destination accepts it.
    ex.holdDays.clear();
    await box.drain(ex, { source, force: true });
    expect((await box.status()).pending).toBe(0);
  });

  it('a day queued while a drain runs is not lost', async () => {
    const box = await Outbox.open(dir, 'victoria');
    await box.enqueue([{ day: DAYS[0]!, hash: source.hashOf(DAYS[0]!) }]);
    const ex = new FakeExporter();
    const other = await Outbox.open(dir, 'victoria');
    const slowSource = {
      readDay: async (day: string) => {
        // The sync fills the outbox while the export of day 1 is being prepared.
        await other.enqueue([{ day: DAYS[1]!, hash: source.hashOf(DAYS[1]!) }]);
        return source.readDay(day);
      },
    };
    await box.drain(ex, { source: slowSource });
    expect((await box.status()).pending).toBe(1);
    await box.drain(ex, { source });
    expect(ex.held.has(DAYS[1]!)).toBe(true);
  });

  it('refuses a second concurrent drain of the same destination', async () => {
    const { box, ex } = await queuedOutbox();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let reading: () => void = () => undefined;
    const firstIsReading = new Promise<void>((r) => (reading = r));
    const blocking = {
      readDay: async (d: string) => {
        reading();
        await gate;
        return source.readDay(d);
      },
    };
    const first = box.drain(ex, { source: blocking });
    // The first drain holds the lock once it reads its first day (not before: it may still be opening).
    await firstIsReading;
    const second = await (await Outbox.open(dir, 'victoria')).drain(ex, { source });
    expect(second.state).toBe('busy');
    release();
    expect((await first).sent).toBe(4);
  });
});
