/** A recording AppActions for shell tests (no disk, no network). */
import { settingsSchema, type SettingsUpdate } from '../../common/settings-schema.js';
import type { AppActions, AppStatus } from '../../main/core/app/types.js';

/** The settings every fake returns: the defaults. */
const DEFAULT_SETTINGS = settingsSchema.parse({});

export function baseStatus(overrides: Partial<AppStatus> = {}): AppStatus {
  return {
    phase: 'idle',
    signedInAs: 'Alex',
    lastSyncAt: Date.UTC(2026, 10, 21, 13, 0),
    nextSyncAt: Date.UTC(2026, 10, 21, 13, 15),
    progress: [],
    destinations: [],
    archive: { days: 10, dataDir: '/data' },
    ...overrides,
  };
}

export class FakeServices implements AppActions {
  readonly calls: { method: string; args: unknown[] }[] = [];
  status: AppStatus = baseStatus();
  private readonly listeners = new Set<(s: AppStatus) => void>();
  /** Make the next call of a method throw this. */
  failWith: Partial<Record<keyof AppActions, unknown>> = {};

  private call<T>(method: keyof AppActions, args: unknown[], value: T): Promise<T> {
    this.calls.push({ method, args });
    const err = this.failWith[method];
    if (err !== undefined) return Promise.reject(err instanceof Error ? err : new Error(JSON.stringify(err)));
    return Promise.resolve(value);
  }
  setStatus(s: AppStatus): void {
    this.status = s;
    for (const l of this.listeners) l(s);
  }
  getStatus(): Promise<AppStatus> {
    return this.call('getStatus', [], this.status);
  }
  onStatusChanged(listener: (status: AppStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  listDays() {
    return this.call('listDays', [], ['2026-11-20', '2026-11-21']);
  }
  getDailySeries(key: string, from?: string, to?: string) {
    return this.call('getDailySeries', [key, from, to], [{ day: '2026-11-21', value: 1 }]);
  }
  getDayRecords(day: string, measurements?: readonly string[]) {
    return this.call(
      'getDayRecords',
      [day, measurements],
      [
        { measurement: 'HeartRate_Intraday', time: '2026-11-21T10:00:00Z', tags: {}, fields: { value: 61 } },
        { measurement: 'HeartRate_Intraday', time: '2026-11-21T10:00:01Z', tags: {}, fields: { value: 62 } },
      ],
    );
  }
  getCoverage(from: string, to: string) {
    return this.call('getCoverage', [from, to], {} as Awaited<ReturnType<AppActions['getCoverage']>>);
  }
  syncNow() {
    return this.call('syncNow', [], undefined);
  }
  pause(untilMs: number | null) {
    return this.call('pause', [untilMs], undefined);
  }
  resume() {
    return this.call('resume', [], undefined);
  }
  refetch(types: readonly string[], days: readonly string[]) {
    return this.call('refetch', [types, days], undefined);
  }
  authorize(clientId: string, clientSecret: string | undefined) {
    return this.call('authorize', [clientId, clientSecret], { signedInAs: 'Alex' });
  }
  signOut() {
    return this.call('signOut', [], undefined);
  }
  importTakeout(
    paths: readonly string[],
    onProgress: (p: {
      phase: 'reading' | 'writing' | 'done';
      filesDone: number;
      filesTotal: number;
      daysWritten: number;
      daysTotal: number;
    }) => void,
  ) {
    onProgress({ phase: 'reading', filesDone: 1, filesTotal: 2, daysWritten: 0, daysTotal: 0 });
    return this.call('importTakeout', [paths], { days: 3, records: 30, families: [], warnings: [] });
  }
  loadDemoData() {
    return this.call('loadDemoData', [], { days: 3, records: 30, families: [], warnings: [] });
  }
  getSettings() {
    return this.call('getSettings', [], { values: DEFAULT_SETTINGS, secretsSet: {}, fromEnv: [] });
  }
  updateSettings(patch: SettingsUpdate) {
    return this.call('updateSettings', [patch], { values: DEFAULT_SETTINGS, secretsSet: {}, fromEnv: [] });
  }
  setSecret(name: string, value: string) {
    return this.call('setSecret', [name, value], undefined);
  }
  exportNow(destination: 'victoria' | 's3') {
    return this.call('exportNow', [destination], { exported: 1, failed: 0, message: 'ok' });
  }
  testDestination(destination: 'victoria' | 's3') {
    return this.call('testDestination', [destination], { ok: true, message: 'ok' });
  }
  recentLogs(limit: number) {
    return this.call('recentLogs', [limit], []);
  }
}
