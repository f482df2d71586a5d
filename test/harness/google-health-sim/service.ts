/**
 * The Google Health API's request rules, independent of HTTP: what identity, settings and
 * pairedDevices return, list/reconcile validation (type, family, filter, pageSize, page token) and
 * paging, dailyRollUp validation (body shape, caps) and windows, and the TCX export. The HTTP
 * routes (routes.ts) and the in-process HealthApi (in-process.ts) both call it, so each rule is
 * written once.
 */
import { SIM_TYPES } from './catalog.js';
import type { SimTypeInfo } from './catalog.js';
import type { SimData } from './data.js';
import { FilterError, parseFilter } from './filter.js';
import {
  ApiError,
  INVALID_PAGE_TOKEN,
  decodeToken,
  encodeToken,
  hashOf,
  invalidArgument,
} from './replies.js';
import type { QueryCursor, SimStore } from './store.js';
import { DUPLICATED_IN_LIST } from './store.js';
import { addDays, daysBetween, durationString, rfc3339 } from './timeline.js';

const FAMILIES = ['all-sources', 'google-wearables', 'google-sources', 'self-sources'].map(
  (f) => `users/me/dataSourceFamilies/${f}`,
);

export interface SimServiceOptions {
  readonly userId: string;
  readonly legacyUserId: string;
  /** Most points a list/reconcile page holds whatever pageSize asks (false: the documented 10,000). */
  readonly pageCap: number | false;
  /** The tracker's pairedDevices entry carries lastSyncTime. */
  readonly deviceLastSyncTime: boolean;
  readonly now: () => number;
}

/** Only what list/reconcile read from the query string. */
export interface DataPointsQuery {
  get(name: string): string | null;
}

export class SimService {
  constructor(
    private readonly store: SimStore,
    private readonly data: SimData,
    private readonly opts: SimServiceOptions,
  ) {}

  identity(): unknown {
    const id = this.opts.userId;
    return { name: `users/${id}/identity`, healthUserId: id, legacyUserId: this.opts.legacyUserId };
  }

  settings(): unknown {
    const t = this.opts.now();
    const timeline = this.data.timeline;
    return {
      name: `users/${this.opts.userId}/settings`,
      timeZone: timeline.zoneAt(t),
      utcOffset: durationString(timeline.offsetSecondsAt(t)),
      languageLocale: 'en_US',
      measurementSystem: 'METRIC',
    };
  }

  pairedDevices(): unknown {
    if (this.store.pairedDevices !== undefined) return { pairedDevices: this.store.pairedDevices };
    const t = this.opts.now();
    const id = this.opts.userId;
    return {
      pairedDevices: [
        {
          name: `users/${id}/pairedDevices/charge6-1`,
          displayName: 'Charge 6',
          deviceType: 'TRACKER',
          batteryLevel: 64,
          batteryStatus: 'MEDIUM',
          deviceVersion: 'Charge 6',
          ...(this.opts.deviceLastSyncTime
            ? { lastSyncTime: rfc3339(Math.floor((t - 7 * 60_000) / 1000) * 1000) }
            : {}),
        },
        {
          name: `users/${id}/pairedDevices/aria-1`,
          displayName: 'Aria Air',
          deviceType: 'SCALE',
          batteryLevel: 90,
          batteryStatus: 'HIGH',
          lastSyncTime: rfc3339(Math.floor((t - 30 * 3_600_000) / 1000) * 1000),
        },
      ],
    };
  }

