/**
 * Encoding of one day file: a gzipped JSON array of records in canonical order (CromWell's S3
 * format). The same records always give the same bytes, so re-imports change nothing.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { compareRecords, type DataRecord } from '../model/record.js';

/** gzip level: a balance between archive size and import speed (measured in bench/import-bench.ts). */
const GZIP_LEVEL = 6;

/** Rebuilds a record with keys in canonical order (so JSON.stringify is deterministic). */
export function canonicalRecord(r: DataRecord): DataRecord {
  const tags: Record<string, string> = {};
  for (const k of Object.keys(r.tags).sort()) tags[k] = String(r.tags[k]);
  const fields: Record<string, number> = {};
  for (const k of Object.keys(r.fields).sort()) fields[k] = Number(r.fields[k]);
  return { measurement: r.measurement, time: r.time, tags, fields };
}

/** Serialises records (sorted, canonical) to the JSON text of a day file. */
export function encodeDayJson(records: readonly DataRecord[]): string {
  const sorted = records.map(canonicalRecord).sort(compareRecords);
  return JSON.stringify(sorted);
}

/** gzip of the day JSON (Node writes a fixed header: no mtime, so bytes are reproducible). */
export function gzipDay(json: string): Buffer {
  return gzipSync(json, { level: GZIP_LEVEL });
}

/** Decodes a day file's bytes. Throws on corrupt gzip or JSON that is not an array of records. */
export function decodeDayFile(bytes: Buffer): DataRecord[] {
  const parsed = JSON.parse(gunzipSync(bytes).toString('utf8')) as unknown;
  if (!Array.isArray(parsed)) throw new Error('day file is not a JSON array');
  for (const r of parsed) {
    const rec = r as Partial<DataRecord> | null;
    if (
      rec === null ||
      typeof rec !== 'object' ||
      typeof rec.measurement !== 'string' ||
      typeof rec.time !== 'string' ||
      typeof rec.tags !== 'object' ||
      typeof rec.fields !== 'object'
    )
      throw new Error('day file holds something that is not a record');
  }
  return parsed as DataRecord[];
}

/** Short content hash (sha256, hex, 24 chars) of a JSON text. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}
