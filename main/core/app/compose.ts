/**
 * The tray app's composition: one opened session of the core and the user's actions over it, with
 * the sync timer started the moment the app is composed and stopped by `close()` — the same timer
 * and the same stop path `syncbit daemon` uses (daemon.ts). Each action delegates to the workflow
 * module that is the only place it is written; this file keeps the app's state (which session, who
 * is signed in, live progress) and pushes status changes.
 */
import { join } from 'node:path';
import { SyncBitError, toSyncBitError } from '../errors.js';
import type { RingSink } from '../log.js';
import { isDataTypeId, type DataTypeId } from '../model/data-types.js';
import type { CivilDay } from '../model/record.js';
import { systemClock, type Clock, type Logger, type OpenUrl, type SignedInAccount } from '../ports.js';
import type { GoogleConnection } from '../sources/google-health/connection.js';
import { accountFile } from '../store/account-file.js';
import type { SettingsPersister } from '../store/settings.js';
import type { SyncResult } from '../sync/progress.js';
import { accountLabel, signIn, signOut } from './account.js';
import { buildStatus, DEMO_MESSAGE } from './app-status.js';
import { checkDay, coverageGrid, dayRecords } from './archive-queries.js';
import { loadDemo } from './demo.js';
import { exportNow, notSetUpMessage, testDestination } from './export-now.js';
import { connectSessionGoogle, googleSyncSource, WaitRelay } from './google-sync.js';
import { importTakeoutExport, summariseImport } from './import-takeout.js';
import { LiveProgress } from './live-progress.js';
import { openSession, type Session } from './session.js';
import { exportAfterSettingsChange, publicSettings, saveSettings, setSecret } from './settings.js';
import { destinationStatuses } from './status.js';
import { syncOnce, type SyncOnceOptions } from './sync-once.js';
import { createSyncTimer, type SyncTimer } from './sync-timer.js';
import type {
  AppActions,
  AppStatus,
  DestinationStatus,
  ImportProgress,
  ImportSummary,
  PublicSettings,
} from './types.js';
import { isDestinationName, type DestinationName } from '../export/types.js';

export interface AppOptions {
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
  /** Delay of the first timed sync after start (default 3 s: let the window appear first). */
  readonly firstSyncDelayMs?: number;
}

/** What a composition returns: the user's actions, the running sync timer, and the one stop path. */
export interface App extends AppActions {
  /** The sync timer (power events suspend and resume it). */
  readonly timer: SyncTimer;
  /** Stops the timer (a running sync finishes its current write), waits for background work, flushes. */
  close(): Promise<void>;
}

type SyncRange = Pick<SyncOnceOptions, 'types' | 'from' | 'to' | 'force'>;

class TrayApp implements App {
  readonly timer: SyncTimer;
  private readonly clock: Clock;
  private readonly relay = new WaitRelay();
  private readonly progress = new LiveProgress();
  private readonly listeners = new Set<(s: AppStatus) => void>();
  private readonly background = new Set<Promise<unknown>>();
  private destinations: DestinationStatus[] = [];
  private connection: GoogleConnection | undefined;
  private demo = false;
  private settingsError: string | undefined;
  private emitScheduled = false;

  constructor(
    private readonly o: AppOptions,
    private session: Session,
    private account: SignedInAccount | undefined,
  ) {
    this.clock = o.clock ?? systemClock;
    this.timer = createSyncTimer({
      run: (signal) => this.runSync(signal),
      intervalMinutes: () => this.session.loaded.settings.syncIntervalMinutes,
      initialDelayMs: o.firstSyncDelayMs ?? 3_000,
      clock: this.clock,
      log: o.log.child('scheduler'),
    });
    this.timer.onChange(() => {
      void this.emit();
    });
  }

  static async open(o: AppOptions): Promise<TrayApp> {
    const app = new TrayApp(o, undefined as unknown as Session, await accountFile(o.dataDir).read());
    app.session = await app.openTolerant(o.dataDir);
    await app.refreshDestinations();
    return app;
  }

  /** Bad settings must not lock the user out of the app that can fix them: open with defaults. */
  private async openTolerant(dataDir: string): Promise<Session> {
    const open = (env: NodeJS.ProcessEnv): Promise<Session> =>
      openSession({
        env,
        log: this.o.log,
        dataDir,
        command: 'SyncBit (tray app)',
        lockWaitMs: 10_000,
        clock: this.clock,
      });
    try {
      const s = await open(this.o.env);
      this.settingsError = undefined;
      return s;
    } catch (err) {
      const e = toSyncBitError(err);
      if (e.code !== 'invalid-settings') throw e;
      this.settingsError = e.message;
      this.o.log.warn('settings are invalid; running with defaults until they are fixed', {
        error: e.message,
      });
      return open({}).catch(() => {
        throw e;
      });
    }
  }

  private async switchTo(dataDir: string): Promise<void> {
    this.session = await this.openTolerant(dataDir);
    this.connection = undefined;
  }

