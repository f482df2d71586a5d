/**
 * Fast reader of a day file's JSON for the Victoria Metrics export. JSON.parse of a day of
 * 1-second heart rate builds ~86,000 record objects (three objects each) only for the exporter
 * to turn them into numbers again; that was the largest single cost of an export. The day file
 * is SyncBit's own canonical JSON (`{"measurement","time","tags","fields"}` in that key order, no
 * white space, see store/day-file.ts), so the high-volume intraday records can be read straight
 * from the bytes into columns (time, value) per measurement and device.
 *
 * Safety: only records of the exact shape `{"measurement":M,"time":T,"tags":{} or
 * {"Device":D},"fields":{"value":N}}` with plain strings and a number in JavaScript's own
 * formatting take the byte path; any other record is cut out and given to JSON.parse, and
 * anything unexpected between records makes the scan give up (the caller then parses the whole
 * file as before). What comes out maps to exactly the samples JSON.parse + recordsToSamples give
 * (test/core/export/victoria/day-scan.test.ts checks byte-identical export text).
 */
import type { CivilDay, DataRecord } from '../../model/record.js';
import { SIMPLE_VALUE_MEASUREMENTS, type SimpleColumn } from './metric-map.js';
import { isRecordShape } from '../../store/day-file.js';

/** A day in file order: each simple column at the place of its first record, other records as parsed. */
export type ScanItem = { readonly column: SimpleColumn } | { readonly record: DataRecord };

export interface ScannedDay {
  readonly items: readonly ScanItem[];
  /** Number of records in the day file. */
  readonly count: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const P_MEASUREMENT = Buffer.from('{"measurement":"');
const P_TIME = Buffer.from('","time":"');
const P_TAGS = Buffer.from('","tags":{');
const P_DEVICE = Buffer.from('"Device":"');
const P_FIELDS = Buffer.from(',"fields":{"value":');

/** Thrown for a record that is valid JSON but not a record (the same check as assertRecords). */
function notARecord(): Error {
  return new Error('day file holds something that is not a record');
}

function matches(bytes: Buffer, pos: number, lit: Buffer): boolean {
  if (pos + lit.length > bytes.length) return false;
  for (let k = 0; k < lit.length; k++) if (bytes[pos + k] !== lit[k]) return false;
  return true;
}

/**
 * A run of bytes kept as 32-bit words, to compare against the bytes at a position four at a time
 * (half the reads of comparing two places of the file).
 */
class ByteRun {
  private readonly words: Uint32Array;
  private readonly tail: Uint8Array;

  constructor(
    view: DataView,
    at: number,
    readonly length: number,
  ) {
    const n = length >>> 2;
    this.words = new Uint32Array(n);
    for (let k = 0; k < n; k++) this.words[k] = view.getUint32(at + 4 * k);
    this.tail = new Uint8Array(length - 4 * n);
    for (let k = 0; k < this.tail.length; k++) this.tail[k] = view.getUint8(at + 4 * n + k);
  }

