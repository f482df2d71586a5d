/**
 * The outbox drain's pure transitions as tables: each row is a run (or the loaded days and meta),
 * an event, and the expected next state and effects. The I/O loop around them is tested in
 * outbox.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { BackoffPolicy } from '../../../main/core/export/backoff.js';
import {
  DAY_MS,
  drainStep,
  EMPTY_META,
  pendingAfter,
  planDrain,
  retryFailedRecords,
  startRun,
  type DayState,
  type DrainEffect,
  type DrainEvent,
  type DrainRun,
  type Entry,
  type Meta,
} from '../../../main/core/export/outbox-transitions.js';

const POLICY: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000, jitter: 0.2 };
const T = 1_000_000;
const D1 = '2025-01-01';
const D2 = '2025-01-02';

const entry = (day: string, hash: string, state: DayState = {}): Entry => ({
  day,
  want: { hash, at: 0 },
  state,
});

describe('planDrain', () => {
  const rows: {
    name: string;
    entries: Entry[];
    meta?: Meta;
    force?: boolean;
    expected: ReturnType<typeof planDrain> | { kind: 'run'; due: string[] };
  }[] = [
    { name: 'nothing wanted → idle', entries: [], expected: { kind: 'idle', pending: 0 } },
    {
      name: 'already exported → idle',
      entries: [entry(D1, 'h1', { exportedHash: 'h1', partlySent: false })],
      expected: { kind: 'idle', pending: 0 },
    },
    {
      name: 'new content → run',
      entries: [entry(D1, 'h1'), entry(D2, 'h2', { exportedHash: 'old' })],
      expected: { kind: 'run', due: [D1, D2] },
    },
    {
      name: 'exported but maybe sent again → run',
      entries: [entry(D1, 'h1', { exportedHash: 'h1', partlySent: true })],
      expected: { kind: 'run', due: [D1] },
    },
    {
      name: 'backoff timer running → backoff',
      entries: [entry(D1, 'h1')],
      meta: { ...EMPTY_META, consecutiveFailures: 2, nextAttemptAt: T + 5 },
      expected: { kind: 'backoff', pending: 1, nextAttemptAt: T + 5 },
    },
    {
      name: 'backoff timer running, forced → run',
      entries: [entry(D1, 'h1')],
      meta: { ...EMPTY_META, consecutiveFailures: 2, nextAttemptAt: T + 5 },
      force: true,
      expected: { kind: 'run', due: [D1] },
    },
    {
      name: 'backoff timer expired → run',
      entries: [entry(D1, 'h1')],
      meta: { ...EMPTY_META, consecutiveFailures: 2, nextAttemptAt: T },
      expected: { kind: 'run', due: [D1] },
    },
    {
      name: 'held, not yet time → idle but pending',
      entries: [entry(D1, 'h1', { held: { hash: 'h1', reason: 'r', at: T, retryAt: T + 1 } })],
      expected: { kind: 'idle', pending: 1 },
    },
    {
      name: 'held, time to look again → run',
      entries: [entry(D1, 'h1', { held: { hash: 'h1', reason: 'r', at: T, retryAt: T } })],
      expected: { kind: 'run', due: [D1] },
    },
    {
      name: 'held for older content → run',
      entries: [entry(D1, 'h2', { held: { hash: 'h1', reason: 'r', at: T, retryAt: T + 1 } })],
      expected: { kind: 'run', due: [D1] },
    },
    {
      name: 'set aside (rejected this content) → idle, not pending',
      entries: [entry(D1, 'h1', { failed: { hash: 'h1', message: 'bad', at: T } })],
      expected: { kind: 'idle', pending: 0 },
    },
    {
      name: 'set aside for older content → run',
      entries: [entry(D1, 'h2', { failed: { hash: 'h1', message: 'bad', at: T } })],
      expected: { kind: 'run', due: [D1] },
    },
  ];
  it.each(rows)('$name', ({ entries, meta, force, expected }) => {
    const plan = planDrain(entries, meta ?? EMPTY_META, T, force ?? false);
    expect(plan.kind === 'run' ? { kind: 'run', due: plan.due.map((e) => e.day) } : plan).toEqual(expected);
  });
});

/** A run over D1 (h1, exported as `old`) and D2 (h2, new), with D1 in flight when `flying`. */
function run(over: Partial<DrainRun> = {}): DrainRun {
  return {
    ...startRun([entry(D1, 'h1', { exportedHash: 'old', lastAttemptAt: 5 }), entry(D2, 'h2')], EMPTY_META),
    ...over,
  };
}
const flying = (): Partial<DrainRun> => ({
  inFlight: { day: D1, hash: 'h1', before: { exportedHash: 'old', lastAttemptAt: 5 }, attemptAt: T },
  days: new Map([[D1, { exportedHash: 'old', lastAttemptAt: T, partlySent: true }]]),
  counts: { attempted: 1, sent: 0, written: 0, alreadyThere: 0, held: 0, rejected: 0 },
});
const acked = { day: D2, state: { exportedHash: 'h2', exportedAt: 9, partlySent: false, lastAttemptAt: 8 } };

