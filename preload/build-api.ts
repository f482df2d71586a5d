/**
 * Builds the renderer-facing API object from the contract's channel and event lists, over any
 * transport: ipcRenderer in the preload, HTTP in the renderer test harness. Keeping this free of
 * electron lets the harness expose exactly the API the app gets.
 */
import {
  CHANNELS,
  EVENT_NAMES,
  eventPath,
  methodPath,
  type Channel,
  type EventName,
  type SyncBitApi,
} from './contract.js';

/** How requests and events travel. */
export interface PreloadTransport {
  invoke(channel: Channel, payload: unknown): Promise<unknown>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}

/** `api.sync.runNow()` → invoke('sync:run-now'); `api.sync.onStatusChanged(fn)` → on('sync:status-changed'). */
export function buildApi(transport: PreloadTransport): SyncBitApi {
  const api: Record<string, Record<string, unknown>> = {};
  const group = (domain: string): Record<string, unknown> => (api[domain] ??= {});
  for (const channel of CHANNELS) {
    const [domain, method] = methodPath(channel);
    group(domain)[method] = (payload?: unknown) => transport.invoke(channel, payload);
  }
  for (const event of EVENT_NAMES) {
    const [domain, method] = eventPath(event);
    group(domain)[method] = (listener: (payload: unknown) => void) => transport.on(event, listener);
  }
  for (const g of Object.values(api)) Object.freeze(g);
  return Object.freeze(api) as unknown as SyncBitApi;
}
