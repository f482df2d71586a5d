import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Autostart, desktopEntry, launchedHidden, quoteExecArg } from '../../main/shell/autostart.js';
import type { LoginItemApp } from '../../main/shell/autostart.js';
import { app as fakeApp, resetElectronFake } from '../fakes/electron.js';

/** The fake implements the two login-item calls the autostart module uses. */
const app = fakeApp as unknown as LoginItemApp & typeof fakeApp;

let dir: string;
beforeEach(async () => {
  resetElectronFake();
  dir = await mkdtemp(join(tmpdir(), 'syncbit-autostart-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('autostart on Linux (XDG .desktop file)', () => {
  it('writes an autostart entry that starts SyncBit hidden, and removes it again', async () => {
    const a = new Autostart({
      platform: 'linux',
      app,
      execPath: '/opt/SyncBit/syncbit',
      env: { XDG_CONFIG_HOME: join(dir, 'cfg') },
      homeDir: dir,
    });
    expect(await a.isEnabled()).toBe(false);
    await a.setEnabled(true);
    const file = join(dir, 'cfg', 'autostart', 'syncbit.desktop');
    const text = await readFile(file, 'utf8');
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        '[Desktop Entry]',
        'Type=Application',
        'Name=SyncBit',
        'Exec=/opt/SyncBit/syncbit --hidden',
        'X-GNOME-Autostart-enabled=true',
      ]),
    );
    expect(await a.isEnabled()).toBe(true);
    await a.setEnabled(false);
    await expect(stat(file)).rejects.toThrow();
    expect(await a.isEnabled()).toBe(false);
    expect(app.loginItemCalls).toEqual([]);
  });

  it('defaults to ~/.config/autostart and launches the AppImage when running from one', async () => {
    const a = new Autostart({
      platform: 'linux',
      app,
      execPath: '/tmp/.mount_x/syncbit',
      env: { APPIMAGE: '/home/me/Apps/SyncBit 0.1.AppImage' },
      homeDir: dir,
    });
    await a.setEnabled(true);
    const text = await readFile(join(dir, '.config', 'autostart', 'syncbit.desktop'), 'utf8');
    expect(text).toContain('Exec="/home/me/Apps/SyncBit 0.1.AppImage" --hidden');
  });

  it('quotes Exec arguments per the Desktop Entry spec', () => {
    expect(quoteExecArg('/usr/bin/syncbit')).toBe('/usr/bin/syncbit');
    expect(quoteExecArg('/a b/$x"y')).toBe('"/a b/\\$x\\"y"');
    expect(desktopEntry('/x', ['--hidden'])).toContain('Exec=/x --hidden\n');
  });
});

describe('autostart on macOS and Windows (login items)', () => {
  for (const platform of ['darwin', 'win32'] as const) {
    it(`${platform}: uses app.setLoginItemSettings with --hidden`, async () => {
      const a = new Autostart({ platform, app, execPath: 'C:/SyncBit/SyncBit.exe', env: {}, homeDir: dir });
      await a.setEnabled(true);
      expect(app.loginItemCalls).toEqual([{ openAtLogin: true, args: ['--hidden'] }]);
      expect(await a.isEnabled()).toBe(true);
      await a.setEnabled(false);
      expect(await a.isEnabled()).toBe(false);
    });
  }
});

describe('launched at login', () => {
  it('starts hidden with --hidden, or when macOS says it was opened at login', () => {
    expect(launchedHidden(['/x', '--hidden'], 'linux', app)).toBe(true);
    expect(launchedHidden(['/x'], 'linux', app)).toBe(false);
    app.loginItem = { openAtLogin: true, wasOpenedAtLogin: true };
    expect(launchedHidden(['/x'], 'darwin', app)).toBe(true);
  });
});
