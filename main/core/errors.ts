/**
 * Typed errors with a stable `code`. Expected failures become state (status line, tray icon, one
 * throttled notification) keyed by this code, never crashes or dialogs. The codes themselves are
 * listed in common/error-codes.ts (the window compares against the same union).
 */

import type { ErrorCode } from '../../common/error-codes.js';

export { ERROR_CODES, type ErrorCode } from '../../common/error-codes.js';

/** An error a person can act on: `message` says what happened and what to do. */
export class SyncBitError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SyncBitError';
    this.code = code;
    this.retryable =
      options.retryable ?? (code === 'network' || code === 'rate-limited' || code === 'timeout');
  }
}

/** Compile-time exhaustiveness for switches over unions. */
export function assertNever(value: never): never {
  throw new SyncBitError('internal', `unexpected value: ${String(value)}`);
}

/** Maps any thrown value to a SyncBitError, classifying Node's file-system codes. */
export function toSyncBitError(err: unknown): SyncBitError {
  if (err instanceof SyncBitError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new SyncBitError(
      'disk-full',
      `The disk is full: free some space and SyncBit will retry. (${message})`,
      {
        cause: err,
        retryable: true,
      },
    );
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'EIO')
    return new SyncBitError('io', `Cannot write to the data folder: ${message}`, { cause: err });
  if (code === 'ENOENT') return new SyncBitError('not-found', message, { cause: err });
  if (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'ETIMEDOUT' ||
    code === 'ENOTFOUND' ||
    code === 'EAI_AGAIN'
  )
    return new SyncBitError('network', `Network problem: ${message}`, { cause: err, retryable: true });
  return new SyncBitError('internal', message, { cause: err });
}
