/**
 * The tray icon and its menu. Setters are idempotent and funnel into one render (Signal's
 * pattern): status updates arrive often (every progress tick), but the OS menu is rebuilt only
 * when what it shows actually changed. The Tray itself comes from an injected factory so tests run
 * without Electron.
 */
import type { AppStatus, SyncPhase } from '../core/app/types.js';
import {
  buildTrayMenu,
  tooltip,
  trayViewOf,
  type TimeFormatter,
  type TrayAction,
  type TrayMenuItem,
  type TrayView,
} from './tray-menu.js';

/** What the controller needs from a tray (Electron's Tray satisfies it through a small adapter). */
export interface TrayLike {
  setImage(iconPath: string): void;
  setToolTip(text: string): void;
  setMenu(items: readonly TrayMenuItem[], onAction: (action: TrayAction) => void): void;
  destroy(): void;
}

export interface TrayControllerDeps {
  readonly createTray: (iconPath: string) => TrayLike;
  readonly iconFor: (phase: SyncPhase) => string;
  readonly onAction: (action: TrayAction) => void;
  readonly formatTime: TimeFormatter;
}

export class TrayController {
  private tray: TrayLike | undefined;
  private status: AppStatus | undefined;
  private startAtLogin = false;
  private lastMenuKey: string | undefined;
  private lastIcon: string | undefined;
  private lastTooltip: string | undefined;
  /** How many times the menu was actually rebuilt (observable for tests and diagnostics). */
  renders = 0;

  constructor(private readonly deps: TrayControllerDeps) {}

  /** Sets the status shown; a status that looks the same in the tray changes nothing. */
  setStatus(status: AppStatus): void {
    this.status = status;
    this.render();
  }

  setStartAtLogin(enabled: boolean): void {
    this.startAtLogin = enabled;
    this.render();
  }

  /** The current view (what the menu shows), for tests and the window's title bar. */
  view(): TrayView | undefined {
    return this.status === undefined ? undefined : trayViewOf(this.status, this.startAtLogin);
  }

  destroy(): void {
    this.tray?.destroy();
    this.tray = undefined;
  }

  private render(): void {
    const view = this.view();
    if (view === undefined) return;
    const icon = this.deps.iconFor(view.phase);
    if (this.tray === undefined) {
      this.tray = this.deps.createTray(icon);
      this.lastIcon = icon;
    }
    if (icon !== this.lastIcon) {
      this.tray.setImage(icon);
      this.lastIcon = icon;
    }
    const tip = tooltip(view, this.deps.formatTime);
    if (tip !== this.lastTooltip) {
      this.tray.setToolTip(tip);
      this.lastTooltip = tip;
    }
    const items = buildTrayMenu(view, this.deps.formatTime);
    const key = JSON.stringify(items);
    if (key === this.lastMenuKey) return;
    this.lastMenuKey = key;
    this.renders += 1;
    this.tray.setMenu(items, this.deps.onAction);
  }
}
