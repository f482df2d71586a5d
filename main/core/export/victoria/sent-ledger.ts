/**
 * What SyncBit sent to Victoria Metrics, per civil day and series, kept on disk next to the
 * destination's outbox (`<dataDir>/state/outbox/victoria/sent/<day>.json`). Exactly-once rests on
 * this local record, not on reading the server back: Debian's VM 1.79.5 can keep just-created
 * series out of its index for 10-15 s (environment.md §4b), so "not visible" never means "not
 * stored". See docs/adr/0003-victoria-sent-ledger.md for the rules built on it.
 *
 * Per series and day: a content hash, the sample count, the instants sent (run-length encoded:
 * regular sampling collapses to a few runs) and, for small series (daily values, sessions, device
 * snapshots: at most SMALL_SERIES samples a day), the values too — enough to rebuild such a series
 * across all days without asking the server.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../store/atomic-file.js';
import { isCivilDay } from '../../model/civil-day.js';
import type { CivilDay } from '../../model/record.js';
import type { MappedSeries, NumberColumn } from './metric-map.js';

/** Series with at most this many samples in a day keep their values in the ledger. */
export const SMALL_SERIES = 64;

/** One series of one day, as sent. */
export interface SentSeries {
  /** Content hash (instants and values). */
  readonly h: string;
  readonly n: number;
  /** Instants as runs: [start, step, count, start, step, count, …]. */
  readonly t: readonly number[];
  /** Values in instant order, for small series only. */
  readonly v?: readonly number[] | undefined;
}

/** One day: the day-content hash that was fully acknowledged, and its series. */
export interface SentDay {
  readonly dayHash: string | undefined;
  readonly series: Readonly<Record<string, SentSeries>>;
}

interface LedgerMeta {
  readonly version: 1;
  /** True when the ledger has covered every export to this destination since its first one. */
  readonly fullHistory: boolean;
}

/** Content hash of a column (its instants and values, in order). */
export function seriesHash(ts: NumberColumn, values: NumberColumn): string {
  const h = createHash('sha256');
  h.update(float64Bytes(ts));
  h.update(float64Bytes(values));
  return h.digest('hex').slice(0, 24);
}

/** The numbers as float64 bytes (a typed array's own bytes, no copy). */
function float64Bytes(xs: NumberColumn): Uint8Array {
  const f = xs instanceof Float64Array ? xs : Float64Array.from(xs);
  return new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
}

/** Run-length encodes sorted instants. */
export function encodeRuns(ts: NumberColumn): number[] {
  const out: number[] = [];
  let k = 0;
  while (k < ts.length) {
    const start = ts[k] as number;
    const next = ts[k + 1];
    if (next === undefined) {
      out.push(start, 0, 1);
      break;
    }
    const step = next - start;
    let count = 2;
    while (k + count < ts.length && (ts[k + count] as number) - (ts[k + count - 1] as number) === step)
      count++;
    out.push(start, step, count);
    k += count;
  }
  return out;
}

/** The instants of encodeRuns' output. */
export function decodeRuns(runs: readonly number[]): number[] {
  const out: number[] = [];
  for (let k = 0; k + 2 < runs.length; k += 3) {
    const start = runs[k] as number;
    const step = runs[k + 1] as number;
    const count = runs[k + 2] as number;
    for (let i = 0; i < count; i++) out.push(start + i * step);
  }
  return out;
}

/** The ledger entry of a mapped column. */
export function sentSeriesOf(col: Pick<MappedSeries, 'ts' | 'values'>): SentSeries {
  return {
    h: seriesHash(col.ts, col.values),
    n: col.ts.length,
    t: encodeRuns(col.ts),
    v: col.ts.length <= SMALL_SERIES ? [...col.values] : undefined,
  };
}

export class SentLedger {
  /** Small series across days (series → day → instant → value), loaded on first need. */
  private small: Map<string, Map<CivilDay, Map<number, number>>> | undefined;
  /** Series that some day holds too many samples of to keep their values (never rebuilt locally). */
  private readonly big = new Set<string>();

  private constructor(
    private readonly dir: string,
    readonly fullHistory: boolean,
  ) {}

  /**
   * Opens (creating) the ledger in `dir`. `exportedBefore` tells whether this destination was
   * exported to before the ledger existed (then it does not know the whole history: series are
   * never rebuilt from it alone).
   */
  static async open(dir: string, exportedBefore: () => Promise<boolean>): Promise<SentLedger> {
    const metaPath = join(dir, 'ledger.json');
    let meta: LedgerMeta | undefined;
    try {
      meta = JSON.parse(await readFile(metaPath, 'utf8')) as LedgerMeta;
    } catch {
      meta = { version: 1, fullHistory: !(await exportedBefore()) };
      await writeFileAtomic(metaPath, JSON.stringify(meta));
    }
    return new SentLedger(dir, meta.fullHistory);
  }

  async read(day: CivilDay): Promise<SentDay | undefined> {
    try {
      return JSON.parse(await readFile(join(this.dir, `${day}.json`), 'utf8')) as SentDay;
    } catch {
      return undefined;
    }
  }

  /**
   * Records `day` as sent, keeping the small-series index in step. Atomic (temp + rename) but not
   * fsynced: losing it to a power cut is safe, because the outbox then finds the day acknowledged
   * (or "maybe sent") without a ledger entry and takes the confirmed read-back path. It saves two
   * fsyncs per exported day.
   */
  async write(day: CivilDay, sent: SentDay): Promise<void> {
    const path = join(this.dir, `${day}.json`);
    const tmp = `${path}.${process.pid}.tmp`;
    await mkdir(this.dir, { recursive: true });
    await writeFile(tmp, JSON.stringify(sent));
    await rename(tmp, path);
    if (this.small !== undefined) {
      for (const byDay of this.small.values()) byDay.delete(day);
      this.index(day, sent);
    }
  }

  /**
   * Every sample of a small series that the ledger says was sent, on any day but `except`;
   * undefined when some day's part of it was too big to keep its values (it cannot be rebuilt
   * from the ledger alone).
   */
  async samplesOf(series: string, except: CivilDay): Promise<Map<number, number> | undefined> {
    if (this.small === undefined) {
      this.small = new Map();
      let names: string[] = [];
      try {
        names = await readdir(this.dir);
      } catch {
        names = [];
      }
      for (const name of names) {
        const day = name.slice(0, -'.json'.length);
        if (!name.endsWith('.json') || !isCivilDay(day)) continue;
        const sent = await this.read(day);
        if (sent !== undefined) this.index(day, sent);
      }
    }
    if (this.big.has(series)) return undefined;
    const out = new Map<number, number>();
    for (const [day, samples] of this.small.get(series) ?? [])
      if (day !== except) for (const [ts, v] of samples) out.set(ts, v);
    return out;
  }

  private index(day: CivilDay, sent: SentDay): void {
    const small = this.small;
    if (small === undefined) return;
    for (const [series, e] of Object.entries(sent.series)) {
      if (e.v === undefined) {
        this.big.add(series);
        continue;
      }
      const ts = decodeRuns(e.t);
      const samples = new Map<number, number>();
      ts.forEach((t, k) => samples.set(t, e.v?.[k] ?? NaN));
      let byDay = small.get(series);
      if (byDay === undefined) small.set(series, (byDay = new Map<CivilDay, Map<number, number>>()));
      byDay.set(day, samples);
    }
  }
}
