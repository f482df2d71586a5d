/**
 * A small AppActions for the renderer harness, built on the REAL core pieces: the archive, the
 * coverage store, the settings file (the same validation the CLI uses), the Takeout importer and
 * staging. Only what needs Google or a network (OAuth, the sync engine, exporters) is simulated,
 * deterministically. When the lead's createAppServices lands, the harness can switch to it.
 */
import type {
  AppActions,
  AppStatus,
  CoverageCell,
  ImportProgress,
  ImportSummary,
  PublicSettings,
  TypeProgress,
} from '../../main/core/app/types.js';
import { SyncBitError } from '../../main/core/errors.js';
import { RingSink, createLogger } from '../../main/core/log.js';
import { addDays } from '../../main/core/model/civil-day.js';
import { DATA_TYPE_IDS, type DataTypeId } from '../../main/core/model/data-types.js';
import type { CivilDay, DataRecord } from '../../main/core/model/record.js';
import type { Logger } from '../../main/core/ports.js';
import { importTakeout } from '../../main/core/sources/takeout/import-takeout.js';
import { Archive } from '../../main/core/store/archive.js';
import { SECRETS, loadSettings, updateSettingsFile } from '../../main/core/store/settings.js';
import { DayStaging } from '../../main/core/store/staging.js';
import { CoverageStore } from '../../main/core/sync/coverage.js';
import { summariseImport } from '../../main/core/sync/takeout-import.js';
import { fillSampleArchive } from './sample-archive.js';

export interface HarnessServicesOptions {
  readonly dataDir: string;
  /** Start signed in as this name (undefined: signed out, as on a first run). */
  readonly signedInAs?: string;
  /** Delay between simulated sync progress ticks (ms). */
  readonly tickMs?: number;
  readonly now?: () => number;
}

const SYNC_TYPES: readonly DataTypeId[] = [
  'steps',
  'heart-rate',
  'sleep',
  'resting-heart-rate',
  'hrv',
  'spo2',
  'weight',
  'vo2-max',
];

export class HarnessServices implements AppActions {
  private readonly listeners = new Set<(s: AppStatus) => void>();
  private readonly secrets = new Map<string, string>();
  private readonly ring = new RingSink(300);
  readonly log: Logger;
  private signedInAs: string | undefined;
  private phase: AppStatus['phase'];
  private pausedUntil: number | 'indefinitely' | undefined;
  private lastSyncAt: number | undefined;
  private progress: TypeProgress[] = [];
  private running: Promise<void> | undefined;
  private readonly now: () => number;
  /** Calls made, for tests that assert what the UI asked for. */
  readonly calls: { method: string; args: unknown[] }[] = [];

  private constructor(
    private readonly dataDir: string,
    private archive: Archive,
    private coverage: CoverageStore,
    private readonly options: HarnessServicesOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.log = createLogger('harness', this.ring.sink, { level: 'debug' });
    this.signedInAs = options.signedInAs;
    this.phase = options.signedInAs === undefined ? 'signed-out' : 'idle';
    if (options.signedInAs !== undefined) this.lastSyncAt = this.now() - 7 * 60_000;
  }

