/**
 * The typed double of the parts of Electron SyncBit uses. vitest.config.ts aliases `electron` to
 * this file, so shell code and the whole assembled app (test/app/) run under plain Node (no
 * Electron binary can be downloaded here). Every double records its calls so tests assert what the
 * shell asked Electron to do. A window can be given a real renderer (test/app/renderer-host.ts sets
 * `BrowserWindow.host`): its `loadURL` then opens the page in Chromium, and `webContents.send`
 * reaches the page's preload.
 * Import it in tests as `../fakes/electron.js` to reach the recording helpers.
 */
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';

/** An Electron-style event whose default action a handler can prevent. */
export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

interface LoginItemSettingsCall {
  openAtLogin?: boolean;
  args?: string[];
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

class FakeApp extends EventEmitter {
  singleInstanceLock = true;
  quitCalls = 0;
  /** `app.exit(code)` calls. */
  exitCodes: number[] = [];
  /** Set once Quit went through (before-quit, will-quit and quit emitted, none prevented). */
  quitted = false;
  isPackaged = false;
  appPath = repoRoot;
  paths = new Map<string, string>();
  loginItem: { openAtLogin: boolean; wasOpenedAtLogin: boolean } = {
    openAtLogin: false,
    wasOpenedAtLogin: false,
  };
  loginItemCalls: LoginItemSettingsCall[] = [];
  private ready = Promise.resolve();

  requestSingleInstanceLock(): boolean {
    return this.singleInstanceLock;
  }
  /** Like Electron: before-quit, then will-quit, then quit, unless a handler prevents it. */
  quit(): void {
    this.quitCalls += 1;
    const before = new FakeEvent();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    const will = new FakeEvent();
    this.emit('will-quit', will);
    if (will.defaultPrevented) return;
    this.quitted = true;
    this.emit('quit', new FakeEvent(), 0);
  }
  exit(code = 0): void {
    this.exitCodes.push(code);
  }
  getAppPath(): string {
    return this.appPath;
  }
  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }
  whenReady(): Promise<void> {
    return this.ready;
  }
  isReady(): boolean {
    return true;
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  getPath(name: string): string {
    return this.paths.get(name) ?? '/tmp/syncbit-fake-electron';
  }
  setLoginItemSettings(settings: LoginItemSettingsCall): void {
    this.loginItemCalls.push(settings);
    this.loginItem = { ...this.loginItem, openAtLogin: settings.openAtLogin ?? false };
  }
  getLoginItemSettings(_options?: unknown): { openAtLogin: boolean; wasOpenedAtLogin: boolean } {
    return { ...this.loginItem };
  }
}

export class FakeWebContents extends EventEmitter {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  /** Where `send` delivers to when a real renderer is attached (the page's preload). */
  deliver: ((channel: string, payload: unknown) => void) | undefined;
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
    this.deliver?.(channel, payload);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  /** Simulates a navigation attempt; returns whether the shell allowed it. */
  tryNavigate(url: string): boolean {
    const event = new FakeEvent();
    this.emit('will-navigate', event, url);
    return !event.defaultPrevented;
  }
}

/** Gives a window a real page: called by `loadURL` (see test/app/renderer-host.ts). */
export type RendererHost = (window: BrowserWindow, url: string) => Promise<void>;

export class BrowserWindow extends EventEmitter {
  static readonly instances: BrowserWindow[] = [];
  /** When set, `loadURL` loads the page for real through this host. */
  static host: RendererHost | undefined;
  readonly webContents = new FakeWebContents();
  readonly options: Record<string, unknown>;
  visible = false;
  focused = false;
  destroyed = false;
  minimized = false;
  loaded: { file?: string; url?: string; options: unknown } | undefined;

