/**
 * The core as the desktop app sees it: an implementation of AppServices over the same archive,
 * coverage, settings, Google connection, sync engine, scheduler and exporters the CLI uses. The
 * Electron shell only adds windows, tray and IPC around it; the renderer test harness drives this
 * very object over loopback.
 */
import { join } from 'node:path';
import type {
  AppServices,
  AppStatus,
  CoverageCell,
  DestinationStatus,
  PublicSettings,
  SyncPhase,
  TypeProgress,
} from './app-services.js';
import { openCoreContext, type CoreContext } from './core-context.js';
import { runDemo } from './demo/run-demo.js';
import { SyncBitError, toSyncBitError } from './errors.js';
import { exportChangedDays } from './export/after-change.js';
import { exportConfigFromSettings } from './export/export-config.js';
import { createExporters, drainAll, enabledDestinations, outboxStatuses } from './export/exporters.js';
import { isDestinationName, type DestinationName } from './export/types.js';
import type { RingSink } from './log.js';
import { daysBetween, isCivilDay } from './model/civil-day.js';
import { DATA_TYPE_IDS, isDataTypeId, type DataTypeId } from './model/data-types.js';
import type { CivilDay, DataRecord } from './model/record.js';
import { systemClock, type Clock, type Logger, type OpenUrl } from './ports.js';
import {
  connectGoogle,
  readSignedInAccount,
  signIn,
  signOut,
  type GoogleConnection,
  type SignedInAccount,
} from './sources/google-health/connection.js';
import {
  SECRETS,
  resolveSecret,
  updateSettingsFile,
  type SecretName,
  type SettingsPersister,
} from './store/settings.js';
import { SyncEngine } from './sync/engine.js';
import type { SyncEvent, SyncResult } from './sync/progress.js';
import { RecordingDayStore } from './sync/recording-store.js';
import { SyncScheduler } from './sync/scheduler.js';
import { SerialQueue } from './sync/serial.js';
import { scopeGroupsOf } from './sync/sync-core.js';
import { runTakeoutImport, summariseImport } from './sync/takeout-import.js';

export interface DesktopServicesOptions {
  readonly dataDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly log: Logger;
  /** Recent log lines for the Sync view (the shell's log sink feeds it). */
  readonly ring?: RingSink;
  readonly clock?: Clock;
  readonly openUrl: OpenUrl;
  /** Days of synthetic data for "Explore with demo data" (default 120). */
  readonly demoDays?: number;
  /** Heart-rate cadence of the demo data in seconds (default 5, like a tracker; tests use coarser). */
  readonly demoHeartRateSeconds?: number;
  /** How the settings file is written (the tray app passes its Electron store; default: conf). */
  readonly persistSettings?: SettingsPersister;
}

export interface DesktopCore {
  readonly services: AppServices;
  readonly scheduler: SyncScheduler<SyncResult>;
  dispose(): Promise<void>;
}

interface LiveProgress {
  types: Map<DataTypeId, TypeProgress>;
  etaMs: number | undefined;
  quotaWaitUntil: number | undefined;
}

const NOT_SIGNED_IN: SyncResult['state'] = 'auth-required';

