/**
 * The sync engine: plan (coverage) → collect (Google Health, per type) → write (archive, one atomic
 * day at a time) → coverage. Types run a few at a time, each newest → oldest; one failing type never
 * stops the others, while auth-required and account-not-linked stop the run with that state.
 * Crash safety: coverage is recorded only after a day's write resolved and is flushed after each
 * batch, so a kill -9 at any moment at worst re-fetches a day (replace mode: nothing duplicated).
 */
import { addDays, civilDayInZone, isValidZone } from '../model/civil-day.js';
import { DATA_TYPE_IDS, DATA_TYPES, type DataTypeId } from '../model/data-types.js';
import type { CivilDay } from '../model/record.js';
import { SyncBitError, toSyncBitError } from '../errors.js';
import { silentLogger } from '../log.js';
import { systemClock, type Clock, type Logger } from '../ports.js';
import type { HealthApi } from '../sources/google-health/api-types.js';
import { DISCONNECTED_MESSAGE, ResourcePermissionDeniedError } from '../sources/google-health/api-errors.js';
import { COLLECTORS } from '../sources/google-health/collectors/index.js';
import type {
  Collector,
  CollectContext,
  DayBatch,
  ScopeGroup,
} from '../sources/google-health/collectors/types.js';
import type { CoverageEntry, CoverageStore } from '../store/coverage.js';
import type { DayStore } from './day-store.js';
import {
  DEFAULT_BACKFILL_DAYS,
  DEFAULT_FINALISATION_DAYS,
  DEFAULT_MAX_GAP_DAYS,
  ageInDays,
  groupRanges,
  planSnapshot,
  planType,
  type TypePlan,
} from './plan.js';
import {
  ProgressTracker,
  quotaWaitMessage,
  type RunState,
  type SyncEvent,
  type SyncEventListener,
  type SyncResult,
  type TypeState,
  type TypeSyncSummary,
} from './progress.js';
import { SerialQueue } from './serial.js';

export interface SyncEngineDeps {
  readonly api: HealthApi;
  readonly store: DayStore;
  readonly coverage: CoverageStore;
  readonly clock?: Clock;
  readonly log?: Logger;
  /** Replaces collectors (tests). */
  readonly collectors?: Partial<Record<DataTypeId, Collector>>;
}

export interface SyncRunOptions {
  /** Types to sync (default: all). */
  readonly types?: readonly DataTypeId[];
  readonly from?: CivilDay;
  readonly to?: CivilDay;
  /** Re-fetch every day of the range whatever coverage says. */
  readonly force?: boolean;
  readonly backfillDays?: number;
  readonly finalisationDays?: number;
  readonly signal?: AbortSignal;
  /** Zone used when the account settings cannot be read (default: the machine's zone). */
  readonly timeZone?: string;
  /** Scope groups granted; undefined = unknown (all data types are tried, GPS is skipped). */
  readonly grantedScopes?: ReadonlySet<ScopeGroup>;
  /** Types synced at the same time (default 3); the client's rate limiter paces the requests. */
  readonly concurrency?: number;
  /** Overrides the user's civil today (tests). */
  readonly today?: CivilDay;
  readonly onEvent?: SyncEventListener;
}

/** Errors that end the whole run: nothing else can succeed until the user acts. */
const RUN_STOPPERS = new Set(['auth-required', 'account-not-linked', 'disk-full', 'io']);

const SCOPE_NAMES: Readonly<Record<ScopeGroup, string>> = {
  activity: 'Activity and fitness',
  metrics: 'Health metrics and measurements',
  sleep: 'Sleep',
  settings: 'Settings',
  location: 'Location',
};

interface MutableSummary {
  type: DataTypeId;
  state: TypeState;
  daysPlanned: number;
  daysFetched: number;
  daysEmpty: number;
  daysFailed: number;
  daysChanged: number;
  records: number;
  requests: number;
  error?: { code: string; message: string };
}

