import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/core/log.js';
import { createHandlers } from '../../main/shell/ipc-handlers.js';
import { createDispatch, registerIpc } from '../../main/shell/ipc-dispatch.js';
import {
  API_KEY,
  CHANNELS,
  EVENT_NAMES,
  REQUEST_SCHEMAS,
  eventPath,
  methodPath,
} from '../../preload/contract.js';
import { contextBridge, ipcMain, ipcRenderer, resetElectronFake } from '../fakes/electron.js';
import { FakeServices } from './fake-services.js';

const actions = {
  appInfo: () => Promise.resolve({ version: '1', platform: 'linux', startAtLogin: false }),
  setStartAtLogin: (e: boolean) => Promise.resolve(e),
  openGuide: () => Promise.resolve(),
  openDataFolder: () => Promise.resolve(),
  pickTakeoutFiles: () => Promise.resolve([]),
  now: () => 0,
};

describe('IPC contract completeness', () => {
  it('names every channel domain:verb-noun and gives each a zod schema', () => {
    expect(CHANNELS.length).toBeGreaterThan(20);
    for (const channel of CHANNELS) {
      expect(channel).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)+$/);
      expect(typeof REQUEST_SCHEMAS[channel].safeParse).toBe('function');
    }
    for (const event of EVENT_NAMES) expect(event).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)+$/);
  });

  it('has a handler for every channel and no handler without a channel', () => {
    const handlers = createHandlers(new FakeServices(), actions, { emit: () => undefined });
    expect(Object.keys(handlers).sort()).toEqual([...CHANNELS].sort());
  });

  it('registers an ipcMain handler for every channel', () => {
    resetElectronFake();
    const dispatch = createDispatch(
      createHandlers(new FakeServices(), actions, { emit: () => undefined }),
      silentLogger,
    );
    const unregister = registerIpc(ipcMain as never, dispatch, () => true, silentLogger);
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('exposes a preload function for every channel and event, and never ipcRenderer itself', async () => {
    resetElectronFake();
    await import('../../preload/index.js');
    const api = contextBridge.exposed.get(API_KEY) as Record<string, Record<string, unknown>>;
    expect(Object.isFrozen(api)).toBe(true);
    for (const channel of CHANNELS) {
      const [domain, method] = methodPath(channel);
      expect(typeof api[domain]?.[method], channel).toBe('function');
    }
    for (const event of EVENT_NAMES) {
      const [domain, method] = eventPath(event);
      expect(typeof api[domain]?.[method], event).toBe('function');
    }
    const exposedValues = Object.values(api).flatMap((g) => Object.values(g));
    expect(exposedValues).not.toContain(ipcRenderer);
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipc/i);
    await (api.sync?.runNow as () => Promise<unknown>)();
    await (api.sync?.pauseSyncing as (p: unknown) => Promise<unknown>)({ minutes: 30 });
    expect(ipcRenderer.invocations).toEqual([
      { channel: 'sync:run-now', payload: undefined },
      { channel: 'sync:pause-syncing', payload: { minutes: 30 } },
    ]);
    const seen: unknown[] = [];
    const off = (api.sync?.onStatusChanged as (l: (s: unknown) => void) => () => void)((s) => seen.push(s));
    ipcRenderer.emit('sync:status-changed', {}, { phase: 'idle' });
    off();
    ipcRenderer.emit('sync:status-changed', {}, { phase: 'syncing' });
    expect(seen).toEqual([{ phase: 'idle' }]);
  });
});
