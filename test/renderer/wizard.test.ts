/**
 * The first-run wizard in headless Chromium over the real tray-app composition (composeApp, the
 * Google Health simulator, a real Victoria Metrics): every step, the Takeout importer on a generated
 * export, settings written to the real settings file and the secret kept out of it, start at login,
 * and the first backfill's visible progress. Also a malformed client ID, a refused consent, and the
 * demo-data path. (The whole app booted from its entry runs the same wizard in test/app/.)
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, waitForView, type BrowserSession } from '../harness/browser.js';
import { smallTakeout } from '../harness/fixtures.js';
import { startHealthSimulator } from '../harness/google-health-sim/index.js';
import { openRealApp } from '../harness/real-app.js';
import { startRendererHarness } from '../harness/renderer-harness.js';
import { hasVictoria, startVictoria, type VictoriaServer } from '../harness/victoria-server.js';
import type { Simulator } from '../helpers/sim-env.js';
import { WIZARD_STEPS, driveWizard, wizardRun, type WizardStep } from '../harness/wizard-driver.js';

let browser: BrowserSession;
let takeout: { dir: string; inputs: string[] };
let sim: Simulator;
let vm: VictoriaServer | undefined;
const dirs: string[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  takeout = await smallTakeout();
  sim = await startHealthSimulator({ historyDays: 20, heartRateCadenceSeconds: 60 });
  if (hasVictoria) vm = await startVictoria();
});
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await browser.close();
  await sim.stop();
  await vm?.dispose();
  await rm(takeout.dir, { recursive: true, force: true });
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function freshHarness() {
  const dataDir = await mkdtemp(join(tmpdir(), 'syncbit-wizard-'));
  dirs.push(dataDir);
  sim.controls.setConsent({ mode: 'grant' });
  const { app: services } = await openRealApp({ dataDir, sim });
  const harness = await startRendererHarness({ services, takeoutPaths: takeout.inputs });
  closers.push(
    () => harness.close(),
    () => services.close(),
  );
  return { dataDir, services, harness };
}

describe('first-run wizard', () => {
  it.runIf(hasVictoria)('walks from welcome to a running first backfill', async () => {
    const { dataDir, services, harness } = await freshHarness();
    const { page, problems } = await browser.newPage();
    await page.goto(harness.url);
    const seen: WizardStep[] = [];
    await driveWizard(page, wizardRun(sim, vm), async (step) => {
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
          expect(await page.textContent('[data-testid="signed-in-as"]')).toContain(sim.healthUserId);
          break;
        case 'takeout':
          expect(await page.getAttribute('[role="progressbar"]', 'aria-valuenow')).toBe('100');
          expect((await services.listDays()).length).toBeGreaterThanOrEqual(10);
          break;
        case 'destinations':
          expect(await page.getAttribute('[data-test-result="victoria"]', 'class')).toBe('result-ok');
          expect(await page.textContent('[data-test-result="victoria"]')).toContain(
            'accepts the credentials',
          );
          break;
        case 'done':
          expect(await page.textContent('[data-testid="backfill-progress"]')).toMatch(
            /Backfill finished: [\d,]+ type-days/,
          );
          break;
        default:
          break;
      }
    });
    expect(seen).toEqual([...WIZARD_STEPS]);
    expect(harness.shell.openedGuides).toEqual(['credentials']);
    expect((await services.getSettings()).secretsSet.googleClientSecret).toBe(true);
    const config = JSON.parse(await readFile(join(dataDir, 'config.json'), 'utf8')) as Record<
      string,
      Record<string, unknown>
    >;
    expect(config.google?.clientId).toBe(sim.oauth.clientId);
    expect(config.victoria).toMatchObject({ enabled: true, endpoint: vm?.importUrl });
    expect(JSON.stringify(config)).not.toContain(sim.oauth.clientSecret);
    expect(JSON.stringify(config)).not.toContain(vm?.password);
    expect(harness.shell.startAtLogin).toBe(true);
    expect((await services.getStatus()).lastSyncAt).toBeDefined();
    await page.click('[data-action="next"]');
    await waitForView(page, 'dashboard');
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [], cspViolations: [] });
    await page.close();
  });

  it('rejects a malformed client ID inline and reports a refused authorization', async () => {
    const { harness } = await freshHarness();
    const { page, problems } = await browser.newPage();
    await page.goto(harness.url);
    await page.click('[data-action="next"]');
    await page.fill('#client-id', 'short');
    await page.click('[data-action="next"]');
    expect(await page.getAttribute('#client-id', 'aria-invalid')).toBe('true');
    sim.controls.setConsent({ mode: 'deny' });
    await page.fill('#client-id', sim.oauth.clientId);
    await page.fill('#client-secret', sim.oauth.clientSecret ?? '');
    await page.click('[data-action="next"]');
    await page.click('[data-action="authorize"]');
    await page.waitForSelector('text=Authorization did not finish');
    const notice = (await page.textContent('.notice.bad')) ?? '';
    expect(notice).toContain('cancelled in the browser');
    expect(notice).toContain('Authorize in the app');
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [], cspViolations: [] });
    await page.close();
  });

  it('“Explore with demo data” fills the archive and opens the dashboard', async () => {
    const { services, harness } = await freshHarness();
    const { page, problems } = await browser.newPage();
    await page.goto(harness.url);
    await page.waitForSelector('[data-view-root="wizard"][data-step="welcome"]');
    await page.click('[data-action="demo"]');
    // Generating and importing 120 days takes a few seconds alone, much longer on a busy CI machine.
    await page.waitForSelector('[data-view-root="dashboard"][data-ready="true"]', { timeout: 90_000 });
    expect((await services.listDays()).length).toBeGreaterThanOrEqual(120);
    expect(await page.locator('canvas[data-chart="steps"]').count()).toBe(1);
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [], cspViolations: [] });
    await page.close();
  }, 120_000);
});
