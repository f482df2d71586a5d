import { describe, expect, it } from 'vitest';
import { createWindowOptions, hardenWebContents, isSameFileUrl } from '../../main/shell/window-options.js';
import { FakeEvent, FakeWebContents } from '../fakes/electron.js';

const OWN = 'file:///opt/SyncBit/resources/app.asar/dist/renderer/index.html';

describe('window options', () => {
  it('sandboxes the renderer: context isolation, sandbox, no Node, no webview, our preload', () => {
    const o = createWindowOptions({ preloadPath: '/app/dist/preload/index.cjs' });
    expect(o.webPreferences).toMatchObject({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
    expect(o.show).toBe(false);
  });

  it('denies window.open, navigation away from our page and <webview>', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as never, (url) => isSameFileUrl(url, OWN));
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.tryNavigate('https://evil.example/')).toBe(false);
    expect(contents.tryNavigate('file:///etc/passwd')).toBe(false);
    expect(contents.tryNavigate(`${OWN}#settings`)).toBe(true);
    const webview = new FakeEvent();
    contents.emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
  });

  it('recognises only the renderer file itself', () => {
    expect(isSameFileUrl(`${OWN}?x=1#a`, OWN)).toBe(true);
    expect(isSameFileUrl('file:///opt/SyncBit/other.html', OWN)).toBe(false);
    expect(isSameFileUrl('http://127.0.0.1/dist/renderer/index.html', OWN)).toBe(false);
    expect(isSameFileUrl('not a url', OWN)).toBe(false);
  });
});
