/**
 * The simulator as an in-process HealthApi (the port collectors and the sync engine consume):
 * the same SimWorld, store and request rules (SimService) as the HTTP simulator, called directly,
 * with Google's error replies turned into SyncBitErrors by the product's own mapping. It also
 * logs every call it was given and can throw port-level errors (what the HTTP client would raise:
 * `network`, `auth-required`, …) for a data type or method, for tests of the engine's handling.
 */
import type { SyncBitError } from '../../../main/core/errors.js';
import { parseApiError, toApiError } from '../../../main/core/sources/google-health/api-errors.js';
import type {
  DailyRollUpRequest,
  DataPointPage,
  HealthApi,
  Identity,
  PairedDevice,
  ReconcileQuery,
  RollupPage,
  UserSettings,
} from '../../../main/core/sources/google-health/api-types.js';
import { ApiError, errorBody } from './replies.js';
import { SimWorld } from './world.js';
import type { SimDataControls, SimWorldOptions } from './world.js';

/** One HealthApi call as the caller made it. */
export interface CallLog {
  method: string;
  type?: string;
  filter?: string;
  pageSize?: number;
  pageToken?: string;
  range?: { start: string; end: string };
}

/**
 * A blank account (nothing generated) whose clock is far past any test's data, pages of the
 * documented 10,000 points and no trips: tests add exactly the points and rollups they assert on.
 */
export const BLANK_ACCOUNT: SimWorldOptions = {
  generate: false,
  now: () => Date.parse('2027-06-01T00:00:00Z'),
  historyDays: 3650,
  trips: [],
  pageCap: false,
};

export class SimHealthApi implements HealthApi {
  readonly world: SimWorld;
  readonly calls: CallLog[] = [];
  /**
   * Port-level errors thrown for a data type (or 'identity', 'settings', 'devices', 'tcx');
   * `times` limits how often.
   */
  readonly failures = new Map<string, { error: SyncBitError; times?: number }>();
  /** Called before each request (tests abort or mutate data here). */
  beforeRequest: ((call: CallLog) => void) | undefined;

  constructor(opts: SimWorldOptions = BLANK_ACCOUNT) {
    this.world = new SimWorld(opts);
  }

  /** The simulator's data controls (addPoints, setRollup, hideDay, …). */
  get controls(): SimDataControls {
    return this.world.controls;
  }

  get requestCount(): number {
    return this.calls.length;
  }

  getIdentity(): Promise<Identity> {
    return this.call({ method: 'getIdentity' }, 'identity', () => this.world.service.identity() as Identity);
  }

  getSettings(): Promise<UserSettings> {
    return this.call(
      { method: 'getSettings' },
      'settings',
      () => this.world.service.settings() as UserSettings,
    );
  }

  listPairedDevices(): Promise<PairedDevice[]> {
    return this.call(
      { method: 'listPairedDevices' },
      'devices',
      () => (this.world.service.pairedDevices() as { pairedDevices: PairedDevice[] }).pairedDevices,
    );
  }

  exportExerciseTcx(name: string): Promise<string> {
    const id = name.split('/').at(-1) ?? '';
    return this.call(
      { method: 'exportExerciseTcx', type: name },
      'tcx',
      () => this.world.service.exerciseTcx(id),
      {
        what: 'export TCX',
      },
    );
  }

  reconcile(type: string, q: ReconcileQuery): Promise<DataPointPage> {
    const query = new URLSearchParams();
    if (q.filter !== undefined) query.set('filter', q.filter);
    if (q.pageSize !== undefined) query.set('pageSize', String(q.pageSize));
    if (q.pageToken !== undefined) query.set('pageToken', q.pageToken);
    if (q.dataSourceFamily !== undefined) query.set('dataSourceFamily', q.dataSourceFamily);
    const call: CallLog = {
      method: 'reconcile',
      type,
      ...(q.filter === undefined ? {} : { filter: q.filter }),
      ...(q.pageSize === undefined ? {} : { pageSize: q.pageSize }),
      ...(q.pageToken === undefined ? {} : { pageToken: q.pageToken }),
    };
    return this.call(
      call,
      type,
      () => this.world.service.dataPoints(type, query, 'reconcile') as DataPointPage,
      {
        what: `reconcile ${type}`,
        type,
      },
    );
  }

  dailyRollUp(type: string, r: DailyRollUpRequest): Promise<RollupPage> {
    const day = (d: { year: number; month: number; day: number }): string =>
      `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
    const call: CallLog = {
      method: 'dailyRollUp',
      type,
      range: { start: day(r.range.start.date), end: day(r.range.end.date) },
      ...(r.pageSize === undefined ? {} : { pageSize: r.pageSize }),
    };
    return this.call(
      call,
      type,
      () => this.world.service.dailyRollUp(type, structuredClone(r)) as RollupPage,
      {
        what: `dailyRollUp ${type}`,
        type,
      },
    );
  }

  /** Logs the call, runs the hook and any injected failure, then answers as the wire would (a copy). */
  private call<T>(
    call: CallLog,
    failKey: string,
    answer: () => T,
    context: { what: string; type?: string } = { what: call.method },
  ): Promise<T> {
    try {
      this.calls.push(call);
      this.beforeRequest?.(call);
      const f = this.failures.get(failKey);
      if (f) {
        if (f.times !== undefined) {
          f.times -= 1;
          if (f.times <= 0) this.failures.delete(failKey);
        }
        throw f.error;
      }
      return Promise.resolve(structuredClone(answer()));
    } catch (e: unknown) {
      if (e instanceof ApiError)
        return Promise.reject(toApiError(parseApiError(e.http, errorBody(e)), context));
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }
}