  static async open(options: HarnessServicesOptions): Promise<HarnessServices> {
    const archive = await Archive.open(options.dataDir);
    const coverage = await CoverageStore.open(options.dataDir);
    const s = new HarnessServices(options.dataDir, archive, coverage, options);
    s.log.info('SyncBit harness core opened', { days: archive.days().length });
    return s;
  }

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }

  private emit(): void {
    void this.getStatus().then((s) => {
      for (const l of this.listeners) l(s);
    });
  }

  getStatus(): Promise<AppStatus> {
    const days = this.archive.days();
    const firstDay = days[0];
    const lastDay = days.at(-1);
    const left = this.progress.reduce((n, p) => n + p.daysLeft, 0);
    return Promise.resolve({
      phase: this.phase,
      ...(this.signedInAs === undefined ? {} : { signedInAs: this.signedInAs }),
      ...(this.lastSyncAt === undefined ? {} : { lastSyncAt: this.lastSyncAt }),
      ...(this.phase === 'idle' && this.lastSyncAt !== undefined
        ? { nextSyncAt: this.lastSyncAt + 15 * 60_000 }
        : {}),
      ...(this.pausedUntil === undefined ? {} : { pausedUntil: this.pausedUntil }),
      progress: this.progress,
      ...(left > 0 ? { etaSeconds: left * 2 } : {}),
      destinations: [
        { name: 'victoria', enabled: true, pending: 3, failed: 0, warnings: [] },
        { name: 's3', enabled: false, pending: 0, failed: 0, warnings: [] },
      ],
      archive: {
        days: days.length,
        ...(firstDay === undefined ? {} : { firstDay }),
        ...(lastDay === undefined ? {} : { lastDay }),
        dataDir: this.dataDir,
      },
    });
  }

  onStatusChanged(listener: (status: AppStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  listDays(): Promise<CivilDay[]> {
    return Promise.resolve(this.archive.days());
  }

  getDailySeries(key: string, from?: CivilDay, to?: CivilDay): Promise<{ day: CivilDay; value: number }[]> {
    return Promise.resolve(this.archive.series(key, from, to));
  }

  async getDayRecords(day: CivilDay, measurements?: readonly string[]): Promise<DataRecord[]> {
    const all = await this.archive.readDay(day);
    return measurements === undefined ? all : all.filter((r) => measurements.includes(r.measurement));
  }

  getCoverage(from: CivilDay, to: CivilDay): Promise<Record<DataTypeId, CoverageCell[]>> {
    const out = {} as Record<DataTypeId, CoverageCell[]>;
    for (const type of DATA_TYPE_IDS) {
      const cells: CoverageCell[] = [];
      for (let d = from; d <= to; d = addDays(d, 1))
        cells.push({ day: d, status: this.coverage.get(type, d)?.status ?? 'missing' });
      out[type] = cells;
    }
    return Promise.resolve(out);
  }

  /** Simulated sync: progress per type over a few ticks, then idle. "Sync now" during a sync joins it. */
  syncNow(): Promise<void> {
    this.record('syncNow');
    if (this.signedInAs === undefined)
      return Promise.reject(
        new SyncBitError('auth-required', 'Sign in with Google first (Settings → Account).'),
      );
    this.running ??= this.simulateSync().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async simulateSync(): Promise<void> {
    const tick = this.options.tickMs ?? 120;
    const total = 30;
    this.phase = 'syncing';
    this.progress = SYNC_TYPES.map((type) => ({ type, daysDone: 0, daysLeft: total, state: 'syncing' }));
    this.emit();
    for (let step = 1; step <= 5; step++) {
      await new Promise((r) => setTimeout(r, tick));
      this.progress = this.progress.map((p, i) => {
        const done = Math.min(total, Math.round((total * step) / 5) - (i % 3));
        return {
          ...p,
          daysDone: Math.max(0, done),
          daysLeft: total - Math.max(0, done),
          state: step === 5 ? 'ok' : 'syncing',
        };
      });
      this.log.info(`fetched ${this.progress.reduce((n, p) => n + p.daysDone, 0)} type-days`);
      this.emit();
    }
    this.progress = this.progress.map((p) => ({ ...p, daysDone: total, daysLeft: 0, state: 'ok' }));
    this.phase = 'idle';
    this.lastSyncAt = this.now();
    this.log.info('sync finished');
    this.emit();
  }

  pause(untilMs: number | null): Promise<void> {
    this.record('pause', untilMs);
    this.phase = 'paused';
    this.pausedUntil = untilMs ?? 'indefinitely';
    this.emit();
    return Promise.resolve();
  }

  resume(): Promise<void> {
    this.record('resume');
    this.pausedUntil = undefined;
    this.phase = this.signedInAs === undefined ? 'signed-out' : 'idle';
    this.emit();
    return Promise.resolve();
  }

  refetch(types: readonly DataTypeId[], days: readonly CivilDay[]): Promise<void> {
    this.record('refetch', types, days);
    this.log.info(`re-fetch queued for ${days.length} day(s) of ${types.length} type(s)`);
    return Promise.resolve();
  }

  async authorize(clientId: string, clientSecret: string | undefined): Promise<{ signedInAs: string }> {
    this.record('authorize', clientId);
    if (clientId.startsWith('deny'))
      throw new SyncBitError('auth-required', 'Google said access was denied. Try again and click “Allow”.');
    await updateSettingsFile(this.dataDir, { google: { clientId } });
    if (clientSecret !== undefined) this.secrets.set('googleClientSecret', clientSecret);
    this.signedInAs = 'Alex Example';
    this.phase = 'idle';
    this.log.info('signed in');
    this.emit();
    return { signedInAs: this.signedInAs };
  }

  signOut(): Promise<void> {
    this.record('signOut');
    this.signedInAs = undefined;
    this.phase = 'signed-out';
    this.emit();
    return Promise.resolve();
  }

  /** The REAL Takeout importer into the real archive, with progress. */
  async importTakeout(
    paths: readonly string[],
    onProgress: (p: ImportProgress) => void,
  ): Promise<ImportSummary> {
    this.record('importTakeout', paths);
    const staging = await DayStaging.create(this.dataDir);
    const report = await importTakeout(paths, staging, {
      log: this.log,
      onProgress: (p) => {
        onProgress({
          phase: 'reading',
          filesDone: p.filesDone,
          filesTotal: p.filesTotal,
          daysWritten: 0,
          daysTotal: 0,
        });
      },
    });
    const results = await staging.finish(this.archive, {
      mode: 'merge',
      onDay: (_r, done, total) => {
        onProgress({
          phase: 'writing',
          filesDone: report.totals.files,
          filesTotal: report.totals.files,
          daysWritten: done,
          daysTotal: total,
        });
      },
    });
    await this.archive.flushIndex();
    const now = this.now();
    for (const r of results)
      for (const [type, hash] of Object.entries(r.typeHashes) as [DataTypeId, string][])
        this.coverage.recordFetch(type, r.day, 'takeout', hash, now);
    await this.coverage.flush();
    onProgress({
      phase: 'done',
      filesDone: report.totals.files,
      filesTotal: report.totals.files,
      daysWritten: results.length,
      daysTotal: results.length,
    });
    this.emit();
    return summariseImport(report);
  }

  async loadDemoData(): Promise<ImportSummary> {
    this.record('loadDemoData');
    const r = await fillSampleArchive(this.dataDir, { days: 400, secondHeartRateDays: 1, sleepNights: 120 });
    this.archive = await Archive.open(this.dataDir);
    this.coverage = await CoverageStore.open(this.dataDir);
    this.emit();
    return { days: r.days, records: r.records, families: [], warnings: [] };
  }

  async getSettings(): Promise<PublicSettings> {
    const loaded = await loadSettings({ dataDir: this.dataDir, env: {}, secretsDir: this.dataDir });
    const secretsSet: Record<string, boolean> = {};
    for (const name of Object.keys(SECRETS)) secretsSet[name] = this.secrets.has(name);
    return { values: loaded.settings as unknown as Record<string, unknown>, secretsSet, fromEnv: [] };
  }

  async updateSettings(patch: Record<string, unknown>): Promise<PublicSettings> {
    this.record('updateSettings', patch);
    await updateSettingsFile(this.dataDir, patch);
    return this.getSettings();
  }

  setSecret(name: string, value: string): Promise<void> {
    this.record('setSecret', name);
    if (!Object.hasOwn(SECRETS, name))
      return Promise.reject(new SyncBitError('invalid-input', `${name} is not a secret SyncBit knows.`));
    this.secrets.set(name, value);
    return Promise.resolve();
  }

  /** Test access to what was stored (the "keychain"). */
  secretValue(name: string): string | undefined {
    return this.secrets.get(name);
  }

  async exportNow(
    destination: 'victoria' | 's3',
  ): Promise<{ exported: number; failed: number; message: string }> {
    this.record('exportNow', destination);
    const s = (await this.getSettings()).values as {
      victoria?: { enabled?: boolean };
      s3?: { enabled?: boolean };
    };
    if (s[destination]?.enabled !== true)
      throw new SyncBitError(
        'invalid-settings',
        `Turn on the ${destination === 's3' ? 'S3' : 'Victoria Metrics'} export in Settings first.`,
      );
    return { exported: 3, failed: 0, message: 'Sent 3 days (41,233 samples).' };
  }

  async testDestination(destination: 'victoria' | 's3'): Promise<{ ok: boolean; message: string }> {
    this.record('testDestination', destination);
    const s = (await this.getSettings()).values as {
      victoria?: { endpoint?: string };
      s3?: { bucket?: string };
    };
    if (destination === 's3')
      return s.s3?.bucket === undefined
        ? { ok: false, message: 'Set a bucket first.' }
        : { ok: true, message: `Bucket ${s.s3.bucket} is writable.` };
    const endpoint = s.victoria?.endpoint;
    if (endpoint === undefined) return { ok: false, message: 'Set the endpoint URL first.' };
    try {
      const res = await fetch(new URL('/health', endpoint), { signal: AbortSignal.timeout(2_000) });
      return res.ok
        ? { ok: true, message: `Connected to ${endpoint}.` }
        : { ok: false, message: `${endpoint} answered ${res.status}.` };
    } catch (err) {
      return {
        ok: false,
        message: `Could not reach ${endpoint}: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
  }

  recentLogs(limit: number): Promise<{ time: number; level: string; scope: string; message: string }[]> {
    return Promise.resolve(
      this.ring
        .recent(limit)
        .map((e) => ({ time: e.time, level: e.level, scope: e.scope, message: e.message })),
    );
  }
}
