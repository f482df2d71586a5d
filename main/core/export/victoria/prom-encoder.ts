/**
 * Prometheus text encoder for mapped columns. Writes `series value ts\n` lines straight into a
 * byte buffer (no intermediate strings per line), cut into batches by the exporter's limits.
 * The bytes are exactly those of `${series} ${value} ${ts}\n` per sample (JavaScript number
 * formatting), and the batch boundaries follow the string-length rule the exporter always used,
 * so the fast path and the per-sample path send identical requests.
 */
import type { MappedSeries } from './metric-map.js';

/** Batch limits: lines per request and characters (UTF-16 units, as `string.length`) of text before gzip. */
export interface BatchLimits {
  readonly maxLines: number;
  readonly maxChars: number;
}

/** A cursor over mapped columns; `next()` fills one batch. */
export class PromBatchEncoder {
  private seriesIndex = 0;
  private sampleIndex = 0;
  private seriesBytes: Buffer | undefined;
  private seriesChars = 0;
  /** Two buffers used in turn: a batch's bytes stay untouched while it is compressed and the next one is written. */
  private readonly buffers: Buffer[] = [];
  private turn = 0;

  constructor(
    private readonly columns: readonly MappedSeries[],
    private readonly limits: BatchLimits,
  ) {}

  /**
   * Writes the next batch and returns a view of it (valid until the call after next), or
   * undefined when every sample was written.
   */
  next(): Buffer | undefined {
    const { maxLines, maxChars } = this.limits;
    // A batch holds at most maxChars characters (ASCII in practice): size the buffer for a whole
    // batch up front instead of doubling and copying as it fills.
    let buf = this.buffer(Math.min(maxChars + 4096, 8 * 1024 * 1024));
    let pos = 0;
    let chars = 0;
    let lines = 0;
    while (this.seriesIndex < this.columns.length) {
      const col = this.columns[this.seriesIndex];
      if (col === undefined) break;
      if (this.seriesBytes === undefined) {
        this.seriesBytes = Buffer.from(`${col.series} `, 'utf8');
        this.seriesChars = col.series.length + 1;
      }
      const sb = this.seriesBytes;
      const { ts, values } = col;
      const n = ts.length;
      while (this.sampleIndex < n) {
        const v = values[this.sampleIndex] ?? NaN;
        const t = ts[this.sampleIndex] ?? NaN;
        // Reserve the worst case (series + two numbers of at most 25 characters each + separators).
        if (pos + sb.length + 60 > buf.length) buf = this.grow(buf, pos, pos + sb.length + 60);
        const start = pos;
        buf.set(sb, pos);
        pos += sb.length;
        pos = writeNumber(buf, pos, v);
        buf[pos++] = 0x20;
        pos = writeNumber(buf, pos, t);
        buf[pos++] = 0x0a;
        const lineChars = this.seriesChars + (pos - start - sb.length);
        if (lines > 0 && (lines >= maxLines || chars + lineChars > maxChars)) {
          // This line starts the next batch: leave it for the next call.
          return this.finishBatch(buf, start);
        }
        chars += lineChars;
        lines++;
        this.sampleIndex++;
      }
      this.seriesIndex++;
      this.sampleIndex = 0;
      this.seriesBytes = undefined;
    }
    return lines > 0 ? this.finishBatch(buf, pos) : undefined;
  }

  private finishBatch(buf: Buffer, end: number): Buffer {
    this.buffers[this.turn] = buf;
    this.turn = 1 - this.turn;
    return buf.subarray(0, end);
  }

  /**
   * Gives the encoder's buffers back for the next encoder to use. Call it once every batch it
   * returned has been consumed (compressed); the encoder must not be used afterwards.
   */
  release(): void {
    for (const b of this.buffers.splice(0)) spareBuffers.put(b);
  }

  private buffer(min: number): Buffer {
    const b = this.buffers[this.turn] ?? spareBuffers.take(min);
    if (b !== undefined && b.length >= min) {
      this.buffers[this.turn] = b;
      return b;
    }
    const fresh = Buffer.allocUnsafe(Math.max(min, b?.length ?? 0));
    this.buffers[this.turn] = fresh;
    return fresh;
  }

  private grow(buf: Buffer, used: number, need: number): Buffer {
    const bigger = Buffer.allocUnsafe(Math.max(need, buf.length * 2));
    buf.copy(bigger, 0, 0, used);
    this.buffers[this.turn] = bigger;
    return bigger;
  }
}

/**
 * Batch buffers (a few MiB each) kept between encoders. Each day of an export used to allocate
 * two fresh ones; that much new off-heap memory per day made V8 run a full collection of the
 * main thread's heap for nearly every day exported.
 */
class SpareBuffers {
  private readonly spare: Buffer[] = [];

  constructor(private readonly keep: number) {}

  take(min: number): Buffer | undefined {
    const k = this.spare.findIndex((b) => b.length >= min);
    return k < 0 ? undefined : this.spare.splice(k, 1)[0];
  }

  put(b: Buffer): void {
    if (this.spare.length < this.keep) this.spare.push(b);
  }
}

/** Enough for the day on the wire and the day prepared ahead (two buffers each). */
const spareBuffers = new SpareBuffers(4);

const MAX_FAST_INT = 1e15;

/** Writes `String(n)` as ASCII at `pos`; returns the new position. */
function writeNumber(buf: Buffer, pos: number, n: number): number {
  if (Number.isInteger(n) && n > -MAX_FAST_INT && n < MAX_FAST_INT) {
    // -0 prints as "0", as String(-0) does.
    if (n < 0) {
      buf[pos] = 0x2d;
      return writeUint(buf, pos + 1, -n);
    }
    return writeUint(buf, pos, n);
  }
  return pos + buf.write(String(n), pos, 'latin1');
}

/** Decimal digits of an integer 0 <= x < 1e15, in 32-bit pieces (epoch milliseconds are 13 digits). */
function writeUint(buf: Buffer, pos: number, x: number): number {
  if (x < 1e8) return writeSmall(buf, pos, x | 0);
  const hi = Math.floor(x / 1e8);
  let lo = (x - hi * 1e8) | 0;
  const at = writeSmall(buf, pos, hi);
  for (let k = at + 7; k >= at; k--) {
    const q = (lo / 10) | 0;
    buf[k] = 0x30 + lo - q * 10;
    lo = q;
  }
  return at + 8;
}

function writeSmall(buf: Buffer, pos: number, x: number): number {
  let digits = 1;
  for (let p = 10; p <= x; p *= 10) digits++;
  const end = pos + digits;
  let k = end - 1;
  let v = x;
  while (k >= pos) {
    const q = (v / 10) | 0;
    buf[k--] = 0x30 + v - q * 10;
    v = q;
  }
  return end;
}
