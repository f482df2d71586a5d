/**
 * The IPC boundary: every request is checked for its sender (our window, our file:// page, top
 * frame), its payload parsed with the contract's zod schema, and every outcome returned as a value
 * `{ok:true,value} | {ok:false,error:{code,message}}`. Nothing thrown crosses to the renderer: no
 * stack traces, and messages pass the log redaction so no token or secret can leak.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { SyncBitError } from '../core/errors.js';
import { redactText } from '../core/log.js';
import type { Logger } from '../core/ports.js';
import {
  CHANNELS,
  REQUEST_SCHEMAS,
  type Channel,
  type IpcError,
  type IpcResult,
} from '../../preload/contract.js';
import type { Handlers } from './ipc-handlers.js';
import { isSameFileUrl } from './window-options.js';

/** Turns any thrown value into an error a person can read, with a stable code and no stack. */
export function toIpcError(err: unknown): IpcError {
  if (err instanceof SyncBitError) return { code: err.code, message: redactText(err.message) };
  return { code: 'internal', message: 'Something went wrong inside SyncBit. The log has the details.' };
}

export type Dispatch = (channel: string, payload: unknown) => Promise<IpcResult<unknown>>;

function isChannel(channel: string): channel is Channel {
  return Object.hasOwn(REQUEST_SCHEMAS, channel);
}

/** Validates and runs one request. Shared by Electron's ipcMain and the renderer test harness. */
export function createDispatch(handlers: Handlers, log: Logger): Dispatch {
  return async (channel, payload) => {
    if (!isChannel(channel))
      return { ok: false, error: { code: 'unknown-channel', message: `No such request: ${channel}` } };
    const parsed = REQUEST_SCHEMAS[channel].safeParse(payload);
    if (!parsed.success) {
      const message = parsed.error.issues
        .map((i) => `${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}`)
        .join('; ');
      return { ok: false, error: { code: 'invalid-input', message: redactText(message) } };
    }
    try {
      const handler = handlers[channel] as (p: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (err) {
      const error = toIpcError(err);
      if (error.code === 'internal')
        log.error('request failed', { channel, error: err instanceof Error ? err.message : String(err) });
      else log.warn('request refused', { channel, code: error.code });
      return { ok: false, error };
    }
  };
}

/** The parts of an invoke event the sender check reads. */
export type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame'> & {
  readonly sender: { readonly id: number };
};

/**
 * True when the request comes from our window's top frame showing our renderer page. Anything
 * else (another window, an iframe, a page navigated elsewhere) is refused.
 */
export function isTrustedSender(
  event: SenderEvent,
  expected: { readonly webContentsId: number | undefined; readonly rendererUrl: string },
): boolean {
  const frame = event.senderFrame;
  if (frame === null) return false;
  if (expected.webContentsId === undefined || event.sender.id !== expected.webContentsId) return false;
  if (frame.parent !== null) return false;
  return isSameFileUrl(frame.url, expected.rendererUrl);
}

/** Registers one ipcMain handler per contract channel. Returns a function that removes them. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatch: Dispatch,
  trusted: (event: SenderEvent) => boolean,
  log: Logger,
): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(
      channel,
      async (event: IpcMainInvokeEvent, payload: unknown): Promise<IpcResult<unknown>> => {
        if (!trusted(event)) {
          log.warn('refused a request from an unknown sender', { channel });
          return {
            ok: false,
            error: { code: 'forbidden', message: 'This request did not come from the SyncBit window.' },
          };
        }
        return dispatch(channel, payload);
      },
    );
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}
