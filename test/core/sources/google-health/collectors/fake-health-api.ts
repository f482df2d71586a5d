/**
 * In-memory HealthApi for collector and engine tests: serves data points shaped exactly like the
 * reference (§2.7), validates filters like the API (snake_case, only >= and <, AND), pages with
 * nextPageToken newest first, enforces the dailyRollUp caps (14/90 days, windowSizeDays × pageSize)
 * and counts every call. Failures can be injected per Google type.
 */
import { civilDayAt, parseOffsetMinutes } from '../../../../../main/core/model/civil-day.js';
import { SyncBitError } from '../../../../../main/core/errors.js';
import type {
  DailyRollUpRequest,
  DataPointPage,
  HealthApi,
  HealthDataPoint,
  Identity,
  PairedDevice,
  ReconcileQuery,
  RollupDataPoint,
  RollupPage,
  UserSettings,
} from '../../../../../main/core/sources/google-health/api-types.js';

const KEY: Record<string, string> = {};
const camel = (t: string): string => KEY[t] ?? t.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const FOURTEEN_DAY = new Set([
  'total-calories',
  'active-minutes',
  'heart-rate',
  'calories-in-heart-rate-zone',
]);
const SESSION = new Set(['sleep', 'exercise']);

export interface CallLog {
  method: string;
  type?: string;
  filter?: string;
  pageSize?: number;
  pageToken?: string;
  range?: { start: string; end: string };
}

interface Body {
  date?: { year: number; month: number; day: number };
  sampleTime?: { physicalTime: string; utcOffset?: string };
  interval?: { startTime: string; endTime: string; startUtcOffset?: string; endUtcOffset?: string };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Civil key (`YYYY-MM-DDTHH:mm:ss`) the filter of a point's type compares. */
function civilKey(type: string, p: HealthDataPoint): string | undefined {
  const body = p[camel(type)] as Body | undefined;
  if (!body) return undefined;
  const civil = (iso: string, off: string): string => {
    const ms = Date.parse(iso) + parseOffsetMinutes(off) * 60_000;
    return new Date(ms).toISOString().slice(0, 19);
  };
  if (body.date) return `${body.date.year}-${pad(body.date.month)}-${pad(body.date.day)}`;
  if (body.sampleTime) return civil(body.sampleTime.physicalTime, body.sampleTime.utcOffset ?? '0s');
  if (type === 'sleep' && body.interval)
    return civil(body.interval.endTime, body.interval.endUtcOffset ?? body.interval.startUtcOffset ?? '0s');
  if (body.interval) return civil(body.interval.startTime, body.interval.startUtcOffset ?? '0s');
  return undefined;
}

function physical(type: string, p: HealthDataPoint): number {
  const body = p[camel(type)] as Body;
  if (body.sampleTime) return Date.parse(body.sampleTime.physicalTime);
  if (body.interval) return Date.parse(body.interval.startTime);
  const d = body.date!;
  return Date.parse(`${d.year}-${pad(d.month)}-${pad(d.day)}T12:00:00Z`);
}

const FILTER_RE = /^([a-z][a-z0-9_]*)\.([a-z_.]+) (>=|<) "([^"]+)"$/;
const FIELDS: Record<string, string[]> = {
  sleep: ['interval.end_time', 'interval.civil_end_time'],
  exercise: ['interval.civil_start_time'],
};

export class FakeHealthApi implements HealthApi {
  readonly points = new Map<string, HealthDataPoint[]>();
  readonly rollups = new Map<string, Map<string, RollupDataPoint>>();
  readonly tcx = new Map<string, string>();
  devices: PairedDevice[] = [];
  settings: UserSettings = { timeZone: 'Europe/Berlin' };
  readonly calls: CallLog[] = [];
  /** Errors thrown for a Google type (or 'settings', 'devices', 'tcx'); `times` limits how often. */
  readonly failures = new Map<string, { error: SyncBitError; times?: number }>();
  /** Called before each request (tests abort or mutate data here). */
  beforeRequest: ((call: CallLog) => void) | undefined;

  get requestCount(): number {
    return this.calls.length;
  }

  add(type: string, ...pts: HealthDataPoint[]): this {
    this.points.set(type, [...(this.points.get(type) ?? []), ...pts]);
    return this;
  }

  setRollup(type: string, day: string, value: Record<string, unknown>): this {
    const m = this.rollups.get(type) ?? new Map<string, RollupDataPoint>();
    const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
    m.set(day, { civilStartTime: { date: { year: y, month: mo, day: d }, time: {} }, ...value });
    this.rollups.set(type, m);
    return this;
  }

  private record(call: CallLog, failKey: string): void {
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
  }

  getIdentity(): Promise<Identity> {
    this.record({ method: 'getIdentity' }, 'identity');
    return Promise.resolve({ healthUserId: 'user-1' });
  }

  getSettings(): Promise<UserSettings> {
    this.record({ method: 'getSettings' }, 'settings');
    return Promise.resolve(this.settings);
  }

  listPairedDevices(): Promise<PairedDevice[]> {
    this.record({ method: 'listPairedDevices' }, 'devices');
    return Promise.resolve(this.devices);
  }

