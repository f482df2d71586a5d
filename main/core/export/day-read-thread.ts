/**
 * Reads archive day files on a worker thread (day-read-worker.ts), so that an export uses both
 * cores: the worker inflates and scans the days the outbox reads ahead while the main thread
 * encodes and sends the current one.
 *
 * One worker, started on first use, requests served in order. While nothing is pending it does
 * not keep the process alive, and it is stopped after IDLE_MS without work (the tray app exports
 * every few minutes; a sleeping worker would hold its memory for nothing). If the worker cannot be
 * started or dies, the reads it held and every later one run inline (same function, same result):
 * slower, never lost.
 */
import { Worker } from 'node:worker_threads';
import {
  DayFileError,
  fromWire,
  readDayFile,
  type DayFileRead,
  type WireDayFileRead,
} from './day-file-read.js';
import type { DayReadRequest } from './day-read-worker.js';

const IDLE_MS = 30_000;

type Reply =
  | { readonly id: number; readonly read: WireDayFileRead }
  | { readonly id: number; readonly failure: Pick<DayFileError, 'io' | 'message' | 'code'> };

interface Pending {
  readonly path: string;
  readonly resolve: (read: DayFileRead) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * The worker, from the compiled `.js` next to this file; when SyncBit runs from its TypeScript
 * sources (tests, `npm run syncbit`), through tsx's loader inside the worker.
 */
export function startDayReadWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./day-read-worker.js', here));
  const entry = JSON.stringify(new URL('./day-read-worker.ts', here).href);
  return new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${entry}); })`,
    { eval: true },
  );
}

export class DayReadThread {
  private worker: Worker | undefined;
  /** Set once a worker failed: from then on every read runs inline. */
  private inline = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly start: () => Worker = startDayReadWorker) {}

  /** Reads one day file (see readDayFile); rejects with a DayFileError. */
  read(path: string): Promise<DayFileRead> {
    const worker = this.inline ? undefined : this.ensureWorker();
    if (worker === undefined) return readDayFile(path);
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const id = this.nextId++;
    const done = new Promise<DayFileRead>((resolve, reject) =>
      this.pending.set(id, { path, resolve, reject }),
    );
    worker.ref();
    worker.postMessage({ id, path } satisfies DayReadRequest);
    return done;
  }

  /** Stops the worker (reads still pending finish inline). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.runPendingInline();
    if (worker !== undefined) await worker.terminate();
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker !== undefined) return this.worker;
    let worker: Worker;
    try {
      worker = this.start();
    } catch {
      this.inline = true;
      return undefined;
    }
    worker.on('message', (reply: Reply) => {
      this.settle(reply);
    });
    worker.on('error', () => {
      this.lost(worker);
    });
    worker.on('exit', () => {
      this.lost(worker);
    });
    this.worker = worker;
    return worker;
  }

  private settle(reply: Reply): void {
    const p = this.pending.get(reply.id);
    if (p === undefined) return;
    this.pending.delete(reply.id);
    if ('failure' in reply)
      p.reject(new DayFileError(reply.failure.io, reply.failure.message, reply.failure.code));
    else p.resolve(fromWire(reply.read));
    if (this.pending.size === 0) this.idle();
  }

  /** Nothing pending: let the process exit, and stop the worker if it stays idle. */
  private idle(): void {
    const worker = this.worker;
    if (worker === undefined) return;
    worker.unref();
    this.idleTimer = setTimeout(() => {
      if (this.pending.size > 0 || this.worker !== worker) return;
      this.worker = undefined;
      void worker.terminate();
    }, IDLE_MS);
    this.idleTimer.unref();
  }

  /** The worker failed or ended on its own: what it held runs inline, and so does what follows. */
  private lost(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.inline = true;
    this.runPendingInline();
  }

  private runPendingInline(): void {
    const held = [...this.pending.values()];
    this.pending.clear();
    for (const p of held) readDayFile(p.path).then(p.resolve, p.reject);
  }
}

/** The process's day-file reader (one worker for every export of the process). */
export const dayReadThread = new DayReadThread();
