/**
 * Encodes and gzips one day's import batches in the background, one batch after another, so that
 * the POST of a batch never waits for its compression and the next day can be made ready while
 * the current one is on the wire. Compression runs on the libuv thread pool; encoding is short
 * main-thread work between two compressions.
 */
import { PromBatchEncoder, type BatchLimits } from './prom-encoder.js';
import type { MappedSeries } from './metric-map.js';

export class BatchPipeline {
  private readonly bodies: Buffer[] = [];
  private ended = false;
  private failure: { readonly error: unknown } | undefined;
  private waiters: (() => void)[] = [];
  /** Settles when every batch is compressed (never rejects). */
  readonly finished: Promise<void>;

  /**
   * Starts encoding `columns` once `after` settled (e.g. the previous day's pipeline, so that the
   * day being sent keeps priority over a day prepared ahead).
   */
  constructor(
    columns: readonly MappedSeries[],
    limits: BatchLimits,
    compress: (text: Uint8Array) => Promise<Buffer>,
    after: Promise<unknown> = Promise.resolve(),
  ) {
    this.finished = this.run(new PromBatchEncoder(columns, limits), compress, after);
  }

  /** The `k`-th compressed batch, or undefined when the day has fewer batches. */
  async body(k: number): Promise<Buffer | undefined> {
    while (k >= this.bodies.length && !this.ended) await new Promise<void>((r) => this.waiters.push(r));
    if (k < this.bodies.length) return this.bodies[k];
    if (this.failure !== undefined) throw this.failure.error;
    return undefined;
  }

  private async run(
    encoder: PromBatchEncoder,
    compress: (text: Uint8Array) => Promise<Buffer>,
    after: Promise<unknown>,
  ): Promise<void> {
    try {
      await after.then(
        () => undefined,
        () => undefined,
      );
      // The encoder reuses its buffers: the next batch is written only after this one is compressed.
      for (let text = encoder.next(); text !== undefined; text = encoder.next()) {
        this.bodies.push(await compress(text));
        this.wake();
      }
      encoder.release();
    } catch (error) {
      this.failure = { error };
    }
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }
}
