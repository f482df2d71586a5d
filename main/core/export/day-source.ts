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
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { SyncBitError, toSyncBitError } from '../errors.js';
import type { CivilDay, DataRecord } from '../model/record.js';
import { dataPaths, dayFileName } from '../store/paths.js';
import { assertRecords } from '../store/day-file.js';
import type { ArchiveDays, DaySource } from './types.js';
import { attachScan } from './victoria/day-scan.js';
import type { DayFileRead } from './day-file-read.js';
import { DayFileError } from '../store/day-file.js';
import { dayReadThread } from './day-read-thread.js';

/** Parses day-file JSON and checks that it is an array of records. */
function decodeDayJson(text: string): DataRecord[] {
  return assertRecords(JSON.parse(text) as unknown);
}

/**
 * An array that inflates and parses the day file `gz` into itself on first use. Every proxy trap
 * materialises first, so it behaves as the parsed array in all respects (length, indexing,
 * iteration, Array.isArray, JSON.stringify, spreading). `gz` was inflated and validated by the
 * scan, so this cannot fail.
 */
function lazyRecords(gz: Buffer): DataRecord[] {
  const target: DataRecord[] = [];
  let pending: Buffer | undefined = gz;
  const load = (): void => {
    if (pending === undefined) return;
    const text = gunzipSync(pending).toString('utf8');
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

/** A DaySource over `<dataDir>/archive/fitbit_backup_YYYY-MM-DD.json.gz`; a missing day reads as empty. */
export function fileDaySource(dataDir: string): DaySource {
  const dir = dataPaths(dataDir).archiveDir;
  return {
    async readDay(day: CivilDay): Promise<DataRecord[]> {
      let read: DayFileRead;
      try {
        // Read, inflated and scanned on the worker thread while the main thread sends the day before.
        read = await dayReadThread.read(join(dir, dayFileName(day)));
      } catch (err) {
        if (err instanceof DayFileError && err.io) throw toSyncBitError(err);
        throw damaged(day, err);
      }
      if (read.kind === 'missing') return [];
      try {
        if (read.kind === 'text') return decodeDayJson(read.json.toString('utf8'));
        const records = lazyRecords(read.gz);
        attachScan(day, records, read.scan);
        return records;
      } catch (err) {
        throw damaged(day, err);
      }
    },
  };
}

function damaged(day: CivilDay, err: unknown): SyncBitError {
  return new SyncBitError(
    'io',
    `The archive file of ${day} is damaged (${(err as Error).message}); re-import or re-sync that day.`,
    { cause: err },
  );
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
