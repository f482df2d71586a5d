/**
 * The preload: exposes `window.syncbit`, grouped named functions built from the contract
 * (`api.sync.runNow()`), and event subscriptions (`api.sync.onStatusChanged(fn)`). It never exposes
 * `ipcRenderer` itself, so a compromised renderer can only call the channels the contract lists,
 * each of which the main process validates again.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi, type PreloadTransport } from './build-api.js';
import { API_KEY } from './contract.js';

const transport: PreloadTransport = {
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
  on: (event, listener) => {
    const wrapped = (_e: unknown, payload: unknown): void => {
      listener(payload);
    };
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld(API_KEY, buildApi(transport));