  constructor(options: Record<string, unknown> = {}) {
    super();
    this.options = options;
    this.visible = options.show === true;
    BrowserWindow.instances.push(this);
    app.emit('web-contents-created', new FakeEvent(), this.webContents);
  }
  loadFile(file: string, options?: unknown): Promise<void> {
    this.loaded = { file, options };
    queueMicrotask(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  async loadURL(url: string, options?: unknown): Promise<void> {
    this.loaded = { url, options };
    if (BrowserWindow.host !== undefined) await BrowserWindow.host(this, url);
    this.emit('ready-to-show');
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  isVisible(): boolean {
    return this.visible;
  }
  /** Simulates the user closing the window (the shell may prevent it and hide instead). */
  close(): void {
    const event = new FakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.visible = false;
    this.emit('closed');
  }
}

export interface FakeImage {
  readonly path: string;
}

export const nativeImage = {
  createFromPath: (path: string): FakeImage => ({ path }),
  createEmpty: (): FakeImage => ({ path: '' }),
};

export interface FakeMenu {
  readonly template: readonly Record<string, unknown>[];
}

export const Menu = {
  buildFromTemplate: (template: readonly Record<string, unknown>[]): FakeMenu => ({ template }),
};

export class Tray extends EventEmitter {
  static readonly instances: Tray[] = [];
  image: FakeImage;
  tooltip = '';
  menu: FakeMenu | undefined;
  calls: string[] = [];
  /** Every icon shown, in order (the first is the one the tray was created with). */
  readonly images: string[];
  destroyed = false;
  constructor(image: FakeImage) {
    super();
    this.image = image;
    this.images = [image.path];
    Tray.instances.push(this);
  }
  setImage(image: FakeImage): void {
    this.calls.push('setImage');
    this.image = image;
    this.images.push(image.path);
  }
  /** The menu's items, flattened (submenus included). */
  menuItems(): Record<string, unknown>[] {
    const flat = (items: readonly Record<string, unknown>[]): Record<string, unknown>[] =>
      items.flatMap((i) => [
        i,
        ...(Array.isArray(i.submenu) ? flat(i.submenu as Record<string, unknown>[]) : []),
      ]);
    return flat(this.menu?.template ?? []);
  }
  /** The first line of the menu (the status headline). */
  headline(): string {
    const first = this.menu?.template[0]?.label;
    return typeof first === 'string' ? first : '';
  }
  /** Clicks the menu item with this id, as a person would. */
  click(id: string): void {
    const item = this.menuItems().find((i) => i.id === id);
    if (item === undefined) throw new Error(`the tray menu has no item '${id}'`);
    if (item.enabled === false) throw new Error(`the tray menu item '${id}' is disabled`);
    (item.click as () => void)();
  }
  setToolTip(text: string): void {
    this.calls.push('setToolTip');
    this.tooltip = text;
  }
  setContextMenu(menu: FakeMenu): void {
    this.calls.push('setContextMenu');
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class Notification extends EventEmitter {
  static readonly shown: Notification[] = [];
  static isSupported(): boolean {
    return true;
  }
  readonly title: string;
  readonly body: string;
  constructor(options: { title: string; body: string }) {
    super();
    this.title = options.title;
    this.body = options.body;
  }
  show(): void {
    Notification.shown.push(this);
  }
}

type InvokeHandler = (event: unknown, payload: unknown) => unknown;

class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, InvokeHandler>();
  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Test helper: invokes a channel as if a renderer frame had sent it. */
  invoke(channel: string, payload: unknown, event: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (handler === undefined) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return Promise.resolve(handler(event, payload));
  }
}
export const ipcMain = new FakeIpcMain();

export const shell = {
  opened: [] as string[],
  openedPaths: [] as string[],
  openExternal(url: string): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  },
  openPath(path: string): Promise<string> {
    this.openedPaths.push(path);
    return Promise.resolve('');
  },
};

export const dialog = {
  nextOpenResult: { canceled: true, filePaths: [] as string[] },
  showOpenDialog(_options: unknown): Promise<{ canceled: boolean; filePaths: string[] }> {
    return Promise.resolve(this.nextOpenResult);
  },
};

export const powerMonitor = new EventEmitter();

/** A scheme registration as passed to `protocol.registerSchemesAsPrivileged`. */
export interface FakeCustomScheme {
  readonly scheme: string;
  readonly privileges?: Record<string, boolean>;
}

type ProtocolHandler = (request: Request) => Response | Promise<Response>;

class FakeProtocol {
  readonly privileged: FakeCustomScheme[] = [];
  readonly handlers = new Map<string, ProtocolHandler>();
  registerSchemesAsPrivileged(schemes: readonly FakeCustomScheme[]): void {
    this.privileged.push(...schemes);
  }
  handle(scheme: string, handler: ProtocolHandler): void {
    if (this.handlers.has(scheme)) throw new Error(`The scheme '${scheme}' is already handled`);
    this.handlers.set(scheme, handler);
  }
  unhandle(scheme: string): void {
    this.handlers.delete(scheme);
  }
  isProtocolHandled(scheme: string): boolean {
    return this.handlers.has(scheme);
  }
  /** Test helper: what the page would get for `url` (through the registered handler). */
  async fetch(url: string, init?: RequestInit): Promise<Response> {
    const scheme = new URL(url).protocol.replace(/:$/, '');
    const handler = this.handlers.get(scheme);
    if (handler === undefined) throw new Error(`No handler for the scheme '${scheme}'`);
    return handler(new Request(url, init));
  }
}
export const protocol = new FakeProtocol();

type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
) => void;
type PermissionCheckHandler = (contents: unknown, permission: string) => boolean;

class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | undefined;
  permissionCheckHandler: PermissionCheckHandler | undefined;
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler ?? undefined;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler ?? undefined;
  }
  /** Test helper: what the session answers to a page asking for `permission`. */
  requestPermission(permission: string): Promise<boolean> {
    const handler = this.permissionRequestHandler;
    if (handler === undefined) return Promise.resolve(true);
    return new Promise((resolve) => {
      handler({}, permission, resolve);
    });
  }
}
export const session = { defaultSession: new FakeSession() };

/** No OS keychain behind Electron's safeStorage here: SyncBit uses keytar or its file store. */
export const safeStorage = {
  isEncryptionAvailable: (): boolean => false,
};

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.set(key, api);
  },
};