  /** list or reconcile of one type: `{dataPoints, nextPageToken?}`. */
  dataPoints(type: string, q: DataPointsQuery, mode: 'list' | 'reconcile'): unknown {
    const info = typeInfo(type);
    if ((mode === 'list' && !info.list) || (mode === 'reconcile' && !info.reconcile))
      throw invalidArgument(
        `${mode === 'list' ? 'List' : 'Reconcile'} is not supported for data type ${type}, the following actions are supported: ${supportedOps(info)}.`,
        'UNSUPPORTED_ACTION',
      );
    const family = q.get('dataSourceFamily');
    if (family !== null) {
      if (!FAMILIES.includes(family))
        throw invalidArgument(
          `Invalid data source family: ${family}`,
          'INVALID_DATA_POINT_DATA_SOURCE_FAMILY',
        );
      if (mode === 'list' && type === 'sleep')
        throw invalidArgument(
          'Filtering by data source family is not supported for sleep.',
          'INVALID_DATA_POINT_DATA_SOURCE_FAMILY',
        );
    }
    const filterText = q.get('filter') ?? '';
    let filter;
    try {
      filter = parseFilter(filterText, type, info.kind);
    } catch (e) {
      if (e instanceof FilterError) throw invalidArgument(e.message, 'INVALID_DATA_POINT_FILTER');
      throw e;
    }
    const pageSize = pageSizeOf(q.get('pageSize'), info.maxPageSize, info.defaultPageSize);
    const h = hashOf(mode, type, filterText, q.get('pageSize') ?? '', family ?? '');
    let cursor: QueryCursor | undefined;
    const tok = q.get('pageToken');
    if (tok !== null && tok !== '') {
      const d = decodeToken(tok) as { h?: unknown; s?: unknown; i?: unknown } | undefined;
      if (!d || d.h !== h || typeof d.s !== 'number' || typeof d.i !== 'string') throw INVALID_PAGE_TOKEN();
      cursor = { start: d.s, id: d.i };
    }
    const duplicates =
      mode === 'list' && DUPLICATED_IN_LIST.has(type) && (family === null || family.endsWith('/all-sources'));
    // Live pages hold about 5,000 points whatever pageSize asks (§6.7).
    const cap = this.opts.pageCap;
    const served = cap === false ? pageSize : Math.min(pageSize, cap);
    const r = this.store.query(type, info, filter, served, cursor, duplicates);
    const body: Record<string, unknown> = {
      dataPoints: r.points.map((p) => this.store.render(type, p, mode)),
    };
    if (r.next) body.nextPageToken = encodeToken({ h, s: r.next.start, i: r.next.id });
    return body;
  }

  /** dailyRollUp of one type for a body (JSON text, or the parsed object): `{rollupDataPoints, nextPageToken?}`. */
  dailyRollUp(type: string, body: string | object): unknown {
    const info = typeInfo(type);
    if (!info.dailyRollUp)
      throw invalidArgument(
        `DailyRollup is not supported for data type ${type}, the following actions are supported: list, reconcile.`,
        'UNSUPPORTED_ACTION',
      );
    const r = parseRollUpRequest(typeof body === 'string' ? parseJson(body) : body);
    const days = daysBetween(r.start, r.end);
    const cap = info.rollupCapDays;
    if (days > cap || r.windowDays * r.pageSize > cap)
      throw invalidArgument(
        `The requested rollup duration exceeds the maximum of ${cap} days (range ${days} days, windowSizeDays × pageSize = ${r.windowDays * r.pageSize}).`,
        'INVALID_ROLLUP_QUERY_DURATION',
        { maxDurationDays: String(cap) },
      );
    const h = hashOf('rollup', type, r.start, r.end, String(r.windowDays), String(r.pageSize), r.family);
    let first = 0;
    if (r.pageToken !== undefined) {
      const d = decodeToken(r.pageToken) as { h?: unknown; w?: unknown } | undefined;
      if (!d || d.h !== h || typeof d.w !== 'number') throw INVALID_PAGE_TOKEN();
      first = d.w;
    }
    const windowsTotal = Math.ceil(days / r.windowDays);
    const last = Math.min(windowsTotal, first + r.pageSize);
    const out: Record<string, unknown>[] = [];
    for (let i = first; i < last; i++) {
      const ws = addDays(r.start, i * r.windowDays);
      const we = addDays(r.start, Math.min(days, (i + 1) * r.windowDays));
      const v = this.store.rollupValue(type, ws, we);
      if (v) out.push({ civilStartTime: civilDate(ws), civilEndTime: civilDate(we), ...v });
    }
    return {
      rollupDataPoints: out,
      ...(last < windowsTotal ? { nextPageToken: encodeToken({ h, w: last }) } : {}),
    };
  }

