/**
 * The one place BrowserWindow options and web-contents hardening are decided, so every window gets
 * the same sandbox (VS Code's pattern): context isolation, sandbox, no Node in the renderer, no
 * <webview>, no window.open, no navigation away from our own app:// page, no permissions, and
 * DevTools only in development builds.
 */
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload (dist/preload/index.cjs). */
  readonly preloadPath: string;
  /** Start hidden (launched at login, or shown only when ready to avoid a white flash). */
  readonly show?: boolean;
  readonly backgroundColor?: string;
  /** DevTools are available only when the app is not packaged (`!app.isPackaged`). */
  readonly devTools?: boolean;
}

/** Options for the main window. A unit test asserts every security-relevant field. */
export function createWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 1180,
    height: 800,
    minWidth: 880,
    minHeight: 600,
    show: input.show ?? false,
    title: 'SyncBit',
    backgroundColor: input.backgroundColor ?? '#f6f7fb',
    autoHideMenuBar: true,
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: input.devTools ?? false,
    },
  };
}

/** The subset of WebContents the hardening needs (the test fake implements exactly this). */
export type HardenableContents = Pick<WebContents, 'setWindowOpenHandler' | 'on'>;

/**
 * Denies window.open, navigation to anything but our own page, and <webview> attachment. Links the
 * renderer wants opened go through the contract's `app:open-guide` (a fixed list of URLs).
 */
export function hardenWebContents(contents: HardenableContents, isOwnUrl: (url: string) => boolean): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

/**
 * True when `url` is the renderer page itself (query and hash ignored): same scheme (our app://
 * scheme, or file:// in older layouts), same host and same path.
 */
export function isSameFileUrl(url: string, rendererUrl: string): boolean {
  try {
    const a = new URL(url);
    const b = new URL(rendererUrl);
    const ownScheme = b.protocol === 'file:' || b.protocol === 'app:';
    return ownScheme && a.protocol === b.protocol && a.pathname === b.pathname && a.host === b.host;
  } catch {
    return false;
  }
}

/** The subset of Session the permission policy needs. */
export type PermissionSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

/**
 * SyncBit's page needs no permission (camera, notifications from the page, geolocation, …):
 * every request and every check is denied.
 */
export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}

/** What the `web-contents-created` guard listens on (Electron's `app`). */
export interface WebContentsSource {
  on(
    event: 'web-contents-created',
    listener: (event: unknown, contents: HardenableContents) => void,
  ): unknown;
}

/**
 * Hardens every web contents Electron creates (not only our window's): whatever a page manages to
 * open is held to the same rules (no window.open, no navigation away, no <webview>).
 */
export function guardAllWebContents(app: WebContentsSource, isOwnUrl: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, isOwnUrl);
  });
}