describe('drainStep', () => {
  const rows: {
    name: string;
    run: DrainRun;
    event: DrainEvent;
    state: Partial<Record<keyof DrainRun, unknown>>;
    days?: Record<string, DayState>;
    effects: DrainEffect[];
  }[] = [
    {
      name: 'prepared: the exporter’s warnings replace the stored ones',
      run: run({ meta: { ...EMPTY_META, warnings: ['stale'] } }),
      event: { kind: 'prepared', warnings: ['retention is 30 days'] },
      state: { meta: { ...EMPTY_META, warnings: ['retention is 30 days'] } },
      effects: [],
    },
    {
      name: 'attempt: "maybe sent" marker journaled with the previous acknowledgements',
      run: run({ settled: [acked] }),
      event: { kind: 'attempt', day: D1, at: T },
      state: {
        settled: [],
        inFlight: { day: D1, hash: 'h1', before: { exportedHash: 'old', lastAttemptAt: 5 }, attemptAt: T },
        counts: { attempted: 1, sent: 0, written: 0, alreadyThere: 0, held: 0, rejected: 0 },
      },
      days: { [D1]: { exportedHash: 'old', lastAttemptAt: T, partlySent: true } },
      effects: [
        {
          kind: 'append',
          records: [acked, { day: D1, state: { exportedHash: 'old', lastAttemptAt: T, partlySent: true } }],
        },
      ],
    },
    {
      name: 'outcome sent: acknowledged, settled for the next append',
      run: run(flying()),
      event: { kind: 'outcome', outcome: { kind: 'sent', written: 40, skipped: 2 }, at: T + 7 },
      state: {
        inFlight: undefined,
        counts: { attempted: 1, sent: 1, written: 40, alreadyThere: 2, held: 0, rejected: 0 },
        settled: [
          { day: D1, state: { exportedHash: 'h1', exportedAt: T + 7, partlySent: false, lastAttemptAt: T } },
        ],
      },
      days: { [D1]: { exportedHash: 'h1', exportedAt: T + 7, partlySent: false, lastAttemptAt: T } },
      effects: [],
    },
    {
      name: 'outcome held: not sent, looked at again a day later, state before the attempt kept',
      run: run(flying()),
      event: { kind: 'outcome', outcome: { kind: 'held', reason: 'too old' }, at: T + 7 },
      state: { counts: { attempted: 1, sent: 0, written: 0, alreadyThere: 0, held: 1, rejected: 0 } },
      days: {
        [D1]: {
          exportedHash: 'old',
          lastAttemptAt: 5,
          held: { hash: 'h1', reason: 'too old', at: T + 7, retryAt: T + 7 + DAY_MS },
        },
      },
      effects: [],
    },
    {
      name: 'outcome rejected: set aside at once (dead letter), still maybe sent',
      run: run(flying()),
      event: { kind: 'outcome', outcome: { kind: 'rejected', message: 'HTTP 400' }, at: T + 7 },
      state: { counts: { attempted: 1, sent: 0, written: 0, alreadyThere: 0, held: 0, rejected: 1 } },
      days: {
        [D1]: {
          exportedHash: 'old',
          lastAttemptAt: T,
          partlySent: true,
          failed: { hash: 'h1', message: 'HTTP 400', at: T + 7 },
        },
      },
      effects: [
        {
          kind: 'log',
          level: 'warn',
          message: 'export: day rejected by the destination, set aside',
          fields: { day: D1 },
        },
      ],
    },
    {
      name: 'stopped without error: failures reset, success time, meta journaled with the acknowledgements',
      run: run({
        settled: [acked],
        meta: {
          consecutiveFailures: 3,
          nextAttemptAt: 1,
          lastError: { code: 'network', message: 'x', at: 1 },
          warnings: [],
        },
      }),
      event: { kind: 'stopped', at: T, random: 0.5 },
      state: {
        settled: [],
        error: undefined,
        meta: {
          consecutiveFailures: 0,
          nextAttemptAt: undefined,
          lastError: undefined,
          lastSuccessAt: T,
          warnings: [],
        },
      },
      effects: [
        {
          kind: 'append',
          records: [
            acked,
            {
              meta: {
                consecutiveFailures: 0,
                nextAttemptAt: undefined,
                lastError: undefined,
                lastSuccessAt: T,
                warnings: [],
              },
            },
          ],
        },
      ],
    },
    {
      name: 'stopped, cancelled: meta unchanged and not journaled',
      run: run({ settled: [acked] }),
      event: { kind: 'stopped', at: T, random: 0.5, error: { code: 'cancelled', message: 'stop' } },
      state: { meta: EMPTY_META, error: { code: 'cancelled', message: 'stop' } },
      effects: [
        { kind: 'log', level: 'info', message: 'export: cancelled', fields: {} },
        { kind: 'append', records: [acked] },
      ],
    },
    {
      name: 'stopped, cancelled with nothing settled: no append',
      run: run(),
      event: { kind: 'stopped', at: T, random: 0.5, error: { code: 'cancelled', message: 'stop' } },
      state: { meta: EMPTY_META },
      effects: [{ kind: 'log', level: 'info', message: 'export: cancelled', fields: {} }],
    },
    {
      name: 'stopped, destination failed (first time): backoff of the base delay',
      run: run(flying()),
      event: { kind: 'stopped', at: T, random: 0.5, error: { code: 'network', message: 'reset' } },
      state: {
        inFlight: undefined,
        meta: {
          consecutiveFailures: 1,
          nextAttemptAt: T + 1_000,
          lastError: { code: 'network', message: 'reset', at: T },
          warnings: [],
        },
      },
      days: { [D1]: { exportedHash: 'old', lastAttemptAt: T, partlySent: true } },
      effects: [
        {
          kind: 'log',
          level: 'warn',
          message: 'export: destination failed, will retry',
          fields: { errorCode: 'network', message: 'reset', nextAttemptAt: T + 1_000 },
        },
        {
          kind: 'append',
          records: [
            {
              meta: {
                consecutiveFailures: 1,
                nextAttemptAt: T + 1_000,
                lastError: { code: 'network', message: 'reset', at: T },
                warnings: [],
              },
            },
          ],
        },
      ],
    },
    {
      name: 'stopped, destination failed a fourth time: delay doubled thrice, jitter applied',
      run: run({ meta: { ...EMPTY_META, consecutiveFailures: 3 } }),
      event: { kind: 'stopped', at: T, random: 1, error: { code: 'auth', message: 'denied' } },
      state: {
        meta: {
          consecutiveFailures: 4,
          nextAttemptAt: T + 9_600,
          lastError: { code: 'auth', message: 'denied', at: T },
          warnings: [],
        },
      },
      effects: [
        {
          kind: 'log',
          level: 'warn',
          message: 'export: destination failed, will retry',
          fields: { errorCode: 'auth', message: 'denied', nextAttemptAt: T + 9_600 },
        },
        {
          kind: 'append',
          records: [
            {
              meta: {
                consecutiveFailures: 4,
                nextAttemptAt: T + 9_600,
                lastError: { code: 'auth', message: 'denied', at: T },
                warnings: [],
              },
            },
          ],
        },
      ],
    },
    {
      name: 'stopped, destination failed many times: delay capped at the maximum',
      run: run({ meta: { ...EMPTY_META, consecutiveFailures: 40 } }),
      event: { kind: 'stopped', at: T, random: 1, error: { code: 'network', message: 'down' } },
      state: {
        meta: {
          consecutiveFailures: 41,
          nextAttemptAt: T + 60_000,
          lastError: { code: 'network', message: 'down', at: T },
          warnings: [],
        },
      },
      effects: [
        {
          kind: 'log',
          level: 'warn',
          message: 'export: destination failed, will retry',
          fields: { errorCode: 'network', message: 'down', nextAttemptAt: T + 60_000 },
        },
        {
          kind: 'append',
          records: [
            {
              meta: {
                consecutiveFailures: 41,
                nextAttemptAt: T + 60_000,
                lastError: { code: 'network', message: 'down', at: T },
                warnings: [],
              },
            },
          ],
        },
      ],
    },
  ];
  it.each(rows)('$name', ({ run: before, event, state, days, effects }) => {
    const step = drainStep(before, event, POLICY);
    expect(step.effects).toEqual(effects);
    expect(step.state).toMatchObject(state);
    if (days) expect(Object.fromEntries(step.state.days)).toEqual(days);
  });

  it('an outcome with no day in flight is a programming error', () => {
    expect(() =>
      drainStep(run(), { kind: 'outcome', outcome: { kind: 'held', reason: 'r' }, at: T }, POLICY),
    ).toThrow(RangeError);
  });
});

