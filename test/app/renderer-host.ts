/**
 * Gives the electron double's BrowserWindow a real renderer: `loadURL('app://syncbit/…')` opens a
 * Chromium page whose every request is answered by the handler the shell registered with
 * `protocol.handle('app', …)` (Playwright request routing; nothing reaches the network), the
 * REAL preload (preload/index.ts, bundled as `npm run build:preload` does, with `electron` bound
 * to test/app/preload-electron.ts) runs before the page's scripts, its invokes reach the real
 * ipcMain handlers with the page's own frame as the sender, and `webContents.send` reaches it.
 * Chromium cannot load a custom scheme through Playwright, so app://<host>/<path> is shown as
 * http://<host>.app.localhost/<path> and translated back for the handler and the sender check.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import { BrowserWindow, ipcMain, protocol, type RendererHost } from '../fakes/electron.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const HTTP_SUFFIX = '.app.localhost';

/** app://syncbit/index.html#x → http://syncbit.app.localhost/index.html#x */
export function toPageUrl(appUrl: string): string {
  const u = new URL(appUrl);
  if (u.protocol !== 'app:') throw new Error(`the window loaded ${appUrl}, not an app:// page`);
  return `http://${u.host}${HTTP_SUFFIX}${u.pathname}${u.search}${u.hash}`;
}

/** The inverse of toPageUrl (undefined for any other URL). */
export function toAppUrl(pageUrl: string): string | undefined {
  const u = new URL(pageUrl);
  if (u.protocol !== 'http:' || !u.hostname.endsWith(HTTP_SUFFIX)) return undefined;
  return `app://${u.hostname.slice(0, -HTTP_SUFFIX.length)}${u.pathname}${u.search}${u.hash}`;
}

let preloadBundle: Promise<string> | undefined;

/** preload/index.ts bundled like build:preload, with `electron` bound to the page-side double. */
export function bundlePreload(): Promise<string> {
  preloadBundle ??= build({
    entryPoints: [`${root}preload/index.ts`],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
    alias: { electron: `${root}test/app/preload-electron.ts` },
  }).then((r) => r.outputFiles[0]?.text ?? '');
  return preloadBundle;
}

export interface RendererPages {
  /** The page of the most recent window. */
  current(): Page;
  /** Every app:// URL the protocol handler answered, with its status. */
  readonly served: { url: string; status: number }[];
  /** Pages' errors (uncaught exceptions, console errors). */
  readonly problems: string[];
}

/** Installs the host on the double; windows created afterwards load into `context`. */
export function hostRenderers(context: BrowserContext): RendererPages {
  let latest: Page | undefined;
  const served: { url: string; status: number }[] = [];
  const problems: string[] = [];
  const host: RendererHost = async (win, url) => {
    const page = await context.newPage();
    latest = page;
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    await page.route('**/*', async (route) => {
      const appUrl = toAppUrl(route.request().url());
      if (appUrl === undefined) {
        await route.abort('blockedbyclient');
        return;
      }
      const res = await protocol.fetch(appUrl, { method: route.request().method() });
      served.push({ url: appUrl, status: res.status });
      await route.fulfill({
        status: res.status,
        headers: Object.fromEntries(res.headers.entries()),
        body: Buffer.from(await res.arrayBuffer()),
      });
    });
    await page.exposeBinding('__syncbitIpcInvoke', async (source, channel: string, payload: unknown) => {
      const frame = source.frame;
      const event = {
        sender: { id: win.webContents.id },
        senderFrame: {
          url: toAppUrl(frame.url()) ?? frame.url(),
          parent: frame.parentFrame() === null ? null : {},
        },
      };
      return ipcMain.invoke(channel, payload, event);
    });
    await page.addInitScript({ content: await bundlePreload() });
    win.webContents.deliver = (channel, payload) => {
      page
        .evaluate(
          ([c, p]) => {
            (
              globalThis as unknown as { __syncbitIpcDeliver?: (c: string, p: unknown) => void }
            ).__syncbitIpcDeliver?.(c, p);
          },
          [channel, payload] as const,
        )
        .catch(() => undefined);
    };
    await page.goto(toPageUrl(url));
  };
  BrowserWindow.host = host;
  return {
    current: () => {
      if (latest === undefined) throw new Error('no window has been opened');
      return latest;
    },
    served,
    problems,
  };
}
