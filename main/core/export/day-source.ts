/**
 * Reads a day's records straight from the archive's day files. The Archive class offers the same
 * `readDay`; this stand-alone reader lets exporters and the CLI work on a data folder without
 * opening (and possibly repairing) the archive index.
 */
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { join } from 'node:path';
import { SyncBitError, toSyncBitError } from '../errors.js';
import type { CivilDay, DataRecord } from '../model/record.js';

const gunzipAsync = promisify(gunzip);
import { dataPaths, dayFileName } from '../store/paths.js';
import type { DaySource } from './types.js';

/** A DaySource over `<dataDir>/archive/fitbit_backup_YYYY-MM-DD.json.gz`; a missing day reads as empty. */
/** Parses day-file JSON and checks that it is an array of records (the same checks as decodeDayFile). */
function decodeDayJson(text: string): DataRecord[] {
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed)) throw new Error('day file is not a JSON array');
  for (const r of parsed as unknown[]) {
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
        // Decompress on the thread pool (overlaps with the export of the previous day), parse here.
        const json = await gunzipAsync(bytes);
        return decodeDayJson(json.toString('utf8'));
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
