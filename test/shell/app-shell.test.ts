import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/core/log.js';
import { systemClock } from '../../main/core/ports.js';
import { startShell, type ShellDeps, type ShellHandle } from '../../main/shell/app-shell.js';
import {
  BrowserWindow,
  Notification,
  Tray,
  FakeWebContents,
  app,
  ipcMain,
  powerMonitor,
  protocol,
  resetElectronFake,
  session,
} from '../fakes/electron.js';
import { FakeServices, baseStatus } from './fake-services.js';

let home: string;
let handle: ShellHandle | undefined;
const scheduler = {
  calls: [] as string[],
  suspend() {
    this.calls.push('suspend');
  },
  resumeFromSuspend() {
    this.calls.push('resume');
  },
};

function deps(services: FakeServices, argv: string[] = ['/opt/SyncBit/syncbit']): ShellDeps {
  return {
    services,
    scheduler,
    log: silentLogger,
    clock: systemClock,
    paths: {
      preload: '/app/dist/preload/index.cjs',
      rendererHtml: '/app/dist/renderer/index.html',
      assetsDir: '/app/assets',
      dataDir: '/data',
    },
    argv,
    platform: 'linux',
    env: { XDG_CONFIG_HOME: join(home, 'cfg') },
    homeDir: home,
    execPath: '/opt/SyncBit/syncbit',
    version: '0.1.0',
  };
}

beforeEach(async () => {
  resetElectronFake();
  scheduler.calls = [];
  home = await mkdtemp(join(tmpdir(), 'syncbit-shell-'));
});
afterEach(async () => {
  handle?.dispose();
  handle = undefined;
  await rm(home, { recursive: true, force: true });
});

describe('the Electron shell', () => {
  it('quits when another instance holds the lock', async () => {
    app.singleInstanceLock = false;
    expect(await startShell(deps(new FakeServices()))).toBeUndefined();
    expect(app.quitCalls).toBe(1);
    expect(BrowserWindow.instances).toHaveLength(0);
  });

  it('denies every permission request and check, and serves the window from app://', async () => {
    handle = await startShell(deps(new FakeServices()));
    expect(await session.defaultSession.requestPermission('media')).toBe(false);
    expect(await session.defaultSession.requestPermission('notifications')).toBe(false);
    expect(session.defaultSession.permissionCheckHandler?.({}, 'geolocation')).toBe(false);
    expect(protocol.isProtocolHandled('app')).toBe(true);
    handle?.dispose();
    handle = undefined;
    expect(protocol.isProtocolHandled('app')).toBe(false);
  });

  it('hardens any web contents Electron creates, not only the window', async () => {
    handle = await startShell(deps(new FakeServices()));
    const other = new FakeWebContents();
    app.emit('web-contents-created', {}, other);
    expect(other.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(other.tryNavigate('https://evil.example/')).toBe(false);
    expect(other.tryNavigate('app://syncbit/index.html#sync')).toBe(true);
  });

  it('offers DevTools only when not packaged', async () => {
    app.isPackaged = true;
    handle = await startShell(deps(new FakeServices()));
    expect(BrowserWindow.instances[0]?.options).toMatchObject({ webPreferences: { devTools: false } });
  });

  it('opens one sandboxed window, and a second launch focuses it instead of opening another', async () => {
    handle = await startShell(deps(new FakeServices()));
    expect(BrowserWindow.instances).toHaveLength(1);
    const win = BrowserWindow.instances[0]!;
    expect(win.options).toMatchObject({
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false },
    });
    expect(win.loaded?.url).toBe('app://syncbit/index.html');
    expect(win.options).toMatchObject({ webPreferences: { devTools: true } });
    win.hide();
    app.emit('second-instance');
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(win.visible).toBe(true);
    expect(win.focused).toBe(true);
  });

  it('closing the window hides it and keeps running; Quit in the tray quits', async () => {
    const services = new FakeServices();
    handle = await startShell(deps(services));
    const win = BrowserWindow.instances[0]!;
    win.show();
    win.close();
    expect(win.destroyed).toBe(false);
    expect(win.visible).toBe(false);
    expect(app.quitCalls).toBe(0);
    expect(app.listenerCount('window-all-closed')).toBeGreaterThan(0);
    await handle!.runTrayAction('quit');
    expect(app.quitCalls).toBe(1);
    win.close();
    expect(win.destroyed).toBe(true);
  });

  it('launched at login (--hidden) starts in the tray without a window', async () => {
    handle = await startShell(deps(new FakeServices(), ['/opt/SyncBit/syncbit', '--hidden']));
    expect(BrowserWindow.instances).toHaveLength(0);
    expect(Tray.instances).toHaveLength(1);
    await handle!.runTrayAction('open');
    expect(BrowserWindow.instances).toHaveLength(1);
  });

  it('the tray icon and menu follow the status, and menu items reach the core', async () => {
    const services = new FakeServices();
    handle = await startShell(deps(services, ['/x', '--hidden']));
    const tray = Tray.instances[0]!;
    expect(tray.image.path).toBe('/app/assets/tray-idle.png');
    services.setStatus(baseStatus({ phase: 'paused', pausedUntil: 'indefinitely' }));
    expect(tray.image.path).toBe('/app/assets/tray-paused.png');
    const resume = tray.menu?.template.find((i) => i.id === 'resume') as { click: () => void };
    resume.click();
    const pause30 =
      (tray.menu?.template.find((i) => i.label === 'Pause syncing') as undefined | { submenu: unknown }) ??
      undefined;
    expect(pause30).toBeUndefined();
    await handle!.runTrayAction('pause-30m');
    await handle!.runTrayAction('sync-now');
    expect(services.calls.filter((c) => c.method !== 'getStatus').map((c) => c.method)).toEqual([
      'resume',
      'pause',
      'syncNow',
    ]);
  });

  it('Start at login from the tray writes the autostart file and the setting', async () => {
    const services = new FakeServices();
    handle = await startShell(deps(services, ['/x', '--hidden']));
    await handle!.runTrayAction('toggle-start-at-login');
    const tray = Tray.instances[0]!;
    expect(tray.menu?.template.find((i) => i.id === 'toggle-start-at-login')).toMatchObject({
      checked: true,
    });
    expect(services.calls.find((c) => c.method === 'updateSettings')?.args).toEqual([{ startAtLogin: true }]);
  });

  it('pauses the scheduler on suspend and catches up on resume', async () => {
    handle = await startShell(deps(new FakeServices(), ['/x', '--hidden']));
    powerMonitor.emit('suspend');
    powerMonitor.emit('resume');
    expect(scheduler.calls).toEqual(['suspend', 'resume']);
  });

  it('an authorization notification opens the window on click; status reaches the renderer', async () => {
    const services = new FakeServices();
    handle = await startShell(deps(services));
    services.setStatus(baseStatus({ phase: 'attention', errorCode: 'auth-required', message: 'expired' }));
    handle!.notifications.flush();
    expect(Notification.shown.map((n) => n.title)).toEqual(['Google authorization needs renewing']);
    const win = BrowserWindow.instances[0]!;
    win.hide();
    Notification.shown[0]!.emit('click');
    expect(win.visible).toBe(true);
    expect(win.webContents.sent.map((s) => s.channel)).toEqual(
      expect.arrayContaining(['sync:status-changed', 'app:navigate-requested']),
    );
    expect(ipcMain.handlers.size).toBeGreaterThan(20);
  });
});