  private async google(): Promise<GoogleConnection> {
    this.connection ??= await connectSessionGoogle(this.session, this.relay, { clock: this.clock });
    return this.connection;
  }

  private notSignedIn(message: string): SyncResult {
    const now = this.clock.now();
    return {
      ok: false,
      state: 'auth-required',
      message,
      today: new Date(now).toISOString().slice(0, 10),
      zone: this.session.loaded.settings.timezone ?? 'UTC',
      startedAt: now,
      finishedAt: now,
      requests: 0,
      types: [],
    };
  }

  /** One tick of the timer, "Sync now" and re-fetch: sync once over the signed-in account. */
  private async runSync(signal: AbortSignal, range: SyncRange = {}): Promise<SyncResult> {
    if (this.demo) return this.notSignedIn(DEMO_MESSAGE);
    if (this.session.loaded.settings.google.clientId === undefined || this.account === undefined)
      return this.notSignedIn('Not signed in: set up your Google client and sign in to start syncing.');
    const source = googleSyncSource(this.session, await this.google(), this.relay, this.account);
    try {
      return await syncOnce(source, {
        signal,
        log: this.o.log.child('sync'),
        clock: this.clock,
        onEvent: (e) => {
          this.progress.apply(e, this.clock.now());
          void this.emit();
        },
        ...range,
      });
    } finally {
      await this.refreshDestinations();
    }
  }

  private async refreshDestinations(): Promise<void> {
    try {
      this.destinations = await destinationStatuses(this.session);
    } catch (err) {
      this.o.log.warn('could not read the export outboxes', { error: toSyncBitError(err).message });
    }
  }

  private status(): AppStatus {
    return buildStatus({
      snap: this.timer.snapshot(),
      session: this.session,
      account: this.account,
      demo: this.demo,
      settingsError: this.settingsError,
      progress: this.progress,
      destinations: this.destinations,
    });
  }

  /** Progress events arrive per day; coalesce them into one status push per tick. */
  private async emit(): Promise<void> {
    if (this.emitScheduled) return;
    this.emitScheduled = true;
    await Promise.resolve();
    this.emitScheduled = false;
    const s = this.status();
    for (const l of this.listeners) {
      try {
        l(s);
      } catch (err) {
        this.o.log.warn('status listener failed', { error: toSyncBitError(err).message });
      }
    }
  }

  /** Work that outlives the request that started it; `close()` waits for it. */
  private inBackground(work: Promise<unknown>): void {
    const p = work.catch((err: unknown) => {
      this.o.log.warn('background work failed', { error: toSyncBitError(err).message });
    });
    this.background.add(p);
    void p.finally(() => this.background.delete(p));
  }

  private async leaveDemo(): Promise<void> {
    if (!this.demo) return;
    this.demo = false;
    await this.switchTo(this.o.dataDir);
  }

