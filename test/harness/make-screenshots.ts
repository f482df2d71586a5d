/**
 * Makes docs/screenshots/*.png: every view (light), the dashboard and the wizard's welcome in dark,
 * and each wizard step, all in headless Chromium against the renderer harness over generated data.
 * Run: `npx tsx test/harness/make-screenshots.ts`.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchBrowser, waitForView } from './browser.js';
import { sampleDataDir, smallTakeout } from './fixtures.js';
import { HarnessServices } from './harness-services.js';
import { startRendererHarness } from './renderer-harness.js';
import { driveWizard } from './wizard-driver.js';

const outDir = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

/** The app scrolls inside <main>; grow the viewport to its content so a screenshot shows the whole view. */
async function fitViewportToContent(page: Page): Promise<void> {
  const height = await page.evaluate(() => {
    const doc = (
      globalThis as unknown as { document: { querySelector(s: string): { scrollHeight: number } | null } }
    ).document;
    return (doc.querySelector('.main') ?? doc.querySelector('.wizard'))?.scrollHeight ?? 860;
  });
  await page.setViewportSize({ width: 1280, height: Math.min(3000, Math.max(860, height)) });
  // Charts resize on the next frame; wait for two.
  await page.evaluate(() => {
    const raf = (globalThis as unknown as { requestAnimationFrame: (fn: () => void) => void })
      .requestAnimationFrame;
    return new Promise((r) => {
      raf(() => {
        raf(() => {
          r(undefined);
        });
      });
    });
  });
}

async function main(): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const shots: string[] = [];
  const browser = await launchBrowser({ width: 1280, height: 860 });
  const { dataDir } = await sampleDataDir();
  const services = await HarnessServices.open({ dataDir, signedInAs: 'Alex Example', tickMs: 1_000 });
  const harness = await startRendererHarness({ services });
  const takeout = await smallTakeout();
  const freshDir = await mkdtemp(join(tmpdir(), 'syncbit-fresh-'));
  const fresh = await HarnessServices.open({ dataDir: freshDir });
  const wizardHarness = await startRendererHarness({ services: fresh, takeoutPaths: takeout.inputs });
  try {
    for (const scheme of ['light', 'dark'] as const) {
      const views = scheme === 'light' ? ['dashboard', 'coverage', 'sync', 'settings'] : ['dashboard'];
      for (const view of views) {
        const { page } = await browser.newPage({ colorScheme: scheme });
        await page.goto(`${harness.url}#${view}`);
        await waitForView(page, view);
        if (view === 'sync' && scheme === 'light') {
          // Show a sync in progress: progress per type, ETA and the log filling up.
          await page.click('text=Sync now');
          await page.waitForSelector('[data-testid="type-progress"]');
          await page.waitForTimeout(1_700);
        }
        await fitViewportToContent(page);
        const file = `${view}-${scheme}.png`;
        await page.screenshot({ path: join(outDir, file) });
        shots.push(file);
        await page.close();
      }
    }
    {
      const { page } = await browser.newPage({ colorScheme: 'dark' });
      await page.goto(wizardHarness.url);
      await page.waitForSelector('[data-view-root="wizard"][data-step="welcome"][data-ready="true"]');
      await fitViewportToContent(page);
      await page.screenshot({ path: join(outDir, 'wizard-welcome-dark.png') });
      shots.push('wizard-welcome-dark.png');
      await page.close();
    }
    const { page } = await browser.newPage({ colorScheme: 'light' });
    await page.goto(wizardHarness.url);
    let n = 1;
    await driveWizard(
      page,
      {
        clientId: '1234567890-demo.apps.googleusercontent.com',
        clientSecret: 'GOCSPX-demo',
        victoriaEndpoint: wizardHarness.origin,
      },
      async (step) => {
        const file = `wizard-${n}-${step}.png`;
        n += 1;
        await fitViewportToContent(page);
        await page.screenshot({ path: join(outDir, file) });
        await page.setViewportSize({ width: 1280, height: 860 });
        shots.push(file);
      },
    );
    await page.close();
  } finally {
    await harness.close();
    await wizardHarness.close();
    await browser.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(freshDir, { recursive: true, force: true });
    await rm(takeout.dir, { recursive: true, force: true });
  }
  process.stdout.write(
    `${shots.length} screenshots in docs/screenshots:\n${shots.map((s) => `  ${s}`).join('\n')}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