  /** True when the view holds this run at `p` (the caller checked that it fits). */
  at(view: DataView, p: number): boolean {
    const { words, tail } = this;
    const n = words.length;
    for (let k = 0; k < n; k++) if (view.getUint32(p + 4 * k) !== words[k]) return false;
    const q = p + 4 * n;
    for (let k = 0; k < tail.length; k++) if (view.getUint8(q + k) !== tail[k]) return false;
    return true;
  }
}

function sameBytes(bytes: Buffer, a: number, b: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (bytes[a + k] !== bytes[b + k]) return false;
  return true;
}

/** End (index of the closing quote) of a plain string starting at `pos`: -1 on an escape, control or non-ASCII byte. */
function plainStringEnd(bytes: Buffer, pos: number): number {
  for (let p = pos; p < bytes.length; p++) {
    const c = bytes[p] ?? 0;
    if (c === QUOTE) return p;
    if (c === BACKSLASH || c < 0x20 || c >= 0x80) return -1;
  }
  return -1;
}

/** Index just past the JSON value (object) starting at `pos`, or -1 when it does not close. */
function skipObject(bytes: Buffer, pos: number): number {
  let depth = 0;
  let inString = false;
  for (let p = pos; p < bytes.length; p++) {
    const c = bytes[p];
    if (inString) {
      if (c === BACKSLASH) p++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return p + 1;
    }
  }
  return -1;
}

const COLON = 0x3a;
const DOT = 0x2e;
const LETTER_Z = 0x5a;

/** Two ASCII digits at `pos` as a number, -1 when they are not digits. */
function twoDigits(bytes: Buffer, pos: number): number {
  const a = (bytes[pos] ?? 0) - 0x30;
  const b = (bytes[pos + 1] ?? 0) - 0x30;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** End of the characters a JSON number can hold, from `pos`. */
function numberEnd(bytes: Buffer, pos: number): number {
  let p = pos;
  for (;;) {
    const c = bytes[p] ?? 0;
    if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x2b || c === 0x65 || c === 0x45) p++;
    else return p;
  }
}

const digit = (c: number | undefined): number => (c !== undefined && c >= 0x30 && c <= 0x39 ? c - 0x30 : -1);

/**
 * Reads a day file's JSON bytes. Returns undefined when the text is not in the canonical layout
 * (the caller parses it whole); throws when a record is not valid JSON or not a record.
 */
export function scanDayJson(bytes: Buffer): ScannedDay | undefined {
  const n = bytes.length;
  if (n < 2 || bytes[0] !== OPEN_BRACKET) return undefined;
  if (bytes[1] === CLOSE_BRACKET) return n === 2 ? { items: [], count: 0 } : undefined;
  const scanner = new DayScanner(bytes);
  let count = 0;
  let p = 1;
  for (;;) {
    let end = scanner.templateRecord(p);
    if (end < 0) end = scanner.canonicalRecord(p);
    if (end < 0) end = scanner.otherRecord(p);
    if (end < 0) return undefined;
    count++;
    const sep = bytes[end];
    if (sep === COMMA) p = end + 1;
    else if (sep === CLOSE_BRACKET && end + 1 === n) return { items: scanner.finish(), count };
    else return undefined;
  }
}

/**
 * Reads the records of one day file, one at a time from a position (each reader returns the index
 * just past the record, or -1 when it cannot read it), into columns and parsed records.
 */
class DayScanner {
  private readonly items: (ColumnBuilder | { readonly record: DataRecord })[] = [];
  private readonly columns = new Map<string, ColumnBuilder>();
  private readonly view: DataView;
  private readonly n: number;

  // Caches: the previous record's measurement, device and date bytes (positions in `bytes`).
  private lastM0 = -1;
  private lastMLen = 0;
  private lastMeasurement = '';
  private lastMSimple = false;
  private lastD0 = -1;
  private lastDLen = -1;
  private lastCol: ColumnBuilder | undefined;
  private lastDate0 = -1;
  private lastDateMs = NaN;

  // Template: the last record read from the bytes. A record equal to it from its start to the `T`
  // of the time (same measurement, device and date) and from the end of the time to the number
  // (same tags) is read by comparing bytes; only the time of day and the value are parsed.
  private tplHead: ByteRun | undefined;
  private tplMid: ByteRun | undefined;
  private tplCol: ColumnBuilder | undefined;
  private tplDateMs = NaN;

  constructor(private readonly bytes: Buffer) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    this.n = bytes.length;
  }

  /** The items of the day, in file order, once every record was read. */
  finish(): ScanItem[] {
    return this.items.map((item) => (item instanceof ColumnBuilder ? { column: item.finish() } : item));
  }

  private columnOf(measurement: string, device: string): ColumnBuilder {
    const key = `${measurement}\u0000${device}`;
    let col = this.columns.get(key);
    if (col === undefined) {
      col = new ColumnBuilder(measurement, device);
      this.columns.set(key, col);
      this.items.push(col);
    }
    return col;
  }

