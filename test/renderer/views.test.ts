/**
 * Every view rendered in headless Chromium over the real tray-app composition (composeApp on a data
 * folder of generated history, signed in to the Google Health simulator): charts are drawn (canvas
 * pixels), actions reach the core and do what they say, no CSP violation and no console error.
 */
import { rm } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  canvasInk,
  launchBrowser,
  waitForView,
  type BrowserSession,
  type Problems,
} from '../harness/browser.js';
import { sampleDataDir } from '../harness/fixtures.js';
import { openRealApp, type RealApp } from '../harness/real-app.js';
import { startHealthSimulator } from '../harness/google-health-sim/index.js';
import type { Simulator } from '../helpers/sim-env.js';
import { startRendererHarness, type RendererHarness } from '../harness/renderer-harness.js';

let dataDir: string;
/** The newest day of the generated history (it has 1-second heart rate and a night of sleep). */
let sampleDay: string;
let services: RealApp['app'];
let sim: Simulator;
let harness: RendererHarness;
let browser: BrowserSession;
let current: { page: Page; problems: Problems } | undefined;

beforeAll(async () => {
  const made = await sampleDataDir({ days: 420, sleepNights: 60, secondHeartRateDays: 1 });
  ({ dataDir } = made);
  sampleDay = made.sample.lastDay;
  sim = await startHealthSimulator({ historyDays: 30, heartRateCadenceSeconds: 60 });
  ({ app: services } = await openRealApp({ dataDir, sim, signIn: true }));
  harness = await startRendererHarness({ services });
  browser = await launchBrowser();
});