class FakeIpcRenderer extends EventEmitter {
  readonly invocations: { channel: string; payload: unknown }[] = [];
  invoke(channel: string, payload: unknown): Promise<unknown> {
    this.invocations.push({ channel, payload });
    return Promise.resolve({ ok: true, value: null });
  }
}
export const ipcRenderer = new FakeIpcRenderer();

export const app = new FakeApp();

/** Puts every fake back to its initial state (call in beforeEach). */
export function resetElectronFake(): void {
  for (const e of [app, ipcMain, powerMonitor, ipcRenderer] as EventEmitter[]) e.removeAllListeners();
  app.singleInstanceLock = true;
  app.quitCalls = 0;
  app.exitCodes = [];
  app.quitted = false;
  app.isPackaged = false;
  app.appPath = repoRoot;
  app.paths.clear();
  BrowserWindow.host = undefined;
  protocol.handlers.clear();
  session.defaultSession = new FakeSession();
  app.loginItem = { openAtLogin: false, wasOpenedAtLogin: false };
  app.loginItemCalls = [];
  ipcMain.handlers.clear();
  BrowserWindow.instances.length = 0;
  Tray.instances.length = 0;
  Notification.shown.length = 0;
  shell.opened.length = 0;
  shell.openedPaths.length = 0;
  dialog.nextOpenResult = { canceled: true, filePaths: [] };
  contextBridge.exposed.clear();
  ipcRenderer.invocations.length = 0;
}

/**
 * electron-store imports Electron's default export (`electron.app`, `electron.ipcMain`); real
 * Electron is a CommonJS module, so both forms exist there too.
 */
const electronDefault = {
  app,
  ipcMain,
  shell,
  dialog,
  powerMonitor,
  contextBridge,
  ipcRenderer,
  BrowserWindow,
  Tray,
  Menu,
  nativeImage,
  Notification,
  protocol,
  session,
  safeStorage,
};
// eslint-disable-next-line no-restricted-syntax -- mirrors Electron's CommonJS default export
export default electronDefault;