  /** A record equal to the template but for the time of day and the value. */
  templateRecord(p: number): number {
    const { bytes } = this;
    const { tplCol: col, tplHead: head, tplMid: mid } = this;
    if (col === undefined || head === undefined || mid === undefined) return -1;
    if (p + head.length + mid.length + 64 >= this.n) return -1;
    if (!head.at(this.view, p)) return -1;
    let q = p + head.length;
    const h = twoDigits(bytes, q);
    const mi = twoDigits(bytes, q + 3);
    const s = twoDigits(bytes, q + 6);
    if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return -1;
    if (bytes[q + 2] !== COLON || bytes[q + 5] !== COLON) return -1;
    q += 8;
    let ms = 0;
    if (bytes[q] === DOT) {
      const a = twoDigits(bytes, q + 1);
      const c = twoDigits(bytes, q + 2);
      if (a < 0 || c < 0) return -1;
      ms = a * 10 + (c % 10);
      q += 4;
    }
    if (bytes[q] !== LETTER_Z) return -1;
    q++;
    if (!mid.at(this.view, q)) return -1;
    const n0 = q + mid.length;
    const n1 = numberEnd(bytes, n0);
    if (bytes[n1] !== CLOSE_BRACE || bytes[n1 + 1] !== CLOSE_BRACE) return -1;
    const value = parseCanonicalNumber(bytes, n0, n1);
    if (value === undefined) return -1;
    col.push(this.tplDateMs + h * 3_600_000 + mi * 60_000 + s * 1000 + ms, value);
    return n1 + 2;
  }

  /** A simple-value record in the canonical layout, read from the bytes. */
  canonicalRecord(start: number): number {
    const { bytes } = this;
    if (!matches(bytes, start, P_MEASUREMENT)) return -1;
    const m0 = start + P_MEASUREMENT.length;
    const m1 = plainStringEnd(bytes, m0);
    if (m1 < 0) return -1;
    const mLen = m1 - m0;
    if (!(mLen === this.lastMLen && this.lastM0 >= 0 && sameBytes(bytes, m0, this.lastM0, mLen))) {
      this.lastMeasurement = bytes.toString('latin1', m0, m1);
      this.lastMSimple = SIMPLE_VALUE_MEASUREMENTS.has(this.lastMeasurement);
      this.lastM0 = m0;
      this.lastMLen = mLen;
      this.lastD0 = -1;
      this.lastCol = undefined;
    }
    if (!this.lastMSimple) return -1;
    if (!matches(bytes, m1, P_TIME)) return -1;
    const t0 = m1 + P_TIME.length;
    const t1 = plainStringEnd(bytes, t0);
    if (t1 < 0 || !matches(bytes, t1, P_TAGS)) return -1;
    let q = t1 + P_TAGS.length;
    let d0 = -1;
    let d1 = -1;
    if (bytes[q] !== CLOSE_BRACE) {
      if (!matches(bytes, q, P_DEVICE)) return -1;
      d0 = q + P_DEVICE.length;
      d1 = plainStringEnd(bytes, d0);
      if (d1 < 0 || bytes[d1 + 1] !== CLOSE_BRACE) return -1;
      q = d1 + 1;
    }
    q++;
    if (!matches(bytes, q, P_FIELDS)) return -1;
    const n0 = q + P_FIELDS.length;
    const n1 = numberEnd(bytes, n0);
    if (bytes[n1] !== CLOSE_BRACE || bytes[n1 + 1] !== CLOSE_BRACE) return -1;
    const value = parseCanonicalNumber(bytes, n0, n1);
    if (value === undefined) return -1;

    const col = this.deviceColumn(d0, d1);
    const ts = this.canonicalTime(start, t0, t1, n0, col);
    if (Number.isNaN(ts)) col.unmapped++;
    else {
      col.push(ts, value);
    }
    return n1 + 2;
  }