/** How one run is stopped: the caller's signal or the first error that ends the run. */
interface RunControl {
  readonly signal: AbortSignal;
  stop: SyncBitError | undefined;
  readonly stopRun: (err: SyncBitError) => void;
  /** Stops listening to the caller's signal. */
  readonly detach: () => void;
}

/** What a run does: the user's zone and today, and the days per type. */
interface RunPlan {
  readonly startedAt: number;
  readonly startRequests: number;
  readonly zone: string;
  readonly today: CivilDay;
  readonly finalisationDays: number;
  readonly summaries: Map<DataTypeId, MutableSummary>;
  /** Types to fetch (those without their permission are only in `summaries`). */
  readonly plans: readonly TypePlan[];
}

/** Wraps the API so each type's calls are counted separately. */
function countingApi(api: HealthApi, count: { n: number }): HealthApi {
  return {
    getIdentity: () => (count.n++, api.getIdentity()),
    getSettings: () => (count.n++, api.getSettings()),
    listPairedDevices: () => (count.n++, api.listPairedDevices()),
    reconcile: (t, q) => (count.n++, api.reconcile(t, q)),
    dailyRollUp: (t, r) => (count.n++, api.dailyRollUp(t, r)),
    exportExerciseTcx: (n) => (count.n++, api.exportExerciseTcx(n)),
    get requestCount() {
      return api.requestCount;
    },
  };
}

function machineZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export class SyncEngine {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly writes = new SerialQueue();
  private listeners: SyncEventListener[] = [];
  private activeZone: string | undefined;

  constructor(private readonly deps: SyncEngineDeps) {
    this.clock = deps.clock ?? systemClock;
    this.log = deps.log ?? silentLogger;
  }

  /**
   * The API client calls this when it pauses for the rate limit (429 backoff or its own pacing
   * beyond a second or so); a running sync reports "waiting for quota until HH:MM".
   */
  notifyRateLimitWait(untilMs: number): void {
    if (this.activeZone === undefined) return;
    this.emit({ kind: 'rate-limit-wait', untilMs, message: quotaWaitMessage(untilMs, this.activeZone) });
  }

  /** Adds an event listener for every run; returns the function that removes it. */
  onEvent(listener: SyncEventListener): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  private emit(event: SyncEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (err) {
        this.log.warn('progress listener failed', { error: err });
      }
    }
  }

  /** Runs one sync. Never throws for API or data problems: they are in the result. */
  async run(options: SyncRunOptions = {}): Promise<SyncResult> {
    const unsubscribe = options.onEvent ? this.onEvent(options.onEvent) : undefined;
    try {
      return await this.runInner(options);
    } finally {
      this.activeZone = undefined;
      unsubscribe?.();
    }
  }

  /** plan → execute → summarise. */
  private async runInner(options: SyncRunOptions): Promise<SyncResult> {
    const control = this.control(options);
    const plan = await this.planRun(options, control);
    await this.executeRun(plan, options, control);
    return this.summariseRun(plan, options, control);
  }

  /** The run's own abort signal: fired by the caller's signal or by an error that stops the run. */
  private control(options: SyncRunOptions): RunControl {
    const internal = new AbortController();
    const onOuterAbort = (): void => {
      internal.abort();
    };
    options.signal?.addEventListener('abort', onOuterAbort, { once: true });
    const control: RunControl = {
      signal: internal.signal,
      stop: undefined,
      stopRun: (err) => {
        control.stop ??= err;
        internal.abort();
      },
      detach: () => {
        options.signal?.removeEventListener('abort', onOuterAbort);
      },
    };
    if (options.signal?.aborted === true) internal.abort();
    return control;
  }

  /** The zone and today of the user, and per type the days to fetch (or why the type is skipped). */
  private async planRun(options: SyncRunOptions, control: RunControl): Promise<RunPlan> {
    const { api, coverage } = this.deps;
    const startedAt = this.clock.now();
    const startRequests = api.requestCount;
    const fallbackZone =
      options.timeZone !== undefined && isValidZone(options.timeZone) ? options.timeZone : machineZone();
    const zone = await this.resolveZone(options, fallbackZone, control.stopRun);
    this.activeZone = zone;
    const today = options.today ?? civilDayInZone(this.clock.now(), zone);
    const finalisationDays = options.finalisationDays ?? DEFAULT_FINALISATION_DAYS;
    const planOptions = {
      today,
      backfillDays: options.backfillDays ?? DEFAULT_BACKFILL_DAYS,
      finalisationDays,
      ...(options.from === undefined ? {} : { from: options.from }),
      ...(options.to === undefined ? {} : { to: options.to }),
      ...(options.force === undefined ? {} : { force: options.force }),
    };

    const summaries = new Map<DataTypeId, MutableSummary>();
    const plans: TypePlan[] = [];
    for (const type of options.types ?? DATA_TYPE_IDS) {
      const collector = this.collectorOf(type);
      const plan =
        collector.mode === 'snapshot'
          ? planSnapshot(type, planOptions)
          : planType(type, coverage, planOptions);
      for (const d of plan.finalise) this.finalise(type, d);
      const summary: MutableSummary = {
        type,
        state: 'ok',
        daysPlanned: plan.days.length,
        daysFetched: 0,
        daysEmpty: 0,
        daysFailed: 0,
        daysChanged: 0,
        records: 0,
        requests: 0,
      };
      summaries.set(type, summary);
      if (options.grantedScopes !== undefined && !options.grantedScopes.has(collector.scope)) {
        summary.state = 'scope-missing';
        summary.error = { code: 'scope-missing', message: this.scopeMessage(type, collector.scope) };
        continue;
      }
      plans.push(plan);
    }
    return { startedAt, startRequests, zone, today, finalisationDays, summaries, plans };
  }

  /** Syncs the planned types a few at a time, then flushes coverage. */
  private async executeRun(plan: RunPlan, options: SyncRunOptions, control: RunControl): Promise<void> {
    const { zone, today, finalisationDays, summaries, plans } = plan;
    const progress = new ProgressTracker(() => this.clock.now(), plan.startedAt);
    for (const p of plans) progress.plan(p.type, p.days.length);
    this.emit({
      kind: 'started',
      today,
      zone,
      types: plans.map((p) => ({ type: p.type, daysTotal: p.days.length })),
    });

    const queue = [...plans];
    const denied = new Set<DataTypeId>();
    const worker = async (): Promise<void> => {
      for (let typePlan = queue.shift(); typePlan !== undefined; typePlan = queue.shift()) {
        if (control.signal.aborted) break;
        const summary = summaries.get(typePlan.type);
        if (!summary) continue;
        progress.typeStarted(typePlan.type);
        await this.syncType(typePlan, summary, {
          zone,
          today,
          finalisationDays,
          signal: control.signal,
          options,
          progress,
          stopRun: control.stopRun,
          denied,
        });
        this.emit({ kind: 'type-finished', summary: { ...summary } });
      }
    };
    const concurrency = Math.max(1, options.concurrency ?? 3);
    await Promise.all(
      Array.from({ length: Math.min(concurrency, Math.max(1, plans.length)) }, () => worker()),
    );
    await this.writes.run(() => this.deps.coverage.flush());
    control.detach();
    // 403 RESOURCE_PERMISSION_DENIED on every type read is not a missing scope: Google disconnected the app.
    const attempted = [...summaries.values()].filter((s) => s.requests > 0);
    if (denied.size >= 2 && attempted.every((s) => denied.has(s.type)))
      control.stopRun(new SyncBitError('auth-required', DISCONNECTED_MESSAGE));
  }

  /** The run's state and message from how each type ended; emits `finished`. */
  private summariseRun(plan: RunPlan, options: SyncRunOptions, control: RunControl): SyncResult {
    const { summaries, today, zone, startedAt } = plan;
    const stop = control.stop;
    for (const s of summaries.values()) {
      if (s.state === 'ok' && s.daysFetched + s.daysEmpty < s.daysPlanned && control.signal.aborted)
        s.state = stop ? 'failed' : 'cancelled';
    }
    const explicitTypes = options.types !== undefined;
    const list: TypeSyncSummary[] = [...summaries.values()].map((s) => ({ ...s }));
    const failedTypes = list.filter(
      (s) => s.state === 'failed' || (s.state === 'scope-missing' && (explicitTypes || s.requests > 0)),
    );
    let state: RunState = 'ok';
    let message: string | undefined;
    if (stop) {
      state = stop.code === 'auth-required' || stop.code === 'account-not-linked' ? stop.code : 'failed';
      message = stop.message;
    } else if (options.signal?.aborted === true) {
      state = 'cancelled';
      message = 'Cancelled: days already written are kept; the next sync continues where this one stopped.';
    } else if (failedTypes.length > 0) {
      state = 'failed';
      message = `Not synced: ${failedTypes.map((s) => s.type).join(', ')}.`;
    }
    const result: SyncResult = {
      ok: state === 'ok',
      state,
      ...(message === undefined ? {} : { message }),
      today,
      zone,
      startedAt,
      finishedAt: this.clock.now(),
      requests: this.deps.api.requestCount - plan.startRequests,
      types: list,
    };
    this.emit({ kind: 'finished', result });
    this.log.info('sync finished', { state, requests: result.requests });
    return result;
  }

  private collectorOf(type: DataTypeId): Collector {
    return this.deps.collectors?.[type] ?? COLLECTORS[type];
  }

  private scopeMessage(type: DataTypeId, scope: ScopeGroup): string {
    return `${DATA_TYPES[type].label} needs the "${SCOPE_NAMES[scope]}" permission, which was not granted. Re-authorize (in the app, or "syncbit authorize") and tick it to sync this data.`;
  }

  /** The user's zone from account settings, else the fallback. */
  private async resolveZone(
    options: SyncRunOptions,
    fallback: string,
    stopRun: (e: SyncBitError) => void,
  ): Promise<string> {
    if (options.grantedScopes !== undefined && !options.grantedScopes.has('settings')) return fallback;
    try {
      const settings = await this.deps.api.getSettings();
      const tz = settings.timeZone;
      return typeof tz === 'string' && isValidZone(tz) ? tz : fallback;
    } catch (err) {
      const e = toSyncBitError(err);
      if (e.code === 'auth-required' || e.code === 'account-not-linked') stopRun(e);
      else
        this.log.warn('could not read account settings; using the fallback time zone', {
          errorCode: e.code,
          zone: fallback,
        });
      return fallback;
    }
  }

  private finalise(type: DataTypeId, day: CivilDay): void {
    const { coverage } = this.deps;
    const entry = coverage.get(type, day);
    if (!entry) return;
    if (entry.status === 'empty') {
      // markFinal cannot mark an empty day final; stableCount ≥ 1 is what the planner reads as settled.
      if ((entry.stableCount ?? 0) < 1)
        coverage.set(type, day, { ...entry, stableCount: 1, updatedAt: this.clock.now() });
    } else coverage.markFinal(type, day, this.clock.now());
  }

  private async syncType(
    plan: TypePlan,
    summary: MutableSummary,
    run: {
      zone: string;
      today: CivilDay;
      finalisationDays: number;
      signal: AbortSignal;
      options: SyncRunOptions;
      progress: ProgressTracker;
      stopRun: (e: SyncBitError) => void;
      /** Types refused with 403 RESOURCE_PERMISSION_DENIED. */
      denied: Set<DataTypeId>;
    },
  ): Promise<void> {
    const { coverage } = this.deps;
    const collector = this.collectorOf(plan.type);
    const count = { n: 0 };
    const ctx: CollectContext = {
      api: countingApi(this.deps.api, count),
      zone: run.zone,
      signal: run.signal,
      now: this.clock.now(),
      ...(this.deps.store.readDay === undefined
        ? {}
        : { archivedDay: (day: CivilDay) => this.deps.store.readDay?.(day) ?? Promise.resolve([]) }),
      ...(run.options.grantedScopes === undefined ? {} : { grantedScopes: run.options.grantedScopes }),
    };
    const checked = await this.checkRecentDays(collector, plan, ctx, run);
    const needed = new Set(plan.days.filter((d) => !checked.unchanged.has(d)));
    for (const d of checked.unchanged) {
      const entry = coverage.get(plan.type, d);
      if (entry?.hash === undefined) summary.daysEmpty += 1;
      else summary.daysFetched += 1;
      this.emit(run.progress.dayDone(plan.type, d));
    }
    summary.requests = count.n;
    const ranges =
      checked.unchanged.size === 0 ? plan.ranges : groupRanges([...needed], DEFAULT_MAX_GAP_DAYS);
    const done = new Set<CivilDay>();
    /** Coverage of each day before this run touched it (late merges compare against it, not against the partial write). */
    const before = new Map<CivilDay, CoverageEntry | undefined>();
    let lastFlush = this.clock.now();

    for (const range of ranges) {
      if (run.signal.aborted) break;
      try {
        for await (const batch of collector.collect(ctx, range.from, range.to)) {
          if (collector.mode === 'range' && !needed.has(batch.day)) continue;
          const firstTime = !done.has(batch.day);
          await this.writeBatch(plan.type, batch, summary, run, before);
          done.add(batch.day);
          const fingerprint = checked.fingerprints?.get(batch.day);
          const written = coverage.get(plan.type, batch.day);
          if (checked.fingerprints !== undefined && checked.window.has(batch.day) && written)
            coverage.set(plan.type, batch.day, { ...written, check: fingerprint ?? '' });
          if (firstTime && needed.has(batch.day)) this.emit(run.progress.dayDone(plan.type, batch.day));
          if (this.clock.now() - lastFlush >= 1000) {
            await this.writes.run(() => coverage.flush());
            lastFlush = this.clock.now();
          }
          if (isAborted(run.signal)) break;
        }
        if (collector.mode === 'snapshot' && !done.has(run.today) && !isAborted(run.signal)) {
          // No device reported anything today: today is still covered (read, nothing new).
          await this.writeBatch(
            plan.type,
            { day: run.today, records: [], mode: 'merge' },
            summary,
            run,
            before,
          );
          done.add(run.today);
          this.emit(run.progress.dayDone(plan.type, run.today));
        }
      } catch (err) {
        const e = toSyncBitError(err);
        if (e.code === 'cancelled' || isAborted(run.signal)) break;
        summary.error = { code: e.code, message: e.message };
        const failDays =
          e.code === 'scope-missing'
            ? plan.days.filter((d) => !done.has(d))
            : daysOf(range).filter((d) => needed.has(d) && !done.has(d));
        for (const d of failDays) {
          coverage.recordFailure(plan.type, d, 'api', { code: e.code, message: e.message }, this.clock.now());
          summary.daysFailed += 1;
        }
        if (err instanceof ResourcePermissionDeniedError) run.denied.add(plan.type);
        if (e.code === 'scope-missing') {
          summary.state = 'scope-missing';
          summary.error = { code: e.code, message: this.scopeMessage(plan.type, collector.scope) };
          break;
        }
        summary.state = 'failed';
        this.log.warn('type failed', {
          type: plan.type,
          from: range.from,
          to: range.to,
          errorCode: e.code,
          message: e.message,
        });
        if (RUN_STOPPERS.has(e.code)) {
          run.stopRun(e);
          break;
        }
      } finally {
        summary.requests = count.n;
      }
    }
    await this.writes.run(() => coverage.flush());
  }

  /**
   * Runs the collector's cheap change check over the plan's days inside the finalisation window
   * (one request for all of them). Days whose fingerprint equals the one stored at their last fetch
   * are not re-read; they count as one more stable observation.
   */
  private async checkRecentDays(
    collector: Collector,
    plan: TypePlan,
    ctx: CollectContext,
    run: { today: CivilDay; finalisationDays: number; options: SyncRunOptions },
  ): Promise<{
    unchanged: Set<CivilDay>;
    window: Set<CivilDay>;
    fingerprints?: Map<CivilDay, string>;
  }> {
    const none = { unchanged: new Set<CivilDay>(), window: new Set<CivilDay>() };
    if (collector.check === undefined || collector.mode !== 'range' || run.options.force === true)
      return none;
    const window = plan.days.filter((d) => {
      const age = ageInDays(d, run.today);
      return age >= 0 && age <= run.finalisationDays;
    });
    const from = window.at(-1);
    const to = window[0];
    if (from === undefined || to === undefined) return none;
    let fingerprints: Map<CivilDay, string>;
    try {
      fingerprints = await collector.check(ctx, from, to);
    } catch (err) {
      const e = toSyncBitError(err);
      if (e.code === 'cancelled') throw e;
      // The full read reports real problems; a failed check only costs the saving.
      this.log.debug('change check failed; reading every recent day', { type: plan.type, errorCode: e.code });
      return none;
    }
    const { coverage } = this.deps;
    const unchanged = new Set<CivilDay>();
    for (const d of window) {
      const entry = coverage.get(plan.type, d);
      if (
        entry !== undefined &&
        entry.source === 'api' &&
        entry.status !== 'failed' &&
        entry.check !== undefined &&
        entry.check === (fingerprints.get(d) ?? '')
      ) {
        unchanged.add(d);
        coverage.set(plan.type, d, {
          ...entry,
          stableCount: (entry.stableCount ?? 0) + 1,
          updatedAt: this.clock.now(),
        });
      }
    }
    return { unchanged, window: new Set(window), fingerprints };
  }

  private async writeBatch(
    type: DataTypeId,
    batch: DayBatch,
    summary: MutableSummary,
    run: { today: CivilDay; finalisationDays: number },
    before: Map<CivilDay, CoverageEntry | undefined>,
  ): Promise<void> {
    const { store, coverage } = this.deps;
    const day = batch.day;
    const mode = batch.mode ?? 'replace';
    const firstTime = !before.has(day);
    if (firstTime) before.set(day, coverage.get(type, day));
    const prev = before.get(day);
    // The API returning nothing for a day that a Takeout import filled must not erase that history.
    const keepTakeout =
      mode === 'replace' &&
      batch.records.length === 0 &&
      prev?.source === 'takeout' &&
      store.typeHash(day, type) !== undefined;
    if (!keepTakeout) {
      const res = await this.writes.run(() => store.applyDay(day, [{ type, records: batch.records, mode }]));
      if (res.changedTypes.includes(type)) summary.daysChanged += 1;
    }
    // Recorded only after the write resolved, and even when the run was cancelled meanwhile.
    const hash = store.typeHash(day, type);
    if (keepTakeout) {
      this.finalise(type, day);
    } else {
      if (!firstTime && prev) coverage.set(type, day, prev);
      const entry = coverage.recordFetch(type, day, 'api', hash, this.clock.now());
      if (ageInDays(day, run.today) > run.finalisationDays && !changedSince(prev, entry))
        this.finalise(type, day);
    }
    summary.records += batch.records.length;
    if (firstTime) {
      if (hash === undefined) summary.daysEmpty += 1;
      else summary.daysFetched += 1;
    }
  }
}

/** Reads the flag through a call so that TypeScript does not narrow it across awaits. */
function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

/** True when a re-fetch found different content than the previous successful fetch. */
function changedSince(prev: CoverageEntry | undefined, entry: CoverageEntry): boolean {
  return prev !== undefined && prev.status !== 'failed' && (entry.stableCount ?? 0) === 0;
}

function daysOf(range: { from: CivilDay; to: CivilDay }): CivilDay[] {
  const out: CivilDay[] = [];
  for (let d = range.to; d >= range.from; d = addDays(d, -1)) out.push(d);
  return out;
}
