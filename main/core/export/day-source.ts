/**
 * Reads a day's records straight from the archive's day files. The Archive class offers the same
 * `readDay`; this stand-alone reader lets exporters and the CLI work on a data folder without
 * opening (and possibly repairing) the archive index.
 *
 * Speed and memory: a day of 1-second heart rate is ~86,000 records. Building them as objects
 * costs more than exporting them, so the day is scanned once (victoria/day-scan.ts: columns for the
 * intraday values, objects for the rest) and handed out as a record array that is only
 * materialised (JSON.parse of the kept text) if someone actually reads an element. The Victoria
 * Metrics exporter uses the scan and never touches the elements; the S3 exporter and every other
 * reader see an ordinary array.
 */
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { join } from 'node:path';
import { SyncBitError, toSyncBitError } from '../errors.js';
import type { CivilDay, DataRecord } from '../model/record.js';
import { dataPaths, dayFileName } from '../store/paths.js';
import { assertRecords } from '../store/day-file.js';
import type { ArchiveDays, DaySource } from './types.js';
import { attachScan, scanDayJsonAsync } from './victoria/day-scan.js';

const gunzipAsync = promisify(gunzip);

/** Parses day-file JSON and checks that it is an array of records. */
function decodeDayJson(text: string): DataRecord[] {
  return assertRecords(JSON.parse(text) as unknown);
}

/**
 * An array that parses `json` into itself on first use. Every proxy trap materialises first, so
 * it behaves as the parsed array in all respects (length, indexing, iteration, Array.isArray,
 * JSON.stringify, spreading). `json` was validated by the scan, so parsing cannot fail.
 */
function lazyRecords(json: Buffer): DataRecord[] {
  const target: DataRecord[] = [];
  let pending: Buffer | undefined = json;
  const load = (): void => {
    if (pending === undefined) return;
    const text = pending.toString('utf8');
    pending = undefined;
    const parsed = decodeDayJson(text);
    for (let k = 0; k < parsed.length; k++) target.push(parsed[k] as DataRecord);
  };
  return new Proxy(target, {
    get: (t, key, receiver) => {
      // Promise resolution looks for `then` on every value; an array has none, so no need to parse.
      if (key === 'then' && pending !== undefined) return undefined;
      load();
      return Reflect.get(t, key, receiver) as unknown;
    },
    set: (t, key, value, receiver) => (load(), Reflect.set(t, key, value, receiver)),
    has: (t, key) => (load(), Reflect.has(t, key)),
    ownKeys: (t) => (load(), Reflect.ownKeys(t)),
    getOwnPropertyDescriptor: (t, key) => (load(), Reflect.getOwnPropertyDescriptor(t, key)),
    defineProperty: (t, key, desc) => (load(), Reflect.defineProperty(t, key, desc)),
    deleteProperty: (t, key) => (load(), Reflect.deleteProperty(t, key)),
  });
}

/**
 * Output chunk size for inflating a day file in one piece: gzip's trailer holds the inflated size
 * (mod 4 GiB). With the default 16 KiB chunks, every chunk waits for a turn of the event loop, so
 * the decompression of the next day crawled whenever the main thread was busy encoding this one.
 */
function inflatedSizeHint(gz: Buffer): number {
  const size = gz.length >= 18 ? gz.readUInt32LE(gz.length - 4) : 0;
  return Math.min(Math.max(size + 1024, 64 * 1024), 256 * 1024 * 1024);
}

/** A DaySource over `<dataDir>/archive/fitbit_backup_YYYY-MM-DD.json.gz`; a missing day reads as empty. */
export function fileDaySource(dataDir: string): DaySource {
  const dir = dataPaths(dataDir).archiveDir;
  return {
    async readDay(day: CivilDay): Promise<DataRecord[]> {
      let bytes: Buffer;
      try {
        bytes = await readFile(join(dir, dayFileName(day)));
      } catch (err) {
        if ((err as { code?: unknown }).code === 'ENOENT') return [];
        throw toSyncBitError(err);
      }
      try {
        // Decompress on the thread pool (overlaps with the export of the previous day), scan here.
        const json = await gunzipAsync(bytes, { chunkSize: inflatedSizeHint(bytes) });
        const scanned = await scanDayJsonAsync(json);
        if (scanned === undefined) return decodeDayJson(json.toString('utf8'));
        const records = lazyRecords(json);
        attachScan(day, records, scanned);
        return records;
      } catch (err) {
        throw new SyncBitError(
          'io',
          `The archive file of ${day} is damaged (${(err as Error).message}); re-import or re-sync that day.`,
          {
            cause: err,
          },
        );
      }
    },
  };
}

/**
 * The day source exports drain from: the archive's list of days and hashes, its day files read by
 * `fileDaySource` (scanned once into columns for the Victoria Metrics exporter, lazily parsed for
 * everyone else). drainAll uses it whenever it is handed the archive, so the CLI, the app and
 * bench:export all take this path.
 */
export function archiveDaySource(dataDir: string, archive: ArchiveDays): DaySource & ArchiveDays {
  const files = fileDaySource(dataDir);
  return {
    readDay: (day) => files.readDay(day),
    days: () => archive.days(),
    dayContentHash: (day) => archive.dayContentHash(day),
  };
}