  /** The column of the current measurement and the device at bytes[d0, d1) (none when d0 < 0). */
  private deviceColumn(d0: number, d1: number): ColumnBuilder {
    const dLen = d0 < 0 ? -2 : d1 - d0;
    let col = this.lastCol;
    if (
      col === undefined ||
      dLen !== this.lastDLen ||
      (d0 >= 0 && !sameBytes(this.bytes, d0, this.lastD0, dLen))
    ) {
      col = this.columnOf(this.lastMeasurement, d0 < 0 ? 'unknown' : this.bytes.toString('latin1', d0, d1));
      this.lastCol = col;
      this.lastD0 = d0;
      this.lastDLen = dLen;
    }
    return col;
  }

  /**
   * The time at bytes[t0, t1): `YYYY-MM-DDTHH:MM:SS[.mmm]Z` by arithmetic on the (cached) date —
   * and the record becomes the template — else Date.parse.
   */
  private canonicalTime(start: number, t0: number, t1: number, n0: number, col: ColumnBuilder): number {
    const { bytes } = this;
    const tLen = t1 - t0;
    if (!(
      (tLen === 20 || (tLen === 24 && bytes[t0 + 19] === 0x2e)) &&
      bytes[t0 + 4] === 0x2d &&
      bytes[t0 + 7] === 0x2d &&
      bytes[t0 + 10] === 0x54 &&
      bytes[t0 + 13] === 0x3a &&
      bytes[t0 + 16] === 0x3a &&
      bytes[t1 - 1] === 0x5a
    ))
      return Date.parse(bytes.toString('latin1', t0, t1));
    if (!(this.lastDate0 >= 0 && sameBytes(bytes, t0, this.lastDate0, 10))) {
      // Date.parse checks the date part (digits, month length) exactly as it would in the full stamp.
      this.lastDateMs = Date.parse(`${bytes.toString('latin1', t0, t0 + 10)}T00:00:00Z`);
      this.lastDate0 = t0;
    }
    const h = digit(bytes[t0 + 11]) * 10 + digit(bytes[t0 + 12]);
    const mi = digit(bytes[t0 + 14]) * 10 + digit(bytes[t0 + 15]);
    const s = digit(bytes[t0 + 17]) * 10 + digit(bytes[t0 + 18]);
    let ms = 0;
    if (tLen === 24) {
      const a = digit(bytes[t0 + 20]);
      const b = digit(bytes[t0 + 21]);
      const c = digit(bytes[t0 + 22]);
      ms = a < 0 || b < 0 || c < 0 ? -1 : a * 100 + b * 10 + c;
    }
    const digitsOk =
      digit(bytes[t0 + 11]) >= 0 &&
      digit(bytes[t0 + 12]) >= 0 &&
      digit(bytes[t0 + 14]) >= 0 &&
      digit(bytes[t0 + 15]) >= 0 &&
      digit(bytes[t0 + 17]) >= 0 &&
      digit(bytes[t0 + 18]) >= 0;
    if (!(digitsOk && ms >= 0 && h < 24 && mi < 60 && s < 60 && !Number.isNaN(this.lastDateMs)))
      return Date.parse(bytes.toString('latin1', t0, t1));
    // This record becomes the template for the ones that follow.
    this.tplHead = new ByteRun(this.view, start, t0 + 11 - start);
    this.tplMid = new ByteRun(this.view, t1, n0 - t1);
    this.tplCol = col;
    this.tplDateMs = this.lastDateMs;
    return this.lastDateMs + h * 3_600_000 + mi * 60_000 + s * 1000 + ms;
  }

