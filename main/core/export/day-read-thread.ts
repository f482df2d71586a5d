/**
 * Reads archive day files on a worker thread (day-read-worker.ts), so that an export uses both
 * cores: the worker inflates and scans the days the outbox reads ahead while the main thread
 * encodes and sends the current one. See worker-thread.ts for the thread's life and its fallback
 * to the main thread.
 */
import { DayFileError } from '../store/day-file.js';
import { startWorkerScript, WorkerThread, type WireError } from '../worker-thread.js';
import { fromWire, readDayFile, type DayFileRead, type WireDayFileRead } from './day-file-read.js';

/**
 * Starts the day-reading worker. Its live set is one day's inflated JSON and columns at a time
 * (tens of MB for a day of 1-second heart rate).
 */
export function startDayReadWorker(): ReturnType<typeof startWorkerScript> {
  return startWorkerScript(import.meta.url, 'day-read-worker', {
    maxOldGenerationSizeMb: 128,
    maxYoungGenerationSizeMb: 8,
  });
}

/** A DayFileError as the worker sent it (anything else: a damaged file, as the inline read would say). */
function revive(f: WireError): Error {
  return new DayFileError(f.detail.io === true, f.message, f.code);
}

/** Reads day files on one worker thread; `read` rejects with a DayFileError. */
export class DayReadThread {
  private readonly thread: WorkerThread<string, WireDayFileRead>;

  constructor(start: typeof startDayReadWorker = startDayReadWorker) {
    this.thread = new WorkerThread<string, WireDayFileRead>({ start, inline: readDayFile, revive });
  }

  /** Reads one day file (see readDayFile). */
  async read(path: string): Promise<DayFileRead> {
    return fromWire(await this.thread.run(path));
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}

/** The process's day-file reader (one worker for every export of the process). */
export const dayReadThread = new DayReadThread();
