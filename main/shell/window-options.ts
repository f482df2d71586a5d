/**
 * The one place BrowserWindow options and web-contents hardening are decided, so every window gets
 * the same sandbox (VS Code's pattern): context isolation, sandbox, no Node in the renderer, no
 * <webview>, no window.open, no navigation away from our own file:// page.
 */
import type { BrowserWindowConstructorOptions, WebContents } from 'electron';

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload (dist/preload/index.cjs). */
  readonly preloadPath: string;
  /** Start hidden (launched at login, or shown only when ready to avoid a white flash). */
  readonly show?: boolean;
  readonly backgroundColor?: string;
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
      devTools: true,
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

/** True when `url` is the renderer page itself (query and hash ignored). */
export function isSameFileUrl(url: string, rendererUrl: string): boolean {
  try {
    const a = new URL(url);
    const b = new URL(rendererUrl);
    return a.protocol === 'file:' && b.protocol === 'file:' && a.pathname === b.pathname && a.host === b.host;
  } catch {
    return false;
  }
}
