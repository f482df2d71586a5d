/**
 * Encoding of one day file: a gzipped JSON array of records in canonical form (CromWell's S3
 * format). Canonical means: keys in the order measurement, time, tags, fields, with tag and field
 * keys sorted, and records sorted by their JSON text. The same records therefore always give the
 * same bytes, so re-imports change nothing and unchanged days are never rewritten or re-uploaded.
 *
 * The archive works on the canonical JSON text of each record ("lines") rather than on objects:
 * merging, sorting and hashing strings is several times cheaper than re-parsing and
 * re-serialising tens of thousands of records per day.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip as gunzipCb, gzip as gzipCb } from 'node:zlib';
import type { DataRecord, FieldValue } from '../model/record.js';

const gzipAsync = promisify(gzipCb);
const gunzipAsync = promisify(gunzipCb);

/** gzip level: a balance between archive size and import speed (measured in bench/import-bench.ts). */
const GZIP_LEVEL = 6;
const RECORD_START = '{"measurement":';
const FIELDS_START = ',"fields":{';

/** A day file that could not be read (a missing one is not an error: it reads as `missing`). */
export class DayFileError extends Error {
  constructor(
    /** True when the file could not be read at all (permissions, I/O); false when its content is bad. */
    readonly io: boolean,
    message: string,
    /** The system error code (EACCES, EIO…) when there is one. */
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'DayFileError';
  }

  /** `err` (from reading or decoding a day file) as a DayFileError. */
  static from(io: boolean, err: unknown): DayFileError {
    if (err instanceof DayFileError) return err;
    const code = (err as { code?: unknown } | null)?.code;
    return new DayFileError(
      io,
      err instanceof Error ? err.message : String(err),
      typeof code === 'string' ? code : undefined,
    );
  }
}

/**
 * The bytes of the day file at `path`, or undefined when there is none. A file that cannot be read
 * is a DayFileError with `io` set (its system code kept).
 */
export async function readDayFileBytes(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return undefined;
    throw DayFileError.from(true, err);
  }
}

/** Rebuilds a record with keys in canonical order. */
export function canonicalRecord(r: DataRecord): DataRecord {
  const tags: Record<string, string> = {};
  for (const k of Object.keys(r.tags).sort()) tags[k] = String(r.tags[k]);
  const fields: Record<string, FieldValue> = {};
  for (const k of Object.keys(r.fields).sort()) {
    const v = r.fields[k];
    fields[k] = typeof v === 'string' ? v : Number(v); // text fields (SleepSummary.endTime) stay text
  }
  return { measurement: r.measurement, time: r.time, tags, fields };
}

/** The canonical JSON text of one record. */
export function canonicalJson(r: DataRecord): string {
  return JSON.stringify(isCanonical(r) ? r : canonicalRecord(r));
}

const TOP_KEYS = ['measurement', 'time', 'tags', 'fields'];

/** Cheap check that a record is already canonical (the importers build most records that way). */
function isCanonical(r: DataRecord): boolean {
  let i = 0;
  for (const k in r) if (k !== TOP_KEYS[i++]) return false;
  if (i !== 4) return false;
  let prev = '';
  for (const k in r.tags) {
    if (k < prev || typeof r.tags[k] !== 'string') return false;
    prev = k;
  }
  prev = '';
  for (const k in r.fields) {
    const v = r.fields[k];
    if (k < prev || (typeof v !== 'number' && typeof v !== 'string')) return false;
    prev = k;
  }
  return true;
}

/**
 * The identity of a record inside its canonical JSON: everything before the fields (measurement,
 * time, tags). Two lines with the same key are the same sample; the newer one wins a merge. A
 * quote inside a JSON string is always escaped, so `,"fields":{` can only be the real fields key.
 */
export function lineKey(line: string): string {
  const i = line.indexOf(FIELDS_START);
  return i < 0 ? line : line.slice(0, i);
}

/** The measurement name of a canonical line (names never contain quotes or escapes). */
export function lineMeasurement(line: string): string {
  const end = line.indexOf('"', RECORD_START.length + 1);
  return line.slice(RECORD_START.length + 1, end);
}

/** Serialises records (canonical, sorted) to the JSON text of a day file. */
export function encodeDayJson(records: readonly DataRecord[]): string {
  return `[${records.map(canonicalJson).sort().join(',')}]`;
}

/** gzip of the day JSON (Node writes a fixed header: no mtime, so bytes are reproducible). */
export function gzipDay(json: string): Promise<Buffer> {
  return gzipAsync(json, { level: GZIP_LEVEL });
}

/** The JSON text inside a day file's bytes. */
export async function gunzipDay(bytes: Buffer): Promise<string> {
  return (await gunzipAsync(bytes)).toString('utf8');
}

/** True when a parsed JSON value has the shape of a record. */
export function isRecordShape(value: unknown): value is DataRecord {
  const rec = value as Partial<DataRecord> | null;
  return (
    rec !== null &&
    typeof rec === 'object' &&
    typeof rec.measurement === 'string' &&
    typeof rec.time === 'string' &&
    typeof rec.tags === 'object' &&
    typeof rec.fields === 'object'
  );
}

/** Checks that parsed JSON is an array of records. */
export function assertRecords(parsed: unknown): DataRecord[] {
  if (!Array.isArray(parsed)) throw new Error('day file is not a JSON array');
  for (const r of parsed)
    if (!isRecordShape(r)) throw new Error('day file holds something that is not a record');
  return parsed as DataRecord[];
}

/**
 * Splits the JSON text of a canonical day file into its record lines without parsing it. Only
 * valid for text SyncBit wrote (the caller checks the content hash against the index first).
 */
export function splitCanonicalDay(json: string): string[] {
  if (json === '[]') return [];
  const body = json.slice(1, -1);
  const parts = body.split(`},${RECORD_START}`);
  return parts.map((p, i) => (i === 0 ? '' : RECORD_START) + p + (i === parts.length - 1 ? '' : '}'));
}

/** Short content hash (sha256, hex, 24 chars) of a JSON text. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}
