/**
 * Start at login. macOS and Windows have `app.setLoginItemSettings`; on Linux Electron does nothing,
 * so SyncBit writes and removes an XDG autostart `.desktop` file itself. Either way the app is
 * started with `--hidden`, so a login launch goes straight to the tray and syncs.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { App } from 'electron';

export const HIDDEN_ARG = '--hidden';
export const DESKTOP_FILE_NAME = 'syncbit.desktop';

export type LoginItemApp = Pick<App, 'setLoginItemSettings' | 'getLoginItemSettings'>;

export interface AutostartOptions {
  readonly platform: NodeJS.Platform;
  readonly app: LoginItemApp;
  /** The executable a login should start (on Linux the AppImage path when running from one). */
  readonly execPath: string;
  readonly env: NodeJS.ProcessEnv;
  readonly homeDir: string;
}

/** `$XDG_CONFIG_HOME/autostart` (default `~/.config/autostart`). */
export function xdgAutostartDir(env: NodeJS.ProcessEnv, homeDir: string): string {
  const base =
    env.XDG_CONFIG_HOME !== undefined && env.XDG_CONFIG_HOME !== ''
      ? env.XDG_CONFIG_HOME
      : join(homeDir, '.config');
  return join(base, 'autostart');
}

/** Quotes one Exec argument per the Desktop Entry spec (reserved characters inside double quotes). */
export function quoteExecArg(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

/** The autostart entry SyncBit writes on Linux. */
export function desktopEntry(execPath: string, args: readonly string[] = [HIDDEN_ARG]): string {
  const exec = [execPath, ...args].map(quoteExecArg).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=SyncBit',
    'Comment=Keeps your Fitbit data in sync in the background',
    `Exec=${exec}`,
    'Icon=syncbit',
    'Terminal=false',
    'Categories=Utility;',
    'StartupNotify=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export class Autostart {
  constructor(private readonly options: AutostartOptions) {}

  private get desktopPath(): string {
    return join(xdgAutostartDir(this.options.env, this.options.homeDir), DESKTOP_FILE_NAME);
  }

  /** The path that a login launch runs: the AppImage when packaged as one, else the executable. */
  private get execPath(): string {
    const appImage = this.options.env.APPIMAGE;
    return this.options.platform === 'linux' && appImage !== undefined && appImage !== ''
      ? appImage
      : this.options.execPath;
  }

  async isEnabled(): Promise<boolean> {
    if (this.options.platform !== 'linux')
      return this.options.app.getLoginItemSettings({ args: [HIDDEN_ARG] }).openAtLogin;
    try {
      const text = await readFile(this.desktopPath, 'utf8');
      return !/^X-GNOME-Autostart-enabled=false$/m.test(text) && !/^Hidden=true$/m.test(text);
    } catch {
      return false;
    }
  }

  async setEnabled(enabled: boolean): Promise<void> {
    if (this.options.platform !== 'linux') {
      this.options.app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARG] });
      return;
    }
    if (enabled) {
      await mkdir(xdgAutostartDir(this.options.env, this.options.homeDir), { recursive: true });
      await writeFile(this.desktopPath, desktopEntry(this.execPath), { mode: 0o644 });
    } else {
      await rm(this.desktopPath, { force: true });
    }
  }
}

/** True when this launch came from a login item (start in the tray, no window). */
export function launchedHidden(
  argv: readonly string[],
  platform: NodeJS.Platform,
  app: Pick<App, 'getLoginItemSettings'>,
): boolean {
  if (argv.includes(HIDDEN_ARG)) return true;
  return platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
}
