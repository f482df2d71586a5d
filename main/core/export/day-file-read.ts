/**
 * Reading one archive day file for an export: read, inflate, scan (victoria/day-scan.ts). This is
 * the CPU-heavy part of an export (about two thirds of a day's work on the exporting side), so it
 * runs on a worker thread (day-read-thread.ts) while the main thread sends the previous day; the
 * same function runs inline when no worker can be started.
 *
 * Between threads a scan travels as it is (its columns are Float64Arrays) with the file's bytes,
 * both transferred, not copied; the inflated JSON stays on the worker.
 */
import { gunzipSync } from 'node:zlib';
import { DayFileError, readDayFileBytes } from '../store/day-file.js';
import { scanDayJson, type ScannedDay } from './victoria/day-scan.js';

/** What reading a day file gave. */
export type DayFileRead =
  | { readonly kind: 'missing' }
  /**
   * The JSON was in SyncBit's canonical layout and was scanned. `gz` is the file as read (a
   * twentieth of the inflated JSON), for a reader that wants the records themselves.
   */
  | { readonly kind: 'scanned'; readonly gz: Buffer; readonly scan: ScannedDay }
  /** Valid gzip, but not in the canonical layout: the caller parses `json` whole. */
  | { readonly kind: 'text'; readonly json: Buffer };

/**
 * Output chunk size for inflating a day file in one piece: gzip's trailer holds the inflated size
 * (mod 4 GiB), so the buffer is allocated once instead of grown.
 */
function inflatedSizeHint(gz: Buffer): number {
  const size = gz.length >= 18 ? gz.readUInt32LE(gz.length - 4) : 0;
  return Math.min(Math.max(size + 1024, 64 * 1024), 256 * 1024 * 1024);
}

/** Reads, inflates and scans one day file. Rejects with a DayFileError. */
export async function readDayFile(path: string): Promise<DayFileRead> {
  const bytes = await readDayFileBytes(path);
  if (bytes === undefined) return { kind: 'missing' };
  try {
    const json = gunzipSync(bytes, { chunkSize: inflatedSizeHint(bytes) });
    const scan = scanDayJson(json);
    return scan === undefined ? { kind: 'text', json } : { kind: 'scanned', gz: bytes, scan };
  } catch (err) {
    throw DayFileError.from(false, err);
  }
}

// ── between threads ─────────────────────────────────────────────────────────────────────────────

/** A DayFileRead as posted between threads (Buffers arrive as plain Uint8Arrays). */
export type WireDayFileRead =
  | { readonly kind: 'missing' }
  | { readonly kind: 'text'; readonly json: Uint8Array }
  | { readonly kind: 'scanned'; readonly gz: Uint8Array; readonly scan: ScannedDay };

/**
 * The buffers a read can give away to the receiving thread: the bytes and the scan's columns.
 * Nothing is copied; the sender must not touch the read afterwards.
 */
export function transferList(read: DayFileRead): ArrayBuffer[] {
  if (read.kind === 'missing') return [];
  const out = new Set<ArrayBuffer>();
  const own = (b: ArrayBufferLike): void => {
    // A small Buffer lives in Node's shared pool with others: it is copied instead.
    if (b instanceof ArrayBuffer && b.byteLength > Buffer.poolSize) out.add(b);
  };
  if (read.kind === 'text') {
    own(read.json.buffer);
    return [...out];
  }
  own(read.gz.buffer);
  for (const item of read.scan.items)
    if ('column' in item) {
      own(item.column.ts.buffer);
      own(item.column.values.buffer);
    }
  return [...out];
}

/** The read back from a message. */
export function fromWire(wire: WireDayFileRead): DayFileRead {
  if (wire.kind === 'missing') return wire;
  const bufferOf = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  return wire.kind === 'text'
    ? { kind: 'text', json: bufferOf(wire.json) }
    : { kind: 'scanned', gz: bufferOf(wire.gz), scan: wire.scan };
}
