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

/** The meta after a drain that ended without error at T: failures and backoff cleared. */
const SUCCEEDED_AT_T: Meta = {
  consecutiveFailures: 0,
  nextAttemptAt: undefined,
  lastError: undefined,
  lastSuccessAt: T,
  warnings: [],
};

/** D1 before the run: exported with older content (`old`). */
const D1_BEFORE: DayState = { exportedHash: 'old', lastAttemptAt: 5 };
/** D1 once attempted at T: maybe sent (until the destination answers). */
const D1_MAYBE_SENT: DayState = { exportedHash: 'old', lastAttemptAt: T, partlySent: true };

/** D1 once the destination acknowledged h1 at T + 7. */
const D1_SENT: DayState = { exportedHash: 'h1', exportedAt: T + 7, partlySent: false, lastAttemptAt: T };

/** A run over D1 (h1, exported as `old`) and D2 (h2, new), with D1 in flight when `flying`. */
function run(over: Partial<DrainRun> = {}): DrainRun {
  return {
    ...startRun([entry(D1, 'h1', D1_BEFORE), entry(D2, 'h2')], EMPTY_META),
    ...over,
  };
}
/** The counts of a run that has attempted one day, with `over` on top. */
const oneAttempt = (over: Partial<DrainRun['counts']> = {}): DrainRun['counts'] => ({
  attempted: 1,
  sent: 0,
  written: 0,
  alreadyThere: 0,
  held: 0,
  rejected: 0,
  ...over,
});
const flying = (): Partial<DrainRun> => ({
  inFlight: { day: D1, hash: 'h1', before: D1_BEFORE, attemptAt: T },
  days: new Map([[D1, D1_MAYBE_SENT]]),
  counts: oneAttempt(),
});
const acked = { day: D2, state: { exportedHash: 'h2', exportedAt: 9, partlySent: false, lastAttemptAt: 8 } };

interface DrainRow {
  name: string;
  run: DrainRun;
  event: DrainEvent;
  state: Partial<Record<keyof DrainRun, unknown>>;
  days?: Record<string, DayState>;
  effects: DrainEffect[];
}

/** A row for the outcome of D1 in flight, reported at T + 7: the run then counts `counts`, D1 is `d1`. */
const outcomeRow = (row: {
  name: string;
  outcome: Extract<DrainEvent, { kind: 'outcome' }>['outcome'];
  counts: Partial<DrainRun['counts']>;
  d1: DayState;
  state?: DrainRow['state'];
  effects?: DrainEffect[];
}): DrainRow => ({
  name: row.name,
  run: run(flying()),
  event: { kind: 'outcome', outcome: row.outcome, at: T + 7 },
  state: { ...row.state, counts: oneAttempt(row.counts) },
  days: { [D1]: row.d1 },
  effects: row.effects ?? [],
});

/**
 * A row for a drain stopped by `error` at T (with `random` for the jitter): the run then counts
 * `failures` in a row and retries at `nextAttemptAt`, warns "will retry" and journals that meta.
 */
const failureRow = (
  name: string,
  before: DrainRun,
  failure: {
    random: number;
    error: { code: string; message: string };
    failures: number;
    nextAttemptAt: number;
  },
  more: { state?: DrainRow['state']; days?: DrainRow['days'] } = {},
): DrainRow => {
  const { error, nextAttemptAt } = failure;
  const meta: Meta = {
    consecutiveFailures: failure.failures,
    nextAttemptAt,
    lastError: { ...error, at: T },
    warnings: [],
  };
  return {
    name,
    run: before,
    event: { kind: 'stopped', at: T, random: failure.random, error },
    state: { ...more.state, meta },
    ...(more.days && { days: more.days }),
    effects: [
      {
        kind: 'log',
        level: 'warn',
        message: 'export: destination failed, will retry',
        fields: { errorCode: error.code, message: error.message, nextAttemptAt },
      },
      { kind: 'append', records: [{ meta }] },
    ],
  };
};

describe('drainStep', () => {
  const rows: DrainRow[] = [
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
        inFlight: { day: D1, hash: 'h1', before: D1_BEFORE, attemptAt: T },
        counts: oneAttempt(),
      },
      days: { [D1]: D1_MAYBE_SENT },
      effects: [
        {
          kind: 'append',
          records: [acked, { day: D1, state: D1_MAYBE_SENT }],
        },
      ],
    },
    outcomeRow({
      name: 'outcome sent: acknowledged, settled for the next append',
      outcome: { kind: 'sent', written: 40, skipped: 2 },
      counts: { sent: 1, written: 40, alreadyThere: 2 },
      d1: D1_SENT,
      state: { inFlight: undefined, settled: [{ day: D1, state: D1_SENT }] },
    }),
    outcomeRow({
      name: 'outcome held: not sent, looked at again a day later, state before the attempt kept',
      outcome: { kind: 'held', reason: 'too old' },
      counts: { held: 1 },
      d1: { ...D1_BEFORE, held: { hash: 'h1', reason: 'too old', at: T + 7, retryAt: T + 7 + DAY_MS } },
    }),
    outcomeRow({
      name: 'outcome rejected: set aside at once (dead letter), still maybe sent',
      outcome: { kind: 'rejected', message: 'HTTP 400' },
      counts: { rejected: 1 },
      d1: { ...D1_MAYBE_SENT, failed: { hash: 'h1', message: 'HTTP 400', at: T + 7 } },
      effects: [
        {
          kind: 'log',
          level: 'warn',
          message: 'export: day rejected by the destination, set aside',
          fields: { day: D1 },
        },
      ],
    }),
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
        meta: SUCCEEDED_AT_T,
      },
      effects: [
        {
          kind: 'append',
          records: [acked, { meta: SUCCEEDED_AT_T }],
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
    failureRow(
      'stopped, destination failed (first time): backoff of the base delay',
      run(flying()),
      { random: 0.5, error: { code: 'network', message: 'reset' }, failures: 1, nextAttemptAt: T + 1_000 },
      {
        state: { inFlight: undefined },
        days: { [D1]: D1_MAYBE_SENT },
      },
    ),
    failureRow(
      'stopped, destination failed a fourth time: delay doubled thrice, jitter applied',
      run({ meta: { ...EMPTY_META, consecutiveFailures: 3 } }),
      { random: 1, error: { code: 'auth', message: 'denied' }, failures: 4, nextAttemptAt: T + 9_600 },
    ),
    failureRow(
      'stopped, destination failed many times: delay capped at the maximum',
      run({ meta: { ...EMPTY_META, consecutiveFailures: 40 } }),
      { random: 1, error: { code: 'network', message: 'down' }, failures: 41, nextAttemptAt: T + 60_000 },
    ),
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
