/**
 * The first-run wizard end to end in headless Chromium: every step, the real Takeout importer on a
 * generated export, settings written to the real settings file, the secret to the (harness)
 * keychain, start at login, and the first backfill's visible progress. Also the demo-data path.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, waitForView, type BrowserSession } from '../harness/browser.js';
import { smallTakeout } from '../harness/fixtures.js';
import { HarnessServices } from '../harness/harness-services.js';
import { startRendererHarness } from '../harness/renderer-harness.js';
import { WIZARD_STEPS, driveWizard, type WizardStep } from '../harness/wizard-driver.js';

let browser: BrowserSession;
let takeout: { dir: string; inputs: string[] };
const dirs: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  takeout = await smallTakeout();
});
afterAll(async () => {
  await browser.close();
  await rm(takeout.dir, { recursive: true, force: true });
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function freshHarness() {
  const dataDir = await mkdtemp(join(tmpdir(), 'syncbit-wizard-'));
  dirs.push(dataDir);
  const services = await HarnessServices.open({ dataDir, tickMs: 40 });
  const harness = await startRendererHarness({ services, takeoutPaths: takeout.inputs });
  return { dataDir, services, harness };
}

describe('first-run wizard', () => {
  it('walks from welcome to a running first backfill', async () => {
    const { dataDir, services, harness } = await freshHarness();
    const { page, problems } = await browser.newPage();
    await page.goto(harness.url);
    const seen: WizardStep[] = [];
    await driveWizard(
      page,
      {
        clientId: '1234567890-abc.apps.googleusercontent.com',
        clientSecret: 'GOCSPX-wizard-secret',
        victoriaEndpoint: harness.origin,
      },
      async (step) => {
        seen.push(step);
        const text = (await page.textContent('.wizard-card')) ?? '';
        switch (step) {
          case 'welcome':
            expect(text).toContain('Explore with demo data');
            break;
          case 'google-client':
            expect(text).toContain('Desktop app');
            expect(text).toContain('7 days');
            await page.click('[data-guide="credentials"]');
            break;
          case 'signed-in':
            expect(await page.textContent('[data-testid="signed-in-as"]')).toContain('Alex Example');
            break;
          case 'takeout':
            expect(await page.getAttribute('[role="progressbar"]', 'aria-valuenow')).toBe('100');
            expect((await services.listDays()).length).toBeGreaterThanOrEqual(10);
            break;
          case 'destinations':
            expect(await page.textContent('[data-test-result="victoria"]')).toContain('Connected');
            break;
          case 'done':
            expect(await page.textContent('[data-testid="backfill-progress"]')).toMatch(
              /Backfill finished: [\d,]+ type-days/,
            );
            break;
          default:
            break;
        }
      },
    );
    expect(seen).toEqual([...WIZARD_STEPS]);
    expect(harness.shell.openedGuides).toEqual(['credentials']);
    expect(services.secretValue('googleClientSecret')).toBe('GOCSPX-wizard-secret');
    const config = JSON.parse(await readFile(join(dataDir, 'config.json'), 'utf8')) as Record<
      string,
      Record<string, unknown>
    >;
    expect(config.google?.clientId).toBe('1234567890-abc.apps.googleusercontent.com');
    expect(config.victoria).toMatchObject({ enabled: true, endpoint: harness.origin });
    expect(JSON.stringify(config)).not.toContain('GOCSPX');
    expect(harness.shell.startAtLogin).toBe(true);
    expect(services.calls.some((c) => c.method === 'syncNow')).toBe(true);
    await page.click('[data-action="next"]');
    await waitForView(page, 'dashboard');
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [], cspViolations: [] });
    await page.close();
    await harness.close();
  });

  it('rejects a malformed client ID inline and reports a refused authorization', async () => {
    const { harness } = await freshHarness();
    const { page, problems } = await browser.newPage();
    await page.goto(harness.url);
    await page.click('[data-action="next"]');
    await page.fill('#client-id', 'short');
    await page.click('[data-action="next"]');
    expect(await page.getAttribute('#client-id', 'aria-invalid')).toBe('true');
    await page.fill('#client-id', 'deny-1234567890.apps.googleusercontent.com');
    await page.click('[data-action="next"]');
    await page.click('[data-action="authorize"]');
    await page.waitForSelector('text=Authorization did not finish');
    expect(await page.textContent('.notice.bad')).toContain('access was denied');
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [], cspViolations: [] });
    await page.close();
    await harness.close();
  });

  it('“Explore with demo data” fills the archive and opens the dashboard', async () => {
    const { services, harness } = await freshHarness();
    const { page, problems } = await browser.newPage();
    await page.goto(harness.url);
    await page.waitForSelector('[data-view-root="wizard"][data-step="welcome"]');
    await page.click('[data-action="demo"]');
    await waitForView(page, 'dashboard');
    expect((await services.listDays()).length).toBeGreaterThan(300);
    expect(await page.locator('canvas[data-chart="steps"]').count()).toBe(1);
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [], cspViolations: [] });
    await page.close();
    await harness.close();
  });
});
