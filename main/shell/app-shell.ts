/**
 * The Electron shell around the core: single-instance lock, the one window (main-window.ts), the
 * tray, IPC, notifications, power events and start-at-login. Everything here is wiring; the decisions live
 * in the small modules it composes (each tested under Node with the electron fake).
 */
import { dirname } from 'node:path';
import {
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
import { GUIDE_PAGES, type ViewName } from '../../preload/contract.js';
import { Autostart, launchedHidden } from './autostart.js';
import { createHandlers, type ShellActions } from './ipc-handlers.js';
import { createDispatch, isTrustedSender, registerIpc } from './ipc-dispatch.js';
import { createMainWindow } from './main-window.js';
import { NotificationCenter, StatusNotices } from './notifications.js';
import { wirePowerEvents, type PowerAwareScheduler } from './power.js';
import { TrayController, type TrayLike } from './tray-controller.js';
import { trayIconPath } from './tray-icons.js';
import { toElectronTemplate, type TrayAction } from './tray-menu.js';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, RENDERER_URL, createAppProtocolHandler } from './app-protocol.js';
import { denyAllPermissions, guardAllWebContents, isSameFileUrl } from './window-options.js';

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
  const rendererUrl = RENDERER_URL;
  const isOwnUrl = (url: string): boolean => isSameFileUrl(url, rendererUrl);
  guardAllWebContents(app, isOwnUrl);
  const window = createMainWindow({
    preloadPath: deps.paths.preload,
    rendererUrl,
    isOwnUrl,
    isQuitting: () => quitting,
    log,
  });
  const showWindow = (view?: ViewName): void => {
    window.show(view);
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
  const notifications = createNotificationCenter(deps.clock, showWindow);
  const statusNotices = new StatusNotices(notifications, deps.clock);

  /** The one start-at-login toggle (tray and Settings): the OS login item, then the setting. */
  const setStartAtLogin = async (enabled: boolean): Promise<boolean> => {
    await autostart.setEnabled(enabled);
    startAtLogin = await autostart.isEnabled();
    tray.setStartAtLogin(startAtLogin);
    await services.updateSettings({ startAtLogin });
    return startAtLogin;
  };
  const runTrayAction = trayActionRunner({
    services,
    clock: deps.clock,
    showWindow,
    toggleStartAtLogin: () => setStartAtLogin(!startAtLogin),
    quit: () => {
      quitting = true;
      app.quit();
    },
  });
  const tray = createTray(deps, showWindow, (action) => {
    runTrayAction(action).catch((err: unknown) => {
      log.warn('tray action failed', { action, error: err instanceof Error ? err.message : String(err) });
    });
  });
  tray.setStartAtLogin(startAtLogin);

  const shellActions = createShellActions(deps, () => startAtLogin, setStartAtLogin);
  const handlers = createHandlers(services, shellActions, {
    emit: window.send,
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
    (event) => isTrustedSender(event, { webContentsId: window.webContentsId(), rendererUrl }),
    log.child('ipc'),
  );

  const onStatus = (status: Awaited<ReturnType<AppActions['getStatus']>>): void => {
    tray.setStatus(status);
    statusNotices.observe(status);
    window.send('sync:status-changed', status);
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

/** Desktop notifications; clicking one opens the window (Settings when it asks to re-authorize). */
function createNotificationCenter(clock: Clock, showWindow: (view?: ViewName) => void): NotificationCenter {
  return new NotificationCenter({
    clock,
    show: (n) => {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title: n.title, body: n.body, silent: false });
      notification.on('click', () => {
        showWindow(n.action === 'reauthorize' ? 'settings' : undefined);
      });
      notification.show();
    },
  });
}

interface TrayActionDeps {
  readonly services: AppActions;
  readonly clock: Clock;
  readonly showWindow: (view?: ViewName) => void;
  readonly toggleStartAtLogin: () => Promise<unknown>;
  readonly quit: () => void;
}

/** What each tray menu item does. */
function trayActionRunner(d: TrayActionDeps): (action: TrayAction) => Promise<void> {
  const { services } = d;
  return async (action) => {
    switch (action) {
      case 'sync-now':
        return services.syncNow();
      case 'pause-30m':
        return services.pause(d.clock.now() + 30 * 60_000);
      case 'pause-2h':
        return services.pause(d.clock.now() + 2 * 3_600_000);
      case 'pause-indefinitely':
        return services.pause(null);
      case 'resume':
        return services.resume();
      case 'open':
        d.showWindow();
        return;
      case 'reauthorize':
        d.showWindow('settings');
        return;
      case 'toggle-start-at-login':
        await d.toggleStartAtLogin();
        return;
      case 'quit':
        d.quit();
        return;
    }
  };
}

/** The tray icon and menu over Electron's Tray; a click on the icon opens the window. */
function createTray(
  deps: ShellDeps,
  showWindow: (view?: ViewName) => void,
  onAction: (action: TrayAction) => void,
): TrayController {
  return new TrayController({
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
        setMenu: (items, onItem) => {
          t.setContextMenu(Menu.buildFromTemplate(toElectronTemplate(items, onItem)));
        },
        destroy: () => {
          t.destroy();
        },
      };
    },
    iconFor: (phase) => trayIconPath(deps.paths.assetsDir, phase),
    formatTime,
    onAction,
  });
}

/** What the IPC handlers ask of the shell: app info, start at login, guides, folders, the file picker. */
function createShellActions(
  deps: ShellDeps,
  startAtLogin: () => boolean,
  setStartAtLogin: (enabled: boolean) => Promise<boolean>,
): ShellActions {
  return {
    appInfo: () =>
      Promise.resolve({ version: deps.version, platform: deps.platform, startAtLogin: startAtLogin() }),
    setStartAtLogin,
    openGuide: (page) => shell.openExternal(GUIDE_PAGES[page]),
    openDataFolder: async () => {
      const error = await shell.openPath(deps.paths.dataDir);
      if (error !== '') deps.log.warn('could not open the data folder', { error });
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
}
