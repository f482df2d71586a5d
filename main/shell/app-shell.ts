/**
 * The Electron shell around the core: single-instance lock, the one window, the tray, IPC,
 * notifications, power events and start-at-login. Everything here is wiring; the decisions live
 * in the small modules it composes (each tested under Node with the electron fake).
 */
import { dirname } from 'node:path';
import {
  BrowserWindow,
  Menu,
  Notification,
  Tray,
  app,
  dialog,
  ipcMain,
  nativeImage,
  powerMonitor,
  protocol,
  session,
  shell,
} from 'electron';
import type { AppActions } from '../core/app/types.js';
import type { Clock, Logger } from '../core/ports.js';
import { GUIDE_PAGES, type EventName, type Events, type ViewName } from '../../preload/contract.js';
import { Autostart, launchedHidden } from './autostart.js';
import { createHandlers, type ShellActions } from './ipc-handlers.js';
import { createDispatch, isTrustedSender, registerIpc } from './ipc-dispatch.js';
import { NotificationCenter, StatusNotices } from './notifications.js';
import { wirePowerEvents, type PowerAwareScheduler } from './power.js';
import { TrayController, type TrayLike } from './tray-controller.js';
import { trayIconPath } from './tray-icons.js';
import { toElectronTemplate, type TrayAction } from './tray-menu.js';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, RENDERER_URL, createAppProtocolHandler } from './app-protocol.js';
import {
  createWindowOptions,
  denyAllPermissions,
  guardAllWebContents,
  hardenWebContents,
  isSameFileUrl,
} from './window-options.js';

// Custom schemes must be registered before the app is ready; the composition root awaits the core
// before it starts the shell, so this happens when the module is loaded.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

export interface ShellPaths {
  /** dist/preload/index.cjs */
  readonly preload: string;
  /** dist/renderer/index.html (its folder is served as app://syncbit/) */
  readonly rendererHtml: string;
  /** main/shell/assets (tray icons) */
  readonly assetsDir: string;
  readonly dataDir: string;
}

export interface ShellDeps {
  readonly services: AppActions;
  readonly scheduler: PowerAwareScheduler;
  readonly log: Logger;
  readonly clock: Clock;
  readonly paths: ShellPaths;
  readonly argv: readonly string[];
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly homeDir: string;
  readonly execPath: string;
  readonly version: string;
}

/** What a started shell exposes (for the composition root and tests). */
export interface ShellHandle {
  showWindow(view?: ViewName): void;
  readonly tray: TrayController;
  readonly notifications: NotificationCenter;
  isQuitting(): boolean;
  runTrayAction(action: TrayAction): Promise<void>;
  dispose(): void;
}

const formatTime = (ms: number): string =>
  new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * Claims the single-instance lock; false (and quitting) when another SyncBit already runs — that
 * instance is asked to show its window. The composition root calls this before the core opens the
 * data folder, so a second instance never touches it; startShell checks again (idempotent).
 */
export function claimSingleInstance(): boolean {
  if (app.requestSingleInstanceLock()) return true;
  app.quit();
  return false;
}

