/**
 * What `electron` is inside the page when the REAL preload (preload/index.ts) is bundled for the
 * assembled-app test: `contextBridge.exposeInMainWorld` defines the API on the page, and
 * `ipcRenderer` carries invokes to the booted main process through a Playwright page binding
 * (`__syncbitIpcInvoke`, answered by the real ipcMain handlers) and receives `webContents.send`
 * events through `__syncbitIpcDeliver`. Bundled by esbuild as a classic script; runs in Chromium.
 */
import '../harness/zod-jitless.js';

type Listener = (event: unknown, payload: unknown) => void;

interface PageGlobals {
  __syncbitIpcInvoke(channel: string, payload: unknown): Promise<unknown>;
  __syncbitIpcDeliver?: (channel: string, payload: unknown) => void;
}
const page = globalThis as unknown as PageGlobals;
const listeners = new Map<string, Set<Listener>>();

page.__syncbitIpcDeliver = (channel, payload) => {
  for (const l of listeners.get(channel) ?? []) l({}, payload);
};

/** Electron's contextBridge, as the preload uses it. */
export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    Object.defineProperty(globalThis, key, { value: api, writable: false, configurable: false });
  },
};

/** Electron's ipcRenderer, as the preload uses it. */
export const ipcRenderer = {
  invoke(channel: string, payload: unknown): Promise<unknown> {
    return page.__syncbitIpcInvoke(channel, payload);
  },
  on(channel: string, listener: Listener): void {
    let set = listeners.get(channel);
    if (set === undefined) {
      set = new Set();
      listeners.set(channel, set);
    }
    set.add(listener);
  },
  removeListener(channel: string, listener: Listener): void {
    listeners.get(channel)?.delete(listener);
  },
};