describe('a whole drain, event by event', () => {
  it('sends, rejects and counts what is still pending', () => {
    let r = startRun([entry(D1, 'h1'), entry(D2, 'h2')], EMPTY_META);
    const appends: unknown[] = [];
    const events: DrainEvent[] = [
      { kind: 'prepared', warnings: [] },
      { kind: 'attempt', day: D1, at: 1 },
      { kind: 'outcome', outcome: { kind: 'sent', written: 3, skipped: 0 }, at: 2 },
      { kind: 'attempt', day: D2, at: 3 },
      { kind: 'outcome', outcome: { kind: 'rejected', message: 'bad' }, at: 4 },
      { kind: 'stopped', at: 5, random: 0.5 },
    ];
    for (const e of events) {
      const step = drainStep(r, e, POLICY);
      for (const eff of step.effects) if (eff.kind === 'append') appends.push(eff.records.length);
      r = step.state;
    }
    // marker D1; ack D1 + marker D2; ack D2 + meta
    expect(appends).toEqual([1, 2, 2]);
    expect(r.counts).toMatchObject({ attempted: 2, sent: 1, rejected: 1 });
    expect(pendingAfter(r)).toBe(0);
  });
});

describe('retryFailedRecords', () => {
  const rows: { name: string; entries: Entry[]; meta: Meta; expected: unknown[] }[] = [
    {
      name: 'nothing set aside → nothing written',
      entries: [entry(D1, 'h1')],
      meta: EMPTY_META,
      expected: [],
    },
    {
      name: 'set-aside and held days cleared, other state kept',
      entries: [
        entry(D1, 'h1', { exportedHash: 'old', failed: { hash: 'h1', message: 'bad', at: 1 } }),
        entry(D2, 'h2', { held: { hash: 'h2', reason: 'r', at: 1, retryAt: 2 } }),
      ],
      meta: EMPTY_META,
      expected: [
        { day: D1, state: { exportedHash: 'old', failed: undefined, held: undefined } },
        { day: D2, state: { failed: undefined, held: undefined } },
      ],
    },
    {
      name: 'the backoff timer dropped, failures kept',
      entries: [],
      meta: { ...EMPTY_META, consecutiveFailures: 2, nextAttemptAt: 9 },
      expected: [{ meta: { ...EMPTY_META, consecutiveFailures: 2, nextAttemptAt: undefined } }],
    },
  ];
  it.each(rows)('$name', ({ entries, meta, expected }) => {
    expect(retryFailedRecords(entries, meta)).toEqual(expected);
  });
});
