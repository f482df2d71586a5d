/**
 * The renderer over the real composition (composeApp from main/core/app/compose.ts,
 * the same object main/index.ts hands to the shell), through the same IPC handlers: every view
 * renders, charts are drawn, no CSP violation or console error.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp, type App } from '../../main/core/app/compose.js';
import { silentLogger } from '../../main/core/log.js';
import { canvasInk, launchBrowser, waitForView, type BrowserSession } from '../harness/browser.js';
import { sampleDataDir } from '../harness/fixtures.js';
import { startRendererHarness, type RendererHarness } from '../harness/renderer-harness.js';

let dataDir: string;
let core: App;
let harness: RendererHarness;
let browser: BrowserSession;

beforeAll(async () => {
  ({ dataDir } = await sampleDataDir({ days: 200, sleepNights: 20, secondHeartRateDays: 1 }));
  core = await composeApp({ dataDir, env: {}, log: silentLogger, openUrl: () => Promise.resolve() });
  harness = await startRendererHarness({ services: core });
  browser = await launchBrowser();
});

afterAll(async () => {
  await harness.close();
  await browser.close();
  await core.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('renderer over the real core', () => {
  for (const view of ['dashboard', 'coverage', 'sync', 'settings'] as const) {
    it(`${view} renders without CSP violations or console errors`, async () => {
      const { page, problems } = await browser.newPage();
      await page.goto(`${harness.url}#${view}`);
      await waitForView(page, view);
      if (view === 'dashboard') {
        for (const chart of ['steps', 'heart-rate', 'hypnogram', 'trend-RestingHR.value']) {
          expect(await canvasInk(page, `canvas[data-chart="${chart}"]`), chart).toBeGreaterThan(500);
        }
      }
      if (view === 'coverage') expect(await page.locator('.cell[data-status="failed"]').count()).toBe(2);
      if (view === 'settings') expect(await page.inputValue('#set-syncIntervalMinutes')).toBe('15');
      expect(problems).toEqual({ consoleErrors: [], pageErrors: [], cspViolations: [] });
      await page.close();
    });
  }
});