  /** The TCX document of an exercise by id (the last segment of its dataPointName). */
  exerciseTcx(id: string): string {
    const p = this.store.find('exercise', id);
    if (!p)
      throw new ApiError(
        404,
        'NOT_FOUND',
        `Data point users/${this.opts.userId}/dataTypes/exercise/dataPoints/${id} not found.`,
        'DATA_POINT_NOT_FOUND',
      );
    return this.store.tcx.get(id) ?? this.data.tcx(p);
  }
}

function typeInfo(type: string): SimTypeInfo {
  const info = SIM_TYPES[type];
  if (!info)
    throw invalidArgument(
      `The data type ID ${type} is not supported.`,
      'INVALID_PARENT_DATA_TYPE_COLLECTION',
    );
  return info;
}

function supportedOps(info: SimTypeInfo): string {
  return [
    info.list ? 'list' : '',
    info.reconcile ? 'reconcile' : '',
    info.dailyRollUp ? 'rollUp, dailyRollUp' : '',
  ]
    .filter((x) => x !== '')
    .join(', ');
}

function pageSizeOf(raw: string | null, max: number, def: number): number {
  if (raw === null || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new ApiError(400, 'INVALID_ARGUMENT', `Invalid value for page_size: ${raw}`, 'INVALID_ARGUMENT');
  return n === 0 ? def : Math.min(n, max);
}

function civilDate(d: string): Record<string, unknown> {
  return {
    date: { year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)), day: Number(d.slice(8, 10)) },
    time: {},
  };
}

interface RollUpRequest {
  readonly start: string;
  readonly end: string;
  readonly windowDays: number;
  readonly pageSize: number;
  readonly family: string;
  readonly pageToken?: string;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalidArgument('Invalid JSON payload received. Unexpected token.');
  }
}

/** Validates a dailyRollUp body the way the API does (integer civil dates, known fields only). */
function parseRollUpRequest(body: unknown): RollUpRequest {
  if (typeof body !== 'object' || body === null) throw invalidArgument('Invalid JSON payload received.');
  const b = body as Record<string, unknown>;
  const range = b.range as Record<string, unknown> | undefined;
  if (!range || typeof range !== 'object') throw invalidArgument('range is required.');
  for (const k of Object.keys(range))
    if (k !== 'start' && k !== 'end')
      throw invalidArgument(
        `Invalid JSON payload received. Unknown name "${k}" at 'range': Cannot find field.`,
      );
  const start = parseCivilDate(range.start, 'range.start');
  const end = parseCivilDate(range.end, 'range.end');
  if (end <= start) throw invalidArgument('range.end must be after range.start.');
  const w = b.windowSizeDays ?? 1;
  if (typeof w !== 'number' || !Number.isInteger(w) || w < 1)
    throw invalidArgument('windowSizeDays must be a positive integer.');
  const ps = b.pageSize ?? 1440;
  if (typeof ps !== 'number' || !Number.isInteger(ps) || ps < 1)
    throw invalidArgument('pageSize must be a positive integer.');
  const family = b.dataSourceFamily;
  if (family !== undefined && (typeof family !== 'string' || !FAMILIES.includes(family)))
    throw invalidArgument(
      `Invalid data source family: ${JSON.stringify(family)}`,
      'INVALID_DATA_POINT_DATA_SOURCE_FAMILY',
    );
  const token = typeof b.pageToken === 'string' && b.pageToken !== '' ? { pageToken: b.pageToken } : {};
  return {
    start,
    end,
    windowDays: w,
    pageSize: ps,
    family: typeof family === 'string' ? family : '',
    ...token,
  };
}

function parseCivilDate(v: unknown, where: string): string {
  const d = (v as { date?: { year?: unknown; month?: unknown; day?: unknown } } | undefined)?.date;
  if (!d || typeof d !== 'object')
    throw invalidArgument(`Invalid JSON payload received. Missing ${where}.date`);
  const { year, month, day } = d;
  if (
    typeof year !== 'number' ||
    typeof month !== 'number' ||
    typeof day !== 'number' ||
    ![year, month, day].every(Number.isInteger)
  )
    throw invalidArgument(
      `Invalid value at '${where}.date' (TYPE_INT32): year, month and day must be integers`,
    );
  const s = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (
    Number.isNaN(Date.parse(`${s}T00:00:00Z`)) ||
    new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) !== s
  )
    throw invalidArgument(`Invalid date at '${where}.date': ${s}`);
  return s;
}