afterAll(async () => {
  await harness.close();
  await browser.close();
  await services.close();
  await sim.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function open(view: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  current = await browser.newPage({ colorScheme });
  await current.page.goto(`${harness.url}#${view}`);
  await waitForView(current.page, view);
  return current.page;
}

afterEach(async () => {
  if (current === undefined) return;
  expect(current.problems.cspViolations).toEqual([]);
  expect(current.problems.consoleErrors).toEqual([]);
  expect(current.problems.pageErrors).toEqual([]);
  await current.page.close();
  current = undefined;
});

describe('dashboard', () => {
  it('shows today’s tiles from the archive', async () => {
    const page = await open('dashboard');
    const steps = await page.textContent('[data-tile="Activity-steps.value"] .tile-value');
    const latest = (await services.getDailySeries('Activity-steps.value')).at(-1)!;
    expect(steps?.replace(/\D/g, '')).toBe(String(latest.value));
    for (const key of ['RestingHR.value', 'SleepSummary.minutesAsleep', 'HRV.dailyRmssd', 'SPO2_Daily.avg']) {
      expect(await page.textContent(`[data-tile="${key}"] .tile-value`)).not.toBe('—');
    }
  });

  it('draws steps, a full day of heart rate, the hypnogram and every trend', async () => {
    const page = await open('dashboard');
    await page.fill('input[type="date"][aria-label="Day shown"]', sampleDay);
    await page.waitForSelector(`canvas[data-chart="hypnogram"][aria-label*="${sampleDay}"]`);
    for (const chart of [
      'steps',
      'heart-rate',
      'hypnogram',
      'trend-RestingHR.value',
      'trend-HRV.dailyRmssd',
      'trend-SPO2_Daily.avg',
      'trend-Weight.weight_kg',
      'trend-VO2Max.value',
    ]) {
      expect(await canvasInk(page, `canvas[data-chart="${chart}"]`), chart).toBeGreaterThan(500);
    }
    // A day of 1-second heart rate: the statistics count every sample the archive holds.
    const archived = (await services.getDayRecords(sampleDay, ['HeartRate_Intraday'])).length;
    const samples = await page.textContent('[aria-label="Heart rate"] .stats');
    expect(archived).toBeGreaterThan(80_000);
    expect(Number(samples?.match(/Samples ([\d,]+)/)?.[1]?.replace(/,/g, ''))).toBe(archived);
  });

  it('switches the steps range to all days and the day shown', async () => {
    const page = await open('dashboard');
    await page.click('[data-range="all"]');
    await page.waitForSelector('canvas[data-chart="steps"][aria-label*="days"]');
    expect(await page.getAttribute('canvas[data-chart="steps"]', 'aria-label')).toMatch(
      /Steps per day, 4\d\d days/,
    );
    expect(await canvasInk(page, 'canvas[data-chart="steps"]')).toBeGreaterThan(500);
    await page.click('[aria-label="Previous day"]');
    await page.waitForSelector('canvas[data-chart="heart-rate"]');
    expect(await canvasInk(page, 'canvas[data-chart="heart-rate"]')).toBeGreaterThan(500);
  });

  it('renders in the dark theme too, and the toggle switches themes', async () => {
    const page = await open('dashboard', 'dark');
    const bg = await page.evaluate(() => {
      const g = globalThis as unknown as {
        getComputedStyle(e: unknown): { backgroundColor: string };
        document: { body: unknown };
      };
      return g.getComputedStyle(g.document.body).backgroundColor;
    });
    expect(bg).toBe('rgb(15, 20, 32)');
    await page.click('[data-testid="theme-toggle"]');
    await waitForView(page, 'dashboard');
    expect(await page.getAttribute('html', 'data-theme')).toBe('light');
  });
});

describe('coverage', () => {
  it('shows present, failed and missing days and re-fetches the selected ones', async () => {
    const page = await open('coverage');
    expect(await page.locator('.cell[data-status="failed"]').count()).toBe(2);
    expect(await page.locator('.cell[data-status="final"]').count()).toBeGreaterThan(500);
    const heads = page.locator('button.day-head');
    await heads.nth(80).click();
    await heads.nth(82).click({ modifiers: ['Shift'] });
    const before = sim.counters.api;
    await page.click('text=Re-fetch selected days');
    await page.waitForSelector('text=/Queued 3 day/');
    // The core asks Google for those days again.
    await expect.poll(() => sim.counters.api, { timeout: 40_000 }).toBeGreaterThan(before);
  }, 60_000);
});

describe('sync view', () => {
  it('shows progress per type during a sync, and keeps days in the outbox while a destination is down', async () => {
    // Victoria Metrics switched on at an address where nothing listens.
    await services.updateSettings({
      victoria: { enabled: true, endpoint: 'http://127.0.0.1:9/api/v1/import/prometheus' },
    });
    const page = await open('sync');
    await page.click('button:has-text("Sync now")');
    await page.waitForSelector('[data-testid="type-progress"]');
    await page.waitForSelector('[data-testid="phase"]:has-text("Up to date")');
    expect(await page.textContent('[data-testid="type-progress"]')).toContain('Heart rate');
    expect(await page.textContent('[data-destination="victoria"]')).toContain('Waiting in outbox');
    await page.click('[data-export="victoria"]');
    await page.waitForSelector(
      '[data-destination="victoria"] .result-bad, [data-destination="victoria"] .result-ok',
    );
    expect(await page.textContent('[data-destination="victoria"] .result-bad')).toMatch(/reach|refused/i);
    const victoria = (await services.getStatus()).destinations.find((d) => d.name === 'victoria');
    expect(victoria?.pending).toBeGreaterThan(0);
    expect(await page.textContent('[data-testid="log"]')).toContain('sync finished');
    await services.updateSettings({ victoria: { enabled: false, endpoint: undefined } });
  }, 60_000);
});

describe('settings', () => {
  it('validates inline, shows the core’s verdict at the right field, and saves good values', async () => {
    const page = await open('settings');
    await page.fill('#set-syncIntervalMinutes', '2');
    expect(await page.textContent('#set-syncIntervalMinutes-error')).toBe(
      'Sync every (minutes) must be at least 5.',
    );
    await page.fill('#set-syncIntervalMinutes', '30');
    await page.press('#set-syncIntervalMinutes', 'Tab');
    await page.waitForSelector('[data-setting="syncIntervalMinutes"] .saved:has-text("Saved")');
    expect((await services.getSettings()).values.syncIntervalMinutes).toBe(30);
    await page.check('#set-victoria-enabled');
    await page.waitForSelector('#set-victoria-endpoint-error:has-text("required")');
    expect(await page.textContent('#set-victoria-endpoint-error')).toContain(
      'is required when Victoria Metrics export is on',
    );
  });

  it('takes secrets write-only and never shows them back', async () => {
    const page = await open('settings');
    await page.fill('#secret-victoriaPassword', 'hunter2-secret');
    await page.click('[data-secret="victoriaPassword"] button');
    await page.waitForSelector('[data-secret-state="victoriaPassword"]:has-text("Set")');
    expect((await services.getSettings()).secretsSet.victoriaPassword).toBe(true);
    // The badge may already say "Set" (an earlier test saved one): wait for this save to finish.
    await expect.poll(() => page.inputValue('#secret-victoriaPassword')).toBe('');
    await page.reload();
    await waitForView(page, 'settings');
    expect(await page.content()).not.toContain('hunter2-secret');
    expect(await page.textContent('[data-secret-state="victoriaPassword"]')).toBe('Set');
  });

  it('signs out after a confirming second click', async () => {
    const page = await open('settings');
    await page.click('[data-testid="sign-out"]');
    expect((await services.getStatus()).phase).not.toBe('signed-out');
    await page.click('[data-testid="sign-out"]');
    await page.waitForSelector('text=/Signed out\\./');
    expect((await services.getStatus()).phase).toBe('signed-out');
    await services.authorize(sim.oauth.clientId, sim.oauth.clientSecret);
  });

  it('is keyboard reachable: Tab moves through the navigation buttons', async () => {
    const page = await open('settings');
    await page.focus('[data-view="dashboard"]');
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(() =>
        (
          globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } } }
        ).document.activeElement.getAttribute('data-view'),
      ),
    ).toBe('coverage');
    await page.keyboard.press('Enter');
    await waitForView(page, 'coverage');
  });
});
