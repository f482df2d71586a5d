/**
 * Writes staged days on a worker thread (day-write-worker.ts) while the main thread writes
 * others: the end of an import (merge, zero-step minutes, hashing, gzip, fsync of every day) on
 * both cores. See worker-thread.ts for the thread's life and its fallback to the main thread.
 */
import { ERROR_CODES, SyncBitError, type ErrorCode } from '../errors.js';
import { startWorkerScript, WorkerThread, type WireError } from '../worker-thread.js';
import type { DayBuild } from './day-build.js';
import { DayFileError } from './day-file.js';
import { buildStagedDay, type StagedDayRequest } from './staged-day.js';

/**
 * Starts the day-writing worker. Its live set is the two days it writes at a time (a few MB of
 * lines each); a small young generation keeps its share of the import's memory small.
 */
export function startDayWriteWorker(): ReturnType<typeof startWorkerScript> {
  return startWorkerScript(import.meta.url, 'day-write-worker', {
    maxOldGenerationSizeMb: 96,
    maxYoungGenerationSizeMb: 8,
  });
}

/** The error the worker threw, as the same class: the archive words each kind its own way. */
function revive(f: WireError): Error {
  if (f.name === 'DayFileError') return new DayFileError(f.detail.io === true, f.message, f.code);
  if (f.name === 'SyncBitError' && (ERROR_CODES as readonly string[]).includes(f.code ?? ''))
    return new SyncBitError(f.code as ErrorCode, f.message, { retryable: f.detail.retryable === true });
  return new Error(f.message);
}

export type DayWriteThread = WorkerThread<StagedDayRequest, DayBuild>;

export function createDayWriteThread(
  start: typeof startDayWriteWorker = startDayWriteWorker,
): DayWriteThread {
  return new WorkerThread<StagedDayRequest, DayBuild>({ start, inline: buildStagedDay, revive });
}

/** The process's day writer (one worker for every import of the process). */
export const dayWriteThread = createDayWriteThread();