  getStatus = (): Promise<AppStatus> => Promise.resolve(this.status());
  onStatusChanged = (listener: (s: AppStatus) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  listDays = (): Promise<CivilDay[]> => Promise.resolve(this.session.archive.days());
  getDailySeries: AppActions['getDailySeries'] = (key, from, to) =>
    Promise.resolve(this.session.archive.series(key, from, to));
  getDayRecords: AppActions['getDayRecords'] = (day, measurements) =>
    dayRecords(this.session, day, measurements);
  getCoverage: AppActions['getCoverage'] = (from, to) =>
    Promise.resolve(coverageGrid(this.session, from, to));

  syncNow = async (): Promise<void> => {
    await this.timer.syncNow();
  };
  pause = (untilMs: number | null): Promise<void> => {
    if (untilMs === null) this.timer.pause();
    else this.timer.pause(untilMs);
    return Promise.resolve();
  };
  resume = (): Promise<void> => {
    this.timer.resume();
    return Promise.resolve();
  };
  refetch = async (types: readonly DataTypeId[], days: readonly CivilDay[]): Promise<void> => {
    const list = types.filter((t) => isDataTypeId(t));
    const sorted = days.map(checkDay).sort();
    const from = sorted[0];
    const to = sorted.at(-1);
    if (from === undefined || to === undefined || list.length === 0) return;
    const result = await this.runSync(new AbortController().signal, { types: list, from, to, force: true });
    if (!result.ok)
      throw new SyncBitError(
        result.state === 'auth-required' ? 'auth-required' : 'api-error',
        result.message ?? 'Re-fetch did not complete.',
      );
    void this.emit();
  };

  authorize = async (clientId: string, clientSecret: string | undefined): Promise<{ signedInAs: string }> => {
    await this.leaveDemo();
    await saveSettings(this.o.dataDir, { google: { clientId } }, this.o.persistSettings);
    if (clientSecret !== undefined && clientSecret !== '')
      await this.session.secretStore().set('secret:googleClientSecret', clientSecret);
    await this.switchTo(this.o.dataDir);
    this.account = await signIn(this.session, await this.google(), { openUrl: this.o.openUrl });
    void this.emit();
    this.timer.syncNow().catch((err: unknown) => {
      this.o.log.warn('first sync after sign-in failed', { error: toSyncBitError(err).message });
    });
    return { signedInAs: accountLabel(this.account) };
  };
  signOut = async (): Promise<void> => {
    // Waits for a sync in flight (it holds the folder); the timer keeps running and finds nobody signed in.
    await this.session.exclusive(async () => {
      if (this.account !== undefined) await signOut(this.session, await this.google());
      this.account = undefined;
      this.connection = undefined;
    });
    void this.emit();
  };

  importTakeout = async (
    paths: readonly string[],
    onProgress: (p: ImportProgress) => void,
    signal?: AbortSignal,
  ): Promise<ImportSummary> => {
    if (paths.length === 0) throw new SyncBitError('invalid-input', 'Choose the Takeout export to import.');
    await this.leaveDemo();
    const result = await importTakeoutExport(this.session, paths, {
      ...(signal === undefined ? {} : { signal }),
      onProgress: (p) => {
        onProgress({
          phase: 'reading',
          filesDone: p.filesDone,
          filesTotal: p.filesTotal,
          daysWritten: 0,
          daysTotal: 0,
          bytesDone: p.bytesDone,
          bytesTotal: p.bytesTotal,
          familiesDone: p.familiesDone,
          familiesTotal: p.familiesTotal,
          ...(p.etaMs === undefined ? {} : { etaMs: p.etaMs }),
        });
      },
      onDayWritten: (done, total) => {
        onProgress({ phase: 'writing', filesDone: 0, filesTotal: 0, daysWritten: done, daysTotal: total });
      },
    });
    const n = result.daysTouched;
    onProgress({ phase: 'done', filesDone: 0, filesTotal: 0, daysWritten: n, daysTotal: n });
    await this.refreshDestinations();
    void this.emit();
    return summariseImport(result.report);
  };
  loadDemoData = async (): Promise<ImportSummary> => {
    if (!this.demo) {
      this.demo = true;
      await this.switchTo(join(this.o.dataDir, 'demo'));
    }
    const result = await loadDemo(this.session, {
      days: this.o.demoDays ?? 120,
      format: 'folder',
      heartRateSeconds: this.o.demoHeartRateSeconds ?? 5,
    });
    void this.emit();
    return summariseImport(result.report);
  };

  getSettings = (): Promise<PublicSettings> => publicSettings(this.session);
  updateSettings = async (patch: Record<string, unknown>): Promise<PublicSettings> => {
    await saveSettings(this.o.dataDir, patch, this.o.persistSettings);
    await this.switchTo(this.demo ? this.session.dataDir : this.o.dataDir);
    await this.refreshDestinations();
    void this.emit();
    // A destination switched on now starts receiving the archive (the export-now path).
    const session = this.session;
    this.inBackground(
      exportAfterSettingsChange(session).then(async () => {
        await this.refreshDestinations();
        await this.emit();
      }),
    );
    return publicSettings(this.session);
  };
  setSecret = async (name: string, value: string): Promise<void> => {
    await setSecret(this.session, name, value);
    this.connection = undefined;
  };

  exportNow = async (
    name: 'victoria' | 's3',
  ): Promise<{ exported: number; failed: number; message: string }> => {
    const r = await exportNow(this.session, { destinations: [destination(name)], queueArchive: true });
    await this.refreshDestinations();
    void this.emit();
    const s = r.summaries[0];
    if (!s) return { exported: 0, failed: 0, message: 'Nothing to export.' };
    const message = s.error
      ? s.error.message
      : s.state === 'idle'
        ? 'Everything is already exported.'
        : `${s.sent} day(s) exported.`;
    return { exported: s.sent, failed: s.rejected + (s.error ? 1 : 0), message };
  };
  testDestination = async (name: 'victoria' | 's3'): Promise<{ ok: boolean; message: string }> => {
    const dest = destination(name);
    const r = await testDestination(this.session, dest);
    if (r === undefined) return { ok: false, message: notSetUpMessage(dest) };
    return { ok: r.ok, message: [r.message, ...r.details].join(' ') };
  };

  recentLogs: AppActions['recentLogs'] = (limit) =>
    Promise.resolve(
      (this.o.ring?.recent(Math.max(1, Math.min(500, limit))) ?? []).map((e) => ({
        time: e.time,
        level: e.level,
        scope: e.scope,
        message: e.message,
      })),
    );

  close = async (): Promise<void> => {
    await this.timer.stop();
    await Promise.all([...this.background]);
    await this.session.archive.flushIndex();
    await this.session.coverage.flush();
    this.listeners.clear();
  };
}

function destination(name: string): DestinationName {
  if (!isDestinationName(name)) throw new SyncBitError('invalid-input', `Unknown destination ${name}.`);
  return name;
}

/** Composes the tray app over the data folder and starts its sync timer (see module doc). */
export async function composeApp(options: AppOptions): Promise<App> {
  const app = await TrayApp.open(options);
  app.timer.start();
  return app;
}
