/**
 * The worker thread of day-read-thread.ts: reads, inflates and scans the day files it is asked
 * for and posts each result back with its buffers transferred.
 */
import { serveRequests } from '../worker-thread.js';
import { readDayFile, transferList, type DayFileRead } from './day-file-read.js';

serveRequests<DayFileRead>(async (path: string) => {
  const read = await readDayFile(path);
  return { result: read, transfer: transferList(read) };
});
