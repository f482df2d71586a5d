/**
 * The tray app writes settings through electron-store: the same `config.json` in the data
 * directory that the CLI reads with conf (electron-store is conf with Electron's defaults), so
 * the app and `syncbit` on the same machine always agree. Validation stays in the core
 * (settings.ts); this adapter only persists the validated object.
 */
import Store from 'electron-store';
import type { SettingsPersister } from '../core/app/presentation.js';

/** A persister bound to one electron-store instance per data directory. */
export function electronStorePersister(): SettingsPersister {
  const stores = new Map<string, Store>();
  return (dataDir, settings) => {
    let store = stores.get(dataDir);
    if (store === undefined) {
      store = new Store({ cwd: dataDir, name: 'config', clearInvalidConfig: false });
      stores.set(dataDir, store);
    }
    store.store = settings;
  };
}
