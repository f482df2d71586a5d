/**
 * Headless Debian Chromium through playwright-core, with the page instrumented for what the
 * renderer tests assert: console errors, page errors and CSP violations are collected, and charts
 * can be checked for ink (non-transparent canvas pixels).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface Problems {
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  readonly cspViolations: string[];
}

export interface BrowserSession {
  readonly context: BrowserContext;
  newPage(options?: { colorScheme?: 'light' | 'dark' }): Promise<{ page: Page; problems: Problems }>;
  close(): Promise<void>;
}

/** Launches Chromium with a fresh user-data-dir. */
export async function launchBrowser(
  options: { width?: number; height?: number } = {},
): Promise<BrowserSession> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'syncbit-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
    deviceScaleFactor: 1,
  });
  return {
    context,
    newPage: async (o = {}) => {
      const page = await context.newPage();
      await page.emulateMedia({ colorScheme: o.colorScheme ?? 'light', reducedMotion: 'reduce' });
      const problems: Problems = { consoleErrors: [], pageErrors: [], cspViolations: [] };
      page.on('console', (m) => {
        if (m.type() === 'error') problems.consoleErrors.push(m.text());
      });
      page.on('pageerror', (e) => problems.pageErrors.push(e.message));
      await page.exposeFunction('__reportCsp', (v: string) => {
        problems.cspViolations.push(v);
      });
      await page.addInitScript(() => {
        const g = globalThis as unknown as {
          document: {
            addEventListener(
              type: string,
              fn: (e: { violatedDirective: string; blockedURI: string }) => void,
            ): void;
          };
          __reportCsp: (v: string) => void;
        };
        g.document.addEventListener('securitypolicyviolation', (e) => {
          g.__reportCsp(`${e.violatedDirective} ${e.blockedURI}`);
        });
      });
      return { page, problems };
    },
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until the current view has marked itself ready. */
export async function waitForView(page: Page, view: string): Promise<void> {
  await page.waitForSelector(`[data-view-root="${view}"][data-ready="true"]`, { timeout: 20_000 });
}

/** Number of canvas pixels with any ink (alpha > 0): 0 means the chart is blank. */
export async function canvasInk(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (el) => {
    interface Canvas {
      width: number;
      height: number;
      getContext(
        kind: '2d',
      ): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
    }
    const canvas = el as unknown as Canvas;
    const ctx = canvas.getContext('2d');
    if (ctx === null || canvas.width === 0 || canvas.height === 0) return 0;
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0;
    for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) ink++;
    return ink;
  });
}
