/**
 * Intraday charts read in the day's own time: a day lived in New York shows 00:00–24:00 at
 * UTC−05:00 and a day at home in London at UTC+00:00, in a browser whose own zone is Tokyo (the
 * viewing computer's zone must not matter). Real core with demo data (a week in New York), the
 * real renderer in Chromium.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp, type App } from '../../main/core/app/compose.js';
import { demoZones } from '../../main/core/demo/demo-zones.js';
import { silentLogger } from '../../main/core/log.js';
import { addDays } from '../../main/core/model/civil-day.js';
import { canvasInk, launchBrowser, waitForView, type BrowserSession } from '../harness/browser.js';
import { startRendererHarness, type RendererHarness } from '../harness/renderer-harness.js';

const DAYS = 30;
let dataDir: string;
let core: App;
let harness: RendererHarness;
let browser: BrowserSession;
let nyDay: string;
let londonDay: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'syncbit-daytime-'));
  core = await composeApp({
    dataDir,
    env: {},
    log: silentLogger,
    openUrl: () => Promise.resolve(),
    demoDays: DAYS,
    demoHeartRateSeconds: 300,
  });
  await core.loadDemoData();
  const status = await core.getStatus();
  const last = status.archive.lastDay ?? '';
  const start = addDays(last, -(DAYS - 1));
  const zones = demoZones(start, DAYS);
  // The middle of the New York week, and a day well before it.
  nyDay = addDays((zones[1]?.from ?? '').slice(0, 10), 3);
  londonDay = addDays(start, 3);
  harness = await startRendererHarness({ services: core });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await harness.close();
  await browser.close();
  await core.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function showDay(page: Page, day: string): Promise<{ heart: string; sleep: string }> {
  await page.fill('input[type="date"][aria-label="Day shown"]', day);
  await page.dispatchEvent('input[type="date"][aria-label="Day shown"]', 'change');
  await page.waitForSelector(`canvas[data-chart="heart-rate"][aria-label^="Heart rate on ${day}"]`);
  await page.waitForSelector(`canvas[data-chart="hypnogram"][aria-label*="ending ${day}"]`);
  expect(await canvasInk(page, 'canvas[data-chart="heart-rate"]')).toBeGreaterThan(500);
  return {
    heart: (await page.getAttribute('canvas[data-chart="heart-rate"]', 'aria-label')) ?? '',
    sleep: (await page.getAttribute('canvas[data-chart="hypnogram"]', 'aria-label')) ?? '',
  };
}

describe('times on the day charts', () => {
  it('label a day in the offset it was lived in, not the viewing computer’s zone', async () => {
    const context = await browser.context.browser()?.newContext({ timezoneId: 'Asia/Tokyo' });
    const page = await (context ?? browser.context).newPage();
    await page.goto(`${harness.url}#dashboard`);
    await waitForView(page, 'dashboard');
    const ny = await showDay(page, nyDay);
    expect(ny.heart).toContain('00:00–24:00 UTC−05:00');
    expect(ny.sleep).toContain('UTC−05:00');
    const london = await showDay(page, londonDay);
    expect(london.heart).toContain('00:00–24:00 UTC+00:00');
    await page.close();
    await context?.close();
  }, 60_000);
});