/** Builds the desktop app's core (see module doc). The scheduler is returned unstarted. */
export async function createAppServices(opts: DesktopServicesOptions): Promise<DesktopCore> {
  const clock = opts.clock ?? systemClock;
  const log = opts.log;
  const realDataDir = opts.dataDir;
  let settingsError: string | undefined;
  let ctx: CoreContext = await openContext(realDataDir);
  let demo = false;
  let connection: GoogleConnection | undefined;
  let account: SignedInAccount | undefined = await readSignedInAccount(realDataDir);
  const exclusive = new SerialQueue();
  const listeners = new Set<(s: AppStatus) => void>();
  const progress: LiveProgress = { types: new Map(), etaMs: undefined, quotaWaitUntil: undefined };
  let destinations: DestinationStatus[] = [];

  async function openContext(dataDir: string): Promise<CoreContext> {
    try {
      const c = await openCoreContext({ env: opts.env, log, dataDir });
      settingsError = undefined;
      return c;
    } catch (err) {
      const e = toSyncBitError(err);
      if (e.code !== 'invalid-settings') throw e;
      // Bad settings must not lock the user out of the app that can fix them: start with defaults.
      settingsError = e.message;
      log.warn('settings are invalid; running with defaults until they are fixed', { error: e.message });
      return openCoreContext({ env: {}, log, dataDir }).catch(() => {
        throw e;
      });
    }
  }

  async function reload(): Promise<void> {
    ctx = await openContext(demo ? ctx.dataDir : realDataDir);
    connection = undefined;
  }

  async function google(): Promise<GoogleConnection> {
    connection ??= await connectGoogle({
      dataDir: ctx.dataDir,
      env: opts.env,
      settings: ctx.loaded.settings,
      log,
      secrets: ctx.secretStore(),
      onWait: (w) => {
        progress.quotaWaitUntil = w.until;
        void emit();
      },
    });
    return connection;
  }

  function onSyncEvent(e: SyncEvent): void {
    switch (e.kind) {
      case 'started':
        progress.types = new Map(
          e.types.map((t) => [
            t.type,
            { type: t.type, daysDone: 0, daysLeft: t.daysTotal, state: 'syncing' },
          ]),
        );
        progress.etaMs = undefined;
        progress.quotaWaitUntil = undefined;
        break;
      case 'day':
        progress.types.set(e.type, {
          type: e.type,
          daysDone: e.daysDone,
          daysLeft: e.daysLeft,
          state: 'syncing',
        });
        progress.etaMs = e.overall.etaMs;
        if (progress.quotaWaitUntil !== undefined && progress.quotaWaitUntil < clock.now())
          progress.quotaWaitUntil = undefined;
        break;
      case 'type-finished': {
        const s = e.summary;
        const state: TypeProgress['state'] =
          s.state === 'ok' ? 'ok' : s.state === 'scope-missing' ? 'scope-missing' : 'failed';
        progress.types.set(s.type, {
          type: s.type,
          daysDone: s.daysFetched + s.daysEmpty,
          daysLeft: 0,
          state: s.state === 'skipped' || s.state === 'cancelled' ? 'ok' : state,
          ...(s.error ? { message: s.error.message } : {}),
        });
        break;
      }
      case 'rate-limit-wait':
        progress.quotaWaitUntil = e.untilMs;
        break;
      case 'finished':
        progress.etaMs = undefined;
        progress.quotaWaitUntil = undefined;
        break;
    }
    void emit();
  }

  async function runSync(
    signal: AbortSignal,
    options: { types?: DataTypeId[]; from?: CivilDay; to?: CivilDay; force?: boolean } = {},
  ): Promise<SyncResult> {
    const started = clock.now();
    const today = new Date(started).toISOString().slice(0, 10);
    const notSignedIn = (message: string): SyncResult => ({
      ok: false,
      state: NOT_SIGNED_IN,
      message,
      today,
      zone: ctx.loaded.settings.timezone ?? 'UTC',
      startedAt: started,
      finishedAt: clock.now(),
      requests: 0,
      types: [],
    });
    if (demo) return notSignedIn('Showing demo data. Sign in with Google to sync your own.');
    if (ctx.loaded.settings.google.clientId === undefined || account === undefined)
      return notSignedIn('Not signed in: set up your Google client and sign in to start syncing.');
    return exclusive.run(async () => {
      const conn = await google();
      const store = new RecordingDayStore(ctx.archive);
      const engine = new SyncEngine({
        api: conn.api,
        store,
        coverage: ctx.coverage,
        log: log.child('sync'),
        clock,
      });
      const off = engine.onEvent(onSyncEvent);
      try {
        const granted = scopeGroupsOf(account?.grantedScopes.length ? account.grantedScopes : undefined);
        const s = ctx.loaded.settings;
        const result = await engine.run({
          signal,
          backfillDays: s.backfillDays,
          finalisationDays: s.finalisationDays,
          ...(s.timezone === undefined ? {} : { timeZone: s.timezone }),
          ...(granted === undefined ? {} : { grantedScopes: granted }),
          ...(options.types ? { types: options.types } : {}),
          ...(options.from ? { from: options.from } : {}),
          ...(options.to ? { to: options.to } : {}),
          ...(options.force ? { force: true } : {}),
        });
        await ctx.archive.flushIndex();
        await ctx.coverage.flush();
        await exportChangedDays(ctx, store.takeChangedDays(), { signal });
        await refreshDestinations();
        return result;
      } finally {
        off();
      }
    });
  }

  const scheduler = new SyncScheduler<SyncResult>({
    run: (signal) => runSync(signal),
    isOk: (r) => r.ok || r.state === NOT_SIGNED_IN,
    get intervalMs() {
      return ctx.loaded.settings.syncIntervalMinutes * 60_000;
    },
    jitterRatio: 0.1,
    initialDelayMs: 3_000,
    clock,
    log: log.child('scheduler'),
  });
  scheduler.onChange(() => {
    void emit();
  });

  async function refreshDestinations(): Promise<void> {
    try {
      const config = await exportConfigFromSettings(ctx.loaded.settings, ctx.secret);
      const on = enabledDestinations(config);
      const statuses = await outboxStatuses(ctx.dataDir, ['victoria', 's3']);
      destinations = statuses.map((st) => ({
        name: st.destination,
        enabled: on.includes(st.destination),
        pending: st.pending,
        failed: st.failed,
        ...(st.lastError ? { lastError: st.lastError.message } : {}),
        ...(st.nextAttemptAt === undefined ? {} : { nextAttemptAt: st.nextAttemptAt }),
        warnings: st.warnings,
      }));
    } catch (err) {
      log.warn('could not read the export outboxes', { error: toSyncBitError(err).message });
    }
  }

  function phaseOf(): { phase: SyncPhase; message?: string; errorCode?: string } {
    const snap = scheduler.snapshot();
    if (settingsError !== undefined)
      return { phase: 'attention', message: settingsError, errorCode: 'invalid-settings' };
    if (demo)
      return { phase: 'signed-out', message: 'Showing demo data. Sign in with Google to sync your own.' };
    if (account === undefined) return { phase: 'signed-out', message: 'Not signed in to Google.' };
    if (snap.state === 'syncing') return { phase: 'syncing' };
    if (snap.state === 'paused') return { phase: 'paused' };
    const r = snap.lastResult;
    if (r && !r.ok && r.state !== 'cancelled')
      return {
        phase: 'attention',
        ...(r.message === undefined ? {} : { message: r.message }),
        errorCode: r.state,
      };
    if (snap.state === 'error' && snap.lastError)
      return { phase: 'attention', message: snap.lastError.message, errorCode: snap.lastError.code };
    return { phase: 'idle' };
  }

  function status(): AppStatus {
    const snap = scheduler.snapshot();
    const days = ctx.archive.days();
    const p = phaseOf();
    const pausedIndefinitely = snap.state === 'paused' && snap.pausedUntil === undefined;
    return {
      ...p,
      ...(account && !demo ? { signedInAs: account.name ?? account.healthUserId } : {}),
      ...(account?.signInLapsesAt === undefined || demo ? {} : { signInLapsesAt: account.signInLapsesAt }),
      ...(snap.lastRunAt === undefined ? {} : { lastSyncAt: snap.lastRunAt }),
      ...(snap.nextRunAt === undefined || snap.state === 'paused' ? {} : { nextSyncAt: snap.nextRunAt }),
      ...(snap.state === 'paused'
        ? {
            pausedUntil:
              pausedIndefinitely || snap.pausedUntil === undefined ? 'indefinitely' : snap.pausedUntil,
          }
        : {}),
      progress: [...progress.types.values()],
      ...(progress.etaMs === undefined ? {} : { etaSeconds: Math.round(progress.etaMs / 1000) }),
      ...(progress.quotaWaitUntil === undefined ? {} : { quotaWaitUntil: progress.quotaWaitUntil }),
      destinations,
      archive: {
        days: days.length,
        dataDir: ctx.dataDir,
        ...(days[0] === undefined ? {} : { firstDay: days[0] }),
        ...(days.at(-1) === undefined ? {} : { lastDay: days.at(-1) }),
      },
    };
  }

  let emitScheduled = false;
  async function emit(): Promise<void> {
    // Progress events arrive per day; coalesce them into one status push per tick.
    if (emitScheduled) return;
    emitScheduled = true;
    await Promise.resolve();
    emitScheduled = false;
    const s = status();
    for (const l of listeners) {
      try {
        l(s);
      } catch (err) {
        log.warn('status listener failed', { error: toSyncBitError(err).message });
      }
    }
  }

  async function publicSettings(): Promise<PublicSettings> {
    const secretsSet: Record<string, boolean> = {};
    for (const name of Object.keys(SECRETS) as SecretName[]) {
      secretsSet[name] =
        (await resolveSecret(name, { dataDir: ctx.dataDir, env: opts.env }, ctx.secretStore()).catch(
          () => undefined,
        )) !== undefined;
    }
    return {
      values: ctx.loaded.settings as unknown as Record<string, unknown>,
      secretsSet,
      fromEnv: Object.entries(ctx.loaded.origins)
        .filter(([, o]) => o === 'env')
        .map(([k]) => k),
    };
  }

  async function enterDemo(): Promise<void> {
    if (demo) return;
    demo = true;
    const demoDir = join(realDataDir, 'demo');
    ctx = await openContext(demoDir);
    connection = undefined;
  }

  async function leaveDemo(): Promise<void> {
    if (!demo) return;
    demo = false;
    ctx = await openContext(realDataDir);
    connection = undefined;
  }

  function checkDay(d: string): CivilDay {
    if (!isCivilDay(d)) throw new SyncBitError('invalid-input', `Not a calendar day: ${JSON.stringify(d)}`);
    return d;
  }

  function destination(name: string): DestinationName {
    if (!isDestinationName(name)) throw new SyncBitError('invalid-input', `Unknown destination ${name}.`);
    return name;
  }

  const services: AppServices = {
    getStatus: () => Promise.resolve(status()),
    onStatusChanged: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    listDays: () => Promise.resolve(ctx.archive.days()),
    getDailySeries: (key, from, to) => Promise.resolve(ctx.archive.series(key, from, to)),
    getDayRecords: async (day, measurements) => {
      const records = await ctx.archive.readDay(checkDay(day));
      if (measurements === undefined || measurements.length === 0) return records;
      const wanted = new Set(measurements);
      return records.filter((r: DataRecord) => wanted.has(r.measurement));
    },
    getCoverage: (from, to) => {
      const days = daysBetween(checkDay(from), checkDay(to));
      if (days.length > 3700)
        throw new SyncBitError('invalid-input', 'Ask for at most ten years of coverage at a time.');
      const out = {} as Record<DataTypeId, CoverageCell[]>;
      for (const type of DATA_TYPE_IDS) {
        out[type] = days.map((day) => {
          const c = ctx.coverage.get(type, day);
          const has = (ctx.archive.dayEntry(day)?.types[type]?.count ?? 0) > 0;
          return { day, status: c?.status ?? (has ? 'fetched' : 'missing') };
        });
      }
      return Promise.resolve(out);
    },

    syncNow: async () => {
      await scheduler.syncNow();
    },
    pause: (untilMs) => {
      if (untilMs === null) scheduler.pause();
      else scheduler.pause(untilMs);
      return Promise.resolve();
    },
    resume: () => {
      scheduler.resume();
      return Promise.resolve();
    },
    refetch: async (types, days) => {
      const list = types.filter((t) => isDataTypeId(t));
      const sorted = [...days].map(checkDay).sort();
      const from = sorted[0];
      const to = sorted.at(-1);
      if (from === undefined || to === undefined || list.length === 0) return;
      const controller = new AbortController();
      const result = await runSync(controller.signal, { types: list, from, to, force: true });
      if (!result.ok)
        throw new SyncBitError(
          result.state === NOT_SIGNED_IN ? 'auth-required' : 'api-error',
          result.message ?? 'Re-fetch did not complete.',
        );
      void emit();
    },

    authorize: async (clientId, clientSecret) => {
      await leaveDemo();
      await updateSettingsFile(realDataDir, { google: { clientId } }, opts.persistSettings);
      if (clientSecret !== undefined && clientSecret !== '')
        await ctx.secretStore().set('secret:googleClientSecret', clientSecret);
      await reload();
      const conn = await google();
      account = await signIn(conn, {
        dataDir: ctx.dataDir,
        env: opts.env,
        settings: ctx.loaded.settings,
        log,
        openUrl: opts.openUrl,
        secrets: conn.secrets,
      });
      void emit();
      scheduler.syncNow().catch((err: unknown) => {
        log.warn('first sync after sign-in failed', { error: toSyncBitError(err).message });
      });
      return { signedInAs: account.name ?? account.healthUserId };
    },
    signOut: async () => {
      // Wait for a sync in flight, then revoke; the timer keeps running and simply finds nobody
      // signed in until the next sign-in.
      await exclusive.run(async () => {
        if (account !== undefined) await signOut(await google(), ctx.dataDir);
        account = undefined;
        connection = undefined;
      });
      void emit();
    },

    importTakeout: async (paths, onProgress) => {
      if (paths.length === 0) throw new SyncBitError('invalid-input', 'Choose the Takeout export to import.');
      await leaveDemo();
      const result = await exclusive.run(() =>
        runTakeoutImport(ctx, paths, {
          ...(ctx.loaded.settings.timezone === undefined ? {} : { timezone: ctx.loaded.settings.timezone }),
          onProgress: (p) => {
            onProgress({
              phase: 'reading',
              filesDone: p.filesDone,
              filesTotal: p.filesTotal,
              daysWritten: 0,
              daysTotal: 0,
            });
          },
          onDayWritten: (done, total) => {
            onProgress({
              phase: 'writing',
              filesDone: 0,
              filesTotal: 0,
              daysWritten: done,
              daysTotal: total,
            });
          },
        }),
      );
      onProgress({
        phase: 'done',
        filesDone: 0,
        filesTotal: 0,
        daysWritten: result.daysTouched,
        daysTotal: result.daysTouched,
      });
      await refreshDestinations();
      void emit();
      return summariseImport(result.report);
    },
    loadDemoData: async () => {
      await enterDemo();
      const result = await runDemo(ctx, {
        days: opts.demoDays ?? 120,
        format: 'folder',
        heartRateSeconds: opts.demoHeartRateSeconds ?? 5,
      });
      void emit();
      return summariseImport(result.report);
    },

    getSettings: () => publicSettings(),
    updateSettings: async (patch) => {
      await updateSettingsFile(realDataDir, patch, opts.persistSettings);
      await reload();
      await refreshDestinations();
      void emit();
      return publicSettings();
    },
    setSecret: async (name, value) => {
      if (!(name in SECRETS)) throw new SyncBitError('invalid-input', `Unknown secret ${name}.`);
      if (value === '') await ctx.secretStore().delete(`secret:${name}`);
      else await ctx.secretStore().set(`secret:${name}`, value);
      connection = undefined;
    },

    exportNow: async (name) => {
      const dest = destination(name);
      const config = await exportConfigFromSettings(ctx.loaded.settings, ctx.secret);
      const only = dest === 'victoria' ? { victoria: config.victoria } : { s3: config.s3 };
      const exporters = createExporters(ctx.dataDir, only, { log: log.child('export') });
      if (exporters.length === 0)
        throw new SyncBitError(
          'invalid-settings',
          `${dest === 'victoria' ? 'Victoria Metrics' : 'S3'} export is not set up: fill in its settings first.`,
        );
      try {
        // Days already in the archive but never queued (e.g. a destination switched on later) go too.
        await exportChangedDays(ctx, ctx.archive.days(), { drain: false });
        const [summary] = await drainAll(ctx.dataDir, exporters, ctx.archive, { force: true, log });
        await refreshDestinations();
        void emit();
        const s = summary;
        if (!s) return { exported: 0, failed: 0, message: 'Nothing to export.' };
        const message = s.error
          ? s.error.message
          : s.state === 'idle'
            ? 'Everything is already exported.'
            : `${s.sent} day(s) exported.`;
        return { exported: s.sent, failed: s.rejected + (s.error ? 1 : 0), message };
      } finally {
        for (const e of exporters) await e.close();
      }
    },
    testDestination: async (name) => {
      const dest = destination(name);
      const config = await exportConfigFromSettings(ctx.loaded.settings, ctx.secret);
      const only = dest === 'victoria' ? { victoria: config.victoria } : { s3: config.s3 };
      const [exporter] = createExporters(ctx.dataDir, only, { log: log.child('export') });
      if (exporter === undefined)
        return {
          ok: false,
          message: `${dest === 'victoria' ? 'Victoria Metrics' : 'S3'} is not set up: fill in its settings first.`,
        };
      try {
        const r = await exporter.test(new AbortController().signal);
        return { ok: r.ok, message: [r.message, ...r.details].join(' ') };
      } finally {
        await exporter.close();
      }
    },

    recentLogs: (limit) =>
      Promise.resolve(
        (opts.ring?.recent(Math.max(1, Math.min(500, limit))) ?? []).map((e) => ({
          time: e.time,
          level: e.level,
          scope: e.scope,
          message: e.message,
        })),
      ),
  };

  await refreshDestinations();
  return {
    services,
    scheduler,
    dispose: async () => {
      await scheduler.stop();
      await ctx.archive.flushIndex();
      await ctx.coverage.flush();
      listeners.clear();
    },
  };
}
