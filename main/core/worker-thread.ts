/**
 * One worker thread that serves requests of one kind (a function of the core run off the main
 * thread, e.g. reading day files for an export or writing day files at the end of an import), so
 * that SyncBit uses a second core for its heavy CPU work.
 *
 * - Started on first use; while nothing is pending it does not keep the process alive, and it
 *   stops after `idleMs` without work (the tray app would otherwise hold its memory for nothing).
 * - Requests may overlap (the worker's handler is async); results come back in any order.
 * - If the worker cannot be started or dies, the requests it held and every later one run on the
 *   main thread through the same function (`inline`): slower, never lost, same results.
 * - Errors cross the thread as plain data (WireError) and are rebuilt by `revive`.
 *
 * The worker script is the compiled `.js` beside its module; when SyncBit runs from its TypeScript
 * sources (tests, `npm run syncbit`), it is loaded through tsx's loader inside the worker.
 */
import { parentPort, Worker, type ResourceLimits } from 'node:worker_threads';

/** An error as it crosses between threads. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  /** The error's `code` (a system code such as EACCES, or a SyncBitError code). */
  readonly code: string | undefined;
  /** Anything else the error class needs to be rebuilt (e.g. `{ io: true }`). */
  readonly detail: Readonly<Record<string, string | number | boolean>>;
}

/** Serialises an error for the other thread (see WireError). */
export function toWireError(err: unknown): WireError {
  const e = err instanceof Error ? err : new Error(String(err));
  const code = (e as { code?: unknown }).code;
  const detail: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(e))
    if (k !== 'code' && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'))
      detail[k] = v;
  return { name: e.name, message: e.message, code: typeof code === 'string' ? code : undefined, detail };
}

/** A result and the buffers to move (not copy) to the other thread with it. */
export interface Transferable<R> {
  readonly result: R;
  readonly transfer?: readonly ArrayBuffer[];
}

type Reply<R> =
  { readonly id: number; readonly result: R } | { readonly id: number; readonly failure: WireError };

/**
 * In the worker script: answers every request with `handle` (called concurrently for overlapping
 * requests). Does nothing when not running in a worker.
 */
export function serveRequests<R>(handle: (request: never) => Promise<Transferable<R>>): void {
  const port = parentPort;
  if (port === null) return;
  port.on('message', ({ id, request }: { id: number; request: never }) => {
    handle(request).then(
      ({ result, transfer }) => {
        port.postMessage({ id, result } satisfies Reply<R>, [...(transfer ?? [])]);
      },
      (err: unknown) => {
        port.postMessage({ id, failure: toWireError(err) } satisfies Reply<R>);
      },
    );
  });
}

/**
 * Starts the worker script `name` (without extension) beside the module at `moduleUrl`. `limits`
 * bound the worker's own heap (Node applies `--max-old-space-size`, where the CLI sets it, to
 * every worker instead of `maxOldGenerationSizeMb`).
 */
export function startWorkerScript(moduleUrl: string, name: string, limits: ResourceLimits): Worker {
  const resourceLimits = limits;
  if (!moduleUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, moduleUrl), { resourceLimits });
  const entry = JSON.stringify(new URL(`./${name}.ts`, moduleUrl).href);
  return new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${entry}); })`,
    { eval: true, resourceLimits },
  );
}

interface Pending<Q, R> {
  readonly request: Q;
  readonly resolve: (result: R) => void;
  readonly reject: (err: unknown) => void;
}

export interface WorkerThreadOptions<Q, R> {
  /** Starts the worker (see startWorkerScript). */
  readonly start: () => Worker;
  /** The same work on the main thread, for when no worker runs. */
  readonly inline: (request: Q) => Promise<R>;
  /** Rebuilds an error the worker sent. */
  readonly revive: (failure: WireError) => Error;
  readonly idleMs?: number;
}

export class WorkerThread<Q, R> {
  private worker: Worker | undefined;
  /** Set once a worker failed: from then on every request runs inline. */
  private inlineOnly = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending<Q, R>>();
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: WorkerThreadOptions<Q, R>) {}

  /** Runs one request on the worker (or inline, see the module doc). */
  run(request: Q): Promise<R> {
    const worker = this.inlineOnly ? undefined : this.ensureWorker();
    if (worker === undefined) return this.options.inline(request);
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const id = this.nextId++;
    const done = new Promise<R>((resolve, reject) => this.pending.set(id, { request, resolve, reject }));
    worker.ref();
    worker.postMessage({ id, request });
    return done;
  }

  /** Stops the worker (requests still pending finish inline). */
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
      worker = this.options.start();
    } catch {
      this.inlineOnly = true;
      return undefined;
    }
    worker.on('message', (reply: Reply<R>) => {
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

  private settle(reply: Reply<R>): void {
    const p = this.pending.get(reply.id);
    if (p === undefined) return;
    this.pending.delete(reply.id);
    if ('failure' in reply) p.reject(this.options.revive(reply.failure));
    else p.resolve(reply.result);
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
    }, this.options.idleMs ?? 30_000);
    this.idleTimer.unref();
  }

  /** The worker failed or ended on its own: what it held runs inline, and so does what follows. */
  private lost(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.inlineOnly = true;
    this.runPendingInline();
  }

  private runPendingInline(): void {
    const held = [...this.pending.values()];
    this.pending.clear();
    for (const p of held) this.options.inline(p.request).then(p.resolve, p.reject);
  }
}