  exportExerciseTcx(name: string): Promise<string> {
    this.record({ method: 'exportExerciseTcx', type: name }, 'tcx');
    const xml = this.tcx.get(name);
    if (xml === undefined) return Promise.reject(new SyncBitError('not-found', `no TCX for ${name}`));
    return Promise.resolve(xml);
  }

  reconcile(type: string, q: ReconcileQuery): Promise<DataPointPage> {
    const call: CallLog = {
      method: 'reconcile',
      type,
      ...(q.filter === undefined ? {} : { filter: q.filter }),
      ...(q.pageSize === undefined ? {} : { pageSize: q.pageSize }),
      ...(q.pageToken === undefined ? {} : { pageToken: q.pageToken }),
    };
    try {
      this.record(call, type);
    } catch (e: unknown) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    const snake = type.replace(/-/g, '_');
    let lo = '';
    let hi = '\uffff';
    for (const clause of (q.filter ?? '').split(' AND ').filter((c) => c !== '')) {
      const m = FILTER_RE.exec(clause);
      if (!m || m[1] !== snake)
        return Promise.reject(new SyncBitError('api-error', `INVALID_DATA_POINT_FILTER: ${clause}`));
      const allowed = FIELDS[type];
      if (allowed && !allowed.includes(m[2]!))
        return Promise.reject(new SyncBitError('api-error', `INVALID_DATA_POINT_FILTER field ${m[2]}`));
      if (m[3] === '>=') lo = m[4]!;
      else hi = m[4]!;
    }
    const max = SESSION.has(type) ? 25 : 10_000;
    const size = Math.min(q.pageSize ?? (SESSION.has(type) ? 25 : 1440), max);
    const all = (this.points.get(type) ?? [])
      .filter((p) => {
        const k = civilKey(type, p);
        return k !== undefined && k >= lo && k < hi;
      })
      .sort((a, b) => physical(type, b) - physical(type, a));
    const start = q.pageToken === undefined ? 0 : Number(q.pageToken);
    const page = all.slice(start, start + size);
    const next = start + size < all.length ? String(start + size) : undefined;
    return Promise.resolve({
      dataPoints: structuredClone(page),
      ...(next === undefined ? {} : { nextPageToken: next }),
    });
  }

  dailyRollUp(type: string, r: DailyRollUpRequest): Promise<RollupPage> {
    const fmt = (d: { year: number; month: number; day: number }): string =>
      `${d.year}-${pad(d.month)}-${pad(d.day)}`;
    const start = fmt(r.range.start.date);
    const end = fmt(r.range.end.date);
    try {
      this.record(
        {
          method: 'dailyRollUp',
          type,
          range: { start, end },
          ...(r.pageSize === undefined ? {} : { pageSize: r.pageSize }),
        },
        type,
      );
    } catch (e: unknown) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    const cap = FOURTEEN_DAY.has(type) ? 14 : 90;
    const days = Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000);
    const pageSize = r.pageSize ?? 1440;
    if (days > cap || r.windowSizeDays * pageSize > cap)
      return Promise.reject(
        new SyncBitError('api-error', `INVALID_ROLLUP_QUERY_DURATION maxDurationDays ${cap}`),
      );
    const m = this.rollups.get(type) ?? new Map<string, RollupDataPoint>();
    const out = [...m.entries()]
      .filter(([d]) => d >= start && d < end)
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([, v]) => structuredClone(v));
    return Promise.resolve({ rollupDataPoints: out });
  }
}

/** An interval point as the API returns it (§2.7). */
export function intervalPoint(
  key: string,
  startIso: string,
  minutes: number,
  offset: string,
  body: Record<string, unknown>,
  device = 'Charge 6',
): HealthDataPoint {
  const start = Date.parse(startIso);
  const end = start + minutes * 60_000;
  return {
    dataSource: {
      platform: 'FITBIT',
      recordingMethod: 'PASSIVELY_MEASURED',
      device: { displayName: device, formFactor: 'TRACKER' },
    },
    [key]: {
      interval: {
        startTime: new Date(start).toISOString().replace('.000Z', 'Z'),
        endTime: new Date(end).toISOString().replace('.000Z', 'Z'),
        startUtcOffset: offset,
        endUtcOffset: offset,
      },
      ...body,
    },
  };
}

/** A sample point (§2.7 ObservationSampleTime). */
export function samplePoint(
  key: string,
  iso: string,
  offset: string,
  body: Record<string, unknown>,
  device = 'Charge 6',
): HealthDataPoint {
  return {
    dataSource: { platform: 'FITBIT', device: { displayName: device } },
    [key]: { sampleTime: { physicalTime: iso, utcOffset: offset }, ...body },
  };
}

/** A daily point (`date` is the user's civil day). */
export function dailyPoint(
  key: string,
  day: string,
  body: Record<string, unknown>,
  device = 'Charge 6',
): HealthDataPoint {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return {
    dataSource: { platform: 'FITBIT', device: { displayName: device } },
    [key]: { date: { year: y, month: m, day: d }, ...body },
  };
}

/** The civil day of an ISO instant at a google-duration offset. */
export function dayOf(iso: string, offset: string): string {
  return civilDayAt(Date.parse(iso), parseOffsetMinutes(offset));
}
