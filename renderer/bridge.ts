/**
 * The renderer's one door to the main process: `window.syncbit`, exposed by the preload (or by the
 * test harness's shim). Results come back as values; `call` turns a failed result into a thrown
 * BridgeError carrying the stable code, so views can show an actionable message.
 */
import type { ErrorCode } from '../common/error-codes.js';
import type { IpcResult, SyncBitApi } from '../preload/contract.js';

/** A failed request: `code` is one of common/error-codes.ts, `message` is meant for people. */
export class BridgeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

function resolveApi(): SyncBitApi {
  const api = (window as unknown as { syncbit?: SyncBitApi }).syncbit;
  if (api === undefined)
    throw new BridgeError('no-bridge', 'SyncBit’s bridge to the main process is missing.');
  return api;
}

/** The exposed API (grouped named functions, e.g. `api.sync.runNow()`). */
export const api: SyncBitApi = resolveApi();

/** Awaits a request and unwraps its result, throwing BridgeError on failure. */
export async function call<T>(request: Promise<IpcResult<T>>): Promise<T> {
  const result = await request;
  if (result.ok) return result.value;
  throw new BridgeError(result.error.code, result.error.message);
}

/** A message fit for the UI from anything thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof BridgeError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
