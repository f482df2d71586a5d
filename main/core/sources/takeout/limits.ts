/**
 * Resource limits for untrusted exports: an export is a file from the internet, so a small zip or
 * tgz bomb must not fill memory or the temp disk. The importer budgets the uncompressed bytes it
 * reads or extracts and the compression ratio, and stops with an error naming the entry.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { SyncBitError } from '../../errors.js';

export interface ImportLimits {
  /** Most uncompressed bytes of used files an import may read or extract (default 64 GiB). */
  readonly maxTotalBytes: number;
  /** Largest uncompressed/compressed ratio accepted for an entry (default 200; CSVs reach about 20). */
  readonly maxRatio: number;
  /** Entries smaller than this are not ratio-checked (tiny files compress extremely well). */
  readonly ratioSlackBytes: number;
  /** Longest CSV record in characters (a row of a real export is well under 4 KiB). */
  readonly maxCsvRecordChars: number;
  /** Longest JSON array element in characters (a sleep log with its stages is well under 1 MiB). */
  readonly maxJsonElementChars: number;
}

export const DEFAULT_LIMITS: ImportLimits = {
  maxTotalBytes: 64 * 1024 ** 3,
  maxRatio: 200,
  ratioSlackBytes: 1024 * 1024,
  maxCsvRecordChars: 1024 * 1024,
  maxJsonElementChars: 32 * 1024 * 1024,
};

/** The limits of one import with `partial` overrides. */
export function importLimits(partial: Partial<ImportLimits> = {}): ImportLimits {
  return { ...DEFAULT_LIMITS, ...partial };
}

const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`;

/** Counts the uncompressed bytes of one import against its limits. */
export class ByteBudget {
  private used = 0;
  constructor(readonly limits: ImportLimits) {}

  /** Refuses an entry whose declared sizes already show a bomb (zip central directory). */
  checkDeclared(entry: string, uncompressed: number, compressed: number): void {
    if (
      uncompressed > this.limits.ratioSlackBytes &&
      uncompressed > this.limits.maxRatio * Math.max(compressed, 1)
    )
      throw bombError(
        entry,
        `it expands ${Math.round(uncompressed / Math.max(compressed, 1))}× (${mib(compressed)} → ${mib(uncompressed)}), more than the ${this.limits.maxRatio}× a real export reaches`,
      );
    this.take(entry, uncompressed);
  }

  /** Adds `n` uncompressed bytes read from `entry`; throws once the total budget is exceeded. */
  take(entry: string, n: number): void {
    this.used += n;
    if (this.used > this.limits.maxTotalBytes)
      throw bombError(entry, `the export's used files exceed ${mib(this.limits.maxTotalBytes)} uncompressed`);
  }

  /**
   * A pass-through that budgets a stream's bytes as they flow and checks the running ratio against
   * `compressedSoFar()` (the bytes read from the archive file until now).
   */
  meter(entry: string, compressedSoFar: () => number): Transform {
    let seen = 0;
    return new Transform({
      transform: (chunk: Buffer, _enc, cb: TransformCallback) => {
        seen += chunk.length;
        try {
          this.take(entry, chunk.length);
          const c = compressedSoFar();
          if (seen > this.limits.ratioSlackBytes && this.used > this.limits.maxRatio * Math.max(c, 1))
            throw bombError(
              entry,
              `the archive expands more than ${this.limits.maxRatio}× (${mib(c)} read → ${mib(this.used)})`,
            );
        } catch (err) {
          cb(err as Error);
          return;
        }
        cb(null, chunk);
      },
    });
  }
}

function bombError(entry: string, why: string): SyncBitError {
  return new SyncBitError(
    'invalid-input',
    `Refusing ${entry}: ${why}. This does not look like a Google Takeout export (a zip/tgz bomb?); nothing was imported.`,
  );
}
