/**
 * The worker thread of day-read-thread.ts: reads, inflates and scans the day files it is asked
 * for, one at a time, and posts each result back with its buffers transferred.
 */
import { parentPort } from 'node:worker_threads';
import { DayFileError, readDayFile, transferList } from './day-file-read.js';

/** A request from the main thread. */
export interface DayReadRequest {
  readonly id: number;
  readonly path: string;
}

const port = parentPort;
if (port !== null)
  port.on('message', (req: DayReadRequest) => {
    readDayFile(req.path).then(
      (read) => {
        port.postMessage({ id: req.id, read }, transferList(read));
      },
      (err: unknown) => {
        const e = err instanceof DayFileError ? err : new DayFileError(false, String(err), undefined);
        port.postMessage({ id: req.id, failure: { io: e.io, message: e.message, code: e.code } });
      },
    );
  });
