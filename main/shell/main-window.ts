/**
 * The one SyncBit window: created hidden on first show (hardened, own URL only), shown and focused
 * again afterwards, hidden instead of closed unless the app is quitting; and the channel that
 * sends events to its renderer.
 */
import { BrowserWindow, app } from 'electron';
import type { Logger } from '../core/ports.js';
import type { EventName, Events, ViewName } from '../../preload/contract.js';
import { createWindowOptions, hardenWebContents } from './window-options.js';

export interface MainWindow {
  /** Shows (creating) the window, optionally navigated to `view`. */
  readonly show: (view?: ViewName) => void;
  /** Sends an event to the renderer, if the window exists. */
  readonly send: <E extends EventName>(event: E, payload: Events[E]) => void;
  /** The renderer's webContents id, for the IPC sender check. */
  readonly webContentsId: () => number | undefined;
}

export interface MainWindowOptions {
  readonly preloadPath: string;
  readonly rendererUrl: string;
  readonly isOwnUrl: (url: string) => boolean;
  /** While quitting, closing the window really closes it. */
  readonly isQuitting: () => boolean;
  readonly log: Logger;
}

export function createMainWindow(opts: MainWindowOptions): MainWindow {
  let window: BrowserWindow | undefined;
  const alive = (): BrowserWindow | undefined =>
    window !== undefined && !window.isDestroyed() ? window : undefined;

  const send = <E extends EventName>(event: E, payload: Events[E]): void => {
    alive()?.webContents.send(event, payload);
  };

  const create = (view: ViewName | undefined): void => {
    const win = new BrowserWindow(
      createWindowOptions({ preloadPath: opts.preloadPath, show: false, devTools: !app.isPackaged }),
    );
    window = win;
    hardenWebContents(win.webContents, opts.isOwnUrl);
    win.once('ready-to-show', () => {
      win.show();
    });
    win.on('close', (event) => {
      if (opts.isQuitting()) return;
      event.preventDefault();
      win.hide();
    });
    win.on('closed', () => {
      if (window === win) window = undefined;
    });
    win
      .loadURL(view === undefined ? opts.rendererUrl : `${opts.rendererUrl}#${view}`)
      .catch((err: unknown) => {
        opts.log.error('the window could not load', {
          error: err instanceof Error ? err.message : String(err),
        });
      });
  };

  return {
    show: (view) => {
      const win = alive();
      if (win === undefined) {
        create(view);
        return;
      }
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
      if (view !== undefined) send('app:navigate-requested', { view });
    },
    send,
    webContentsId: () => window?.webContents.id,
  };
}