  /**
   * Any other record: cut out and read by JSON.parse. -1 when the text is not in the canonical
   * layout (the scan gives up); throws when it is not a record.
   */
  otherRecord(start: number): number {
    const { bytes } = this;
    if (bytes[start] !== OPEN_BRACE) return -1;
    const end = skipObject(bytes, start);
    if (end < 0) return -1;
    const rec = JSON.parse(bytes.toString('utf8', start, end)) as unknown;
    if (!isRecordShape(rec)) throw notARecord();
    const r = rec;
    const v = (r.fields as Partial<Record<string, unknown>> | null)?.value;
    if (SIMPLE_VALUE_MEASUREMENTS.has(r.measurement) && typeof v === 'number' && Number.isFinite(v)) {
      const device = (r.tags as Partial<Record<string, unknown>> | null)?.Device ?? 'unknown';
      if (typeof device !== 'string') return -1;
      const col = this.columnOf(r.measurement, device);
      const ts = Date.parse(r.time);
      if (Number.isNaN(ts)) col.unmapped++;
      else {
        col.push(ts, v);
        for (const f in r.fields) if (f !== 'value') col.unmapped++;
      }
    } else this.items.push({ record: r });
    this.lastM0 = -1;
    this.lastMLen = 0;
    this.lastCol = undefined;
    return end;
  }
}

/** A simple column as it is read: samples in typed arrays that double as they fill. */
class ColumnBuilder {
  private ts = new Float64Array(256);
  private values = new Float64Array(256);
  private n = 0;
  unmapped = 0;

  constructor(
    readonly measurement: string,
    readonly device: string,
  ) {}

  push(t: number, v: number): void {
    if (this.n === this.ts.length) {
      const ts = new Float64Array(this.n * 2);
      const values = new Float64Array(this.n * 2);
      ts.set(this.ts);
      values.set(this.values);
      this.ts = ts;
      this.values = values;
    }
    this.ts[this.n] = t;
    this.values[this.n++] = v;
  }

  finish(): SimpleColumn {
    const { measurement, device, n, unmapped } = this;
    return { measurement, device, ts: this.ts.subarray(0, n), values: this.values.subarray(0, n), unmapped };
  }
}

/**
 * The number JSON.parse would read from bytes[n0, n1), when the text is exactly how JavaScript
 * prints that number (so it is valid JSON and maps back to the same text); else undefined.
 */
function parseCanonicalNumber(bytes: Buffer, n0: number, n1: number): number | undefined {
  let p = n0;
  const neg = bytes[p] === 0x2d;
  if (neg) p++;
  const len = n1 - p;
  if (len >= 1 && len <= 15) {
    let x = 0;
    let plain = true;
    for (let k = p; k < n1; k++) {
      const d = digit(bytes[k]);
      if (d < 0) {
        plain = false;
        break;
      }
      x = x * 10 + d;
    }
    if (plain) {
      // Leading zeros are not JSON; "-0" prints as "0": both go the careful way.
      if ((len > 1 && bytes[p] === 0x30) || (neg && x === 0)) return undefined;
      return neg ? -x : x;
    }
  }
  if (n1 - n0 < 1) return undefined;
  const text = bytes.toString('latin1', n0, n1);
  const v = Number(text);
  return Number.isFinite(v) && String(v) === text ? v : undefined;
}

const scans = new WeakMap<object, ScannedDay>();
/** The last few days handed out (weakly held), so an exporter can prepare the day it will get next. */
let recent: { readonly day: CivilDay; readonly records: WeakRef<readonly DataRecord[]> }[] = [];
const RECENT = 3;

/** Remembers that `records` (as handed out by a DaySource for `day`) is the day `scanned` was read from. */
export function attachScan(day: CivilDay, records: readonly DataRecord[], scanned: ScannedDay): void {
  scans.set(records, scanned);
  recent = [...recent.slice(1 - RECENT), { day, records: new WeakRef(records) }];
}

/** The scan of the day `records` came from, when the DaySource kept one (see fileDaySource). */
export function scanOf(records: readonly DataRecord[]): ScannedDay | undefined {
  return scans.get(records);
}

/** Scanned days handed out recently and still alive, oldest first. */
export function recentScans(): { day: CivilDay; scan: ScannedDay }[] {
  const out: { day: CivilDay; scan: ScannedDay }[] = [];
  for (const r of recent) {
    const records = r.records.deref();
    const scan = records === undefined ? undefined : scans.get(records);
    if (scan !== undefined) out.push({ day: r.day, scan });
  }
  return out;
}
