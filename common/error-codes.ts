/**
 * The stable error codes: what the core's SyncBitError carries (main/core/errors.ts), what an IPC
 * result's error carries, and what the renderer compares against. Messages are for people; these
 * codes are for code.
 */

export const ERROR_CODES = [
  'auth-required',
  'rate-limited',
  'network',
  'keychain-unavailable',
  'port-in-use',
  'folder-busy',
  'export-rejected',
  'invalid-settings',
  'invalid-input',
  'scope-missing',
  'account-not-linked',
  'api-error',
  'disk-full',
  'io',
  'cancelled',
  'timeout',
  'not-found',
  'internal',
  // The IPC boundary's own: a request from a window that is not ours, a channel that does not
  // exist, and (in the renderer) a page loaded without the preload's bridge.
  'forbidden',
  'unknown-channel',
  'no-bridge',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** How an error crosses IPC: a stable code and a message a person can act on (no stack). */
export interface ErrorInfo {
  readonly code: ErrorCode;
  readonly message: string;
}