/** Starts the shell. Returns undefined when another instance already runs (see claimSingleInstance). */
export async function startShell(deps: ShellDeps): Promise<ShellHandle | undefined> {
  const { services, log } = deps;
  if (!claimSingleInstance()) return undefined;
  let quitting = false;
  let window: BrowserWindow | undefined;
  const rendererUrl = RENDERER_URL;
  const isOwnUrl = (url: string): boolean => isSameFileUrl(url, rendererUrl);
  guardAllWebContents(app, isOwnUrl);

  const send = <E extends EventName>(event: E, payload: Events[E]): void => {
    if (window !== undefined && !window.isDestroyed()) window.webContents.send(event, payload);
  };

  const showWindow = (view?: ViewName): void => {
    if (window !== undefined && !window.isDestroyed()) {
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
      if (view !== undefined) send('app:navigate-requested', { view });
      return;
    }
    const win = new BrowserWindow(
      createWindowOptions({ preloadPath: deps.paths.preload, show: false, devTools: !app.isPackaged }),
    );
    window = win;
    hardenWebContents(win.webContents, isOwnUrl);
    win.once('ready-to-show', () => {
      win.show();
    });
    win.on('close', (event) => {
      if (quitting) return;
      event.preventDefault();
      win.hide();
    });
    win.on('closed', () => {
      if (window === win) window = undefined;
    });
    win.loadURL(view === undefined ? rendererUrl : `${rendererUrl}#${view}`).catch((err: unknown) => {
      log.error('the window could not load', { error: err instanceof Error ? err.message : String(err) });
    });
  };

  app.on('second-instance', () => {
    showWindow();
  });
  // Closing every window keeps SyncBit running in the tray; only Quit ends it.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('activate', () => {
    showWindow();
  });

  await app.whenReady();
  protocol.handle(APP_SCHEME, createAppProtocolHandler(dirname(deps.paths.rendererHtml)));
  denyAllPermissions(session.defaultSession);

  const autostart = new Autostart({
    platform: deps.platform,
    app,
    execPath: deps.execPath,
    env: deps.env,
    homeDir: deps.homeDir,
  });
  let startAtLogin = await autostart.isEnabled().catch(() => false);

  const notifications = new NotificationCenter({
    clock: deps.clock,
    show: (n) => {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title: n.title, body: n.body, silent: false });
      notification.on('click', () => {
        showWindow(n.action === 'reauthorize' ? 'settings' : undefined);
      });
      notification.show();
    },
  });
  const statusNotices = new StatusNotices(notifications, deps.clock);

  /** The one start-at-login toggle (tray and Settings): the OS login item, then the setting. */
  const setStartAtLogin = async (enabled: boolean): Promise<boolean> => {
    await autostart.setEnabled(enabled);
    startAtLogin = await autostart.isEnabled();
    tray.setStartAtLogin(startAtLogin);
    await services.updateSettings({ startAtLogin });
    return startAtLogin;
  };

  const runTrayAction = async (action: TrayAction): Promise<void> => {
    switch (action) {
      case 'sync-now':
        return services.syncNow();
      case 'pause-30m':
        return services.pause(deps.clock.now() + 30 * 60_000);
      case 'pause-2h':
        return services.pause(deps.clock.now() + 2 * 3_600_000);
      case 'pause-indefinitely':
        return services.pause(null);
      case 'resume':
        return services.resume();
      case 'open':
        showWindow();
        return;
      case 'reauthorize':
        showWindow('settings');
        return;
      case 'toggle-start-at-login':
        await setStartAtLogin(!startAtLogin);
        return;
      case 'quit':
        quitting = true;
        app.quit();
        return;
    }
  };

  const tray = new TrayController({
    createTray: (icon): TrayLike => {
      const t = new Tray(nativeImage.createFromPath(icon));
      t.on('click', () => {
        showWindow();
      });
      return {
        setImage: (path) => {
          t.setImage(nativeImage.createFromPath(path));
        },
        setToolTip: (text) => {
          t.setToolTip(text);
        },
        setMenu: (items, onAction) => {
          t.setContextMenu(Menu.buildFromTemplate(toElectronTemplate(items, onAction)));
        },
        destroy: () => {
          t.destroy();
        },
      };
    },
    iconFor: (phase) => trayIconPath(deps.paths.assetsDir, phase),
    formatTime,
    onAction: (action) => {
      runTrayAction(action).catch((err: unknown) => {
        log.warn('tray action failed', { action, error: err instanceof Error ? err.message : String(err) });
      });
    },
  });
  tray.setStartAtLogin(startAtLogin);

  const shellActions: ShellActions = {
    appInfo: () => Promise.resolve({ version: deps.version, platform: deps.platform, startAtLogin }),
    setStartAtLogin,
    openGuide: (page) => shell.openExternal(GUIDE_PAGES[page]),
    openDataFolder: async () => {
      const error = await shell.openPath(deps.paths.dataDir);
      if (error !== '') log.warn('could not open the data folder', { error });
    },
    pickTakeoutFiles: async () => {
      const result = await dialog.showOpenDialog({
        title: 'Choose your Google Takeout export',
        properties: ['openFile', 'openDirectory', 'multiSelections'],
        filters: [{ name: 'Takeout export', extensions: ['zip', 'tgz', 'gz'] }],
      });
      return result.canceled ? [] : result.filePaths;
    },
    now: () => deps.clock.now(),
  };

  const handlers = createHandlers(services, shellActions, {
    emit: send,
    importFinished: (summary) => {
      notifications.post({
        kind: 'import-done',
        title: 'Takeout import finished',
        body: `${summary.days} days and ${summary.records.toLocaleString()} records are in your archive.`,
      });
    },
  });
  const unregisterIpc = registerIpc(
    ipcMain,
    createDispatch(handlers, log.child('ipc')),
    (event) => isTrustedSender(event, { webContentsId: window?.webContents.id, rendererUrl }),
    log.child('ipc'),
  );

  const onStatus = (status: Awaited<ReturnType<AppActions['getStatus']>>): void => {
    tray.setStatus(status);
    statusNotices.observe(status);
    send('sync:status-changed', status);
  };
  const unsubscribe = services.onStatusChanged(onStatus);
  onStatus(await services.getStatus());
  const unwirePower = wirePowerEvents(powerMonitor, deps.scheduler);

  if (!launchedHidden(deps.argv, deps.platform, app)) showWindow();

  return {
    showWindow,
    tray,
    notifications,
    isQuitting: () => quitting,
    runTrayAction,
    dispose: () => {
      unsubscribe();
      unwirePower();
      unregisterIpc();
      protocol.unhandle(APP_SCHEME);
      notifications.dispose();
      tray.destroy();
    },
  };
}
