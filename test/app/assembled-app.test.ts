/**
 * The assembled app, driven like a person: the REAL entry (dist/main/index.js, built from
 * main/index.ts as `npm start` does) boots under Node with only Electron doubled
 * (test/fakes/electron.ts); its window runs in real Chromium with the real preload, served through
 * the app:// protocol handler the shell registers. Real servers: the Google Health simulator
 * (OAuth + API), Victoria Metrics, s3rver. Time: the app's clock is `appClock` (the test puts it
 * in place of systemClock) so "a day passes" takes no time. Scenarios run in order on one app, as
 * one person's week.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateSyntheticTakeout } from '../../main/core/demo/synthetic-takeout.js';
import { launchBrowser, waitForView, type BrowserSession } from '../harness/browser.js';
import { startHealthSimulator } from '../harness/google-health-sim/index.js';
import { startS3, type S3Server } from '../harness/s3-server.js';
import { duplicatesIn, hasVictoria, startVictoria, type VictoriaServer } from '../harness/victoria-server.js';
import { WIZARD_STEPS, driveWizard, wizardRun } from '../harness/wizard-driver.js';
import { BrowserWindow, Notification, Tray, app, dialog, powerMonitor, shell } from '../fakes/electron.js';
import { hostRenderers, type RendererPages } from './renderer-host.js';
import { TAKE_SCREENSHOTS, screenshot } from './screenshots.js';
import { APP_START, appClock } from './app-clock.js';

vi.mock('../../dist/main/core/ports.js', async (importOriginal) => {
  const original = await importOriginal<Record<string, unknown>>();
  const { appClock: clock } = await import('./app-clock.js');
  return { ...original, systemClock: clock };
});

const root = fileURLToPath(new URL('../../', import.meta.url));
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

type Sim = Awaited<ReturnType<typeof startHealthSimulator>>;
let sim: Sim;
let vm: VictoriaServer;
let s3: S3Server;
let browser: BrowserSession;
let pages: RendererPages;
let work: string;
let dataDir: string;

/** `YYYY-MM-DD` of an instant in Berlin (the simulator's home zone). */
const berlinDay = (ms: number): string =>
  new Date(ms).toLocaleDateString('en-CA', { timeZone: 'Europe/Berlin' });

const tray = (): Tray => {
  const t = Tray.instances.at(-1);
  if (t === undefined) throw new Error('the app has no tray icon');
  return t;
};
const page = (): Page => pages.current();

/** The Dashboard's last day (the day picker's maximum), after navigating to it like a person. */
async function dashboardRange(): Promise<{ first: string; last: string }> {
  const p = page();
  await p.click('button[data-view="sync"]');
  await waitForView(p, 'sync');
  await p.click('button[data-view="dashboard"]');
  await waitForView(p, 'dashboard');
  const input = p.locator('input[type="date"][aria-label="Day shown"]');
  return { first: (await input.getAttribute('min')) ?? '', last: (await input.getAttribute('max')) ?? '' };
}

/** Samples Victoria Metrics holds for the steps of one day. */
async function vmStepsOn(day: string): Promise<number> {
  await vm.flush();
  const rows = await vm.exportRaw('{__name__=~".*steps.*"}');
  // Berlin is at UTC+1 in November: the day's own hours.
  const from = Date.parse(`${day}T00:00:00+01:00`);
  const to = from + DAY;
  return rows.reduce((n, r) => n + r.samples.filter(([ts]) => ts >= from && ts < to).length, 0);
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

/**
 * The consent page: when the app opens the browser at the simulator's authorize URL, a second
 * Chromium page follows it (the simulator consents and redirects to the app's loopback server).
 */
async function playConsent(): Promise<void> {
  const already = shell.opened.length;
  let url: string | undefined;
  await until('the app opens the sign-in page', () => {
    url = shell.opened.slice(already).find((u) => u.startsWith(sim.oauth.authorizeUrl));
    return url !== undefined;
  });
  const c = await browser.context.newPage();
  await c.goto(url ?? '');
  await c.close();
}

/** Syncs the window has been told about: distinct "last sync" instants in the status events. */
function syncs(): number {
  const seen = new Set<number>();
  for (const w of BrowserWindow.instances)
    for (const m of w.webContents.sent) {
      const at = (m.payload as { lastSyncAt?: number } | undefined)?.lastSyncAt;
      if (m.channel === 'sync:status-changed' && at !== undefined) seen.add(at);
    }
  return seen.size;
}

beforeAll(async () => {
  // Build exactly what `npm start` runs: dist/main (tsc), dist/preload and dist/renderer (esbuild).
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'pipe' });
  work = await mkdtemp(join(tmpdir(), 'syncbit-app-'));
  dataDir = join(work, 'data');
  sim = await startHealthSimulator({
    now: () => appClock.now(),
    historyDays: 12,
    heartRateCadenceSeconds: 60,
  });
  vm = await startVictoria();
  s3 = await startS3();
  browser = await launchBrowser({ width: 1280, height: 860 });
  pages = hostRenderers(browser.context);
  Object.assign(process.env, {
    HOME: work,
    XDG_CONFIG_HOME: join(work, 'config'),
    SYNCBIT_DATA_DIR: dataDir,
    SYNCBIT_TOKEN_STORE: 'file',
    SYNCBIT_SECRETS_DIR: join(work, 'no-secrets'),
    SYNCBIT_BACKFILL_DAYS: '4',
    GOOGLE_HEALTH_API_URL: sim.url,
    GOOGLE_OAUTH_AUTHORIZE_URL: sim.oauth.authorizeUrl,
    GOOGLE_OAUTH_TOKEN_URL: sim.oauth.tokenUrl,
    GOOGLE_OAUTH_REVOKE_URL: sim.oauth.revokeUrl,
    S3_FORCE_PATH_STYLE: 'true',
  });
  // The takeout export the person downloaded: 20 days ending a week before today.
  const exportDir = join(work, 'takeout');
  await generateSyntheticTakeout({
    seed: 7,
    startDay: berlinDay(APP_START - 27 * DAY),
    days: 20,
    zones: [{ from: '2026-01-01T00:00:00Z', zone: 'Europe/Berlin' }],
    outDir: exportDir,
    heartRateSeconds: 300,
  });
  dialog.nextOpenResult = { canceled: false, filePaths: [exportDir] };
  // Boot the real entry, as `electron .` would.
  await import(/* @vite-ignore */ join(root, 'dist', 'main', 'index.js'));
  await until('the window shows', () => pages.served.some((s) => s.url === 'app://syncbit/index.html'));
}, 180_000);

afterAll(async () => {
  if (!app.quitted) app.quit();
  await browser.close();
  await Promise.all([sim.stop(), vm.dispose(), s3.stop()]);
  await rm(work, { recursive: true, force: true });
});

describe.runIf(hasVictoria)('the assembled app', () => {
  it('first run: the wizard signs in, imports the export, sets up Victoria Metrics and S3; the dashboard shows imported and synced days', async () => {
    expect(pages.served.find((s) => s.url === 'app://syncbit/index.html')?.status).toBe(200);
    const p = page();
    const consent = playConsent();
    await driveWizard(
      p,
      wizardRun(sim, vm, {
        s3: {
          bucket: s3.bucket,
          endpoint: s3.endpoint,
          accessKeyId: s3.accessKeyId,
          secret: s3.secretAccessKey,
        },
        startAtLogin: true,
      }),
      async (step) => {
        if (step === 'welcome') await screenshot(p, 'wizard-welcome-dark.png', 'dark');
        await screenshot(p, `wizard-${WIZARD_STEPS.indexOf(step) + 1}-${step}.png`);
        if (step === 'takeout') expect(await p.textContent('[data-testid="import-summary"]')).toMatch(/20/);
        if (step === 'destinations') {
          expect(await p.textContent('[data-test-result="victoria"]')).not.toMatch(/fail|could not|error/i);
          expect(await p.getAttribute('[data-test-result="s3"]', 'class')).toBe('result-ok');
          expect(await p.getAttribute('[data-test-result="victoria"]', 'class')).toBe('result-ok');
        }
      },
    );
    await consent;
    await p.click('[data-action="next"]');
    const range = await dashboardRange();
    expect(range.first <= berlinDay(APP_START - 27 * DAY)).toBe(true);
    expect(range.last).toBe(berlinDay(APP_START));
    expect(
      app.getLoginItemSettings().openAtLogin ||
        tray()
          .menuItems()
          .some((i) => i.id === 'toggle-start-at-login' && i.checked === true),
    ).toBe(true);
    await until(
      'the synced days reach Victoria Metrics',
      async () => (await vmStepsOn(berlinDay(APP_START))) > 0,
    );
    expect(pages.problems).toEqual([]);
  }, 180_000);

  it.runIf(TAKE_SCREENSHOTS)(
    'makes the README screenshots from this run',
    async () => {
      const p = page();
      for (const view of ['dashboard', 'coverage', 'sync', 'settings'] as const) {
        await p.click(`button[data-view="${view}"]`);
        await waitForView(p, view);
        await screenshot(p, `${view}-light.png`);
      }
      await p.click('button[data-view="dashboard"]');
      await waitForView(p, 'dashboard');
      await screenshot(p, 'dashboard-dark.png', 'dark');
    },
    120_000,
  );

  it('the timer fires by itself: a day later the new day is in the dashboard and in Victoria Metrics without a click', async () => {
    await until('idle', () => tray().headline() === 'SyncBit: up to date');
    const before = syncs();
    const tomorrow = berlinDay(APP_START + DAY);
    expect(await vmStepsOn(tomorrow)).toBe(0);
    appClock.advance(DAY);
    await until('a timed sync ran', () => syncs() > before && tray().headline() === 'SyncBit: up to date');
    expect((await dashboardRange()).last).toBe(tomorrow);
    await until('the new day reaches Victoria Metrics', async () => (await vmStepsOn(tomorrow)) > 0);
  }, 120_000);

  it('Pause 30 minutes: no sync in that time; Resume: a sync', async () => {
    tray().click('pause-30m');
    await until('paused', () => tray().headline().startsWith('SyncBit: paused until'));
    const before = syncs();
    appClock.advance(29 * MIN);
    await new Promise((r) => setTimeout(r, 300));
    expect(syncs()).toBe(before);
    tray().click('resume');
    await until('a sync after resume', () => syncs() > before && tray().headline() === 'SyncBit: up to date');
  }, 60_000);

  it('Suspend: no tick while asleep; resume from sleep: one catch-up sync', async () => {
    await until('idle', () => tray().headline() === 'SyncBit: up to date');
    powerMonitor.emit('suspend');
    const before = syncs();
    appClock.advance(3 * 60 * MIN);
    await new Promise((r) => setTimeout(r, 300));
    expect(syncs()).toBe(before);
    powerMonitor.emit('resume');
    await until('the catch-up sync', () => syncs() > before && tray().headline() === 'SyncBit: up to date');
    await new Promise((r) => setTimeout(r, 300));
    expect(syncs()).toBe(before + 1);
  }, 60_000);

  it('tray "Sync now" during a running sync joins it; icon and status line go idle → syncing → idle', async () => {
    await until('idle', () => tray().headline() === 'SyncBit: up to date');
    sim.controls.setLatency(150);
    const before = syncs();
    const iconsBefore = tray().images.length;
    tray().click('sync-now');
    await until('syncing', () => tray().headline().startsWith('SyncBit: syncing'));
    tray().click('sync-now');
    tray().click('sync-now');
    await until('idle again', () => tray().headline() === 'SyncBit: up to date');
    sim.controls.setLatency(0);
    expect(syncs()).toBe(before + 1);
    const icons = tray()
      .images.slice(iconsBefore - 1)
      .map((i) => i.split('/').pop());
    expect(icons[0]).toBe('tray-idle.png');
    expect(icons).toContain('tray-syncing.png');
    expect(icons.at(-1)).toBe('tray-idle.png');
  }, 60_000);

  it('a revoked refresh token: the tray needs attention, exactly one notification, Re-authorize restores syncing with nothing lost', async () => {
    await until('idle', () => tray().headline() === 'SyncBit: up to date');
    const rangeBefore = await dashboardRange();
    const shown = Notification.shown.length;
    sim.controls.revokeAllTokens();
    appClock.advance(20 * MIN);
    await until('needs attention', () => tray().headline().startsWith('SyncBit needs attention'));
    // Later timed attempts fail the same way and do not notify again.
    appClock.advance(30 * MIN);
    appClock.advance(30 * MIN);
    await new Promise((r) => setTimeout(r, 500));
    expect(tray().headline()).toMatch(/^SyncBit needs attention/);
    expect(
      tray()
        .menuItems()
        .some((i) => i.id === 'reauthorize'),
    ).toBe(true);
    expect(Notification.shown.length - shown).toBe(1);

    // Re-authorize from the notification: it opens Settings, where the person signs in again.
    const consent = playConsent();
    Notification.shown.at(-1)?.emit('click');
    const p = page();
    await waitForView(p, 'settings');
    await p.getByRole('button', { name: 'Re-authorize…' }).click();
    await p.waitForSelector('[data-view-root="wizard"][data-step="google-client"][data-ready="true"]');
    await p.fill('#client-id', sim.oauth.clientId);
    await p.fill('#client-secret', sim.oauth.clientSecret ?? '');
    await p.click('[data-action="next"]');
    await p.waitForSelector('[data-view-root="wizard"][data-step="authorize"][data-ready="true"]');
    await p.click('[data-action="authorize"]');
    await consent;
    await p.waitForSelector('[data-view-root="wizard"][data-step="signed-in"][data-ready="true"]');
    await p.click('[data-action="to-dashboard"]');
    await waitForView(p, 'dashboard');
    const before = syncs();
    tray().click('sync-now');
    await until('syncing again', () => syncs() > before && tray().headline() === 'SyncBit: up to date');
    const range = await dashboardRange();
    expect(range.first).toBe(rangeBefore.first);
    expect(range.last >= rangeBefore.last).toBe(true);
  }, 120_000);

  it('Victoria Metrics down during a timed sync: the Sync view shows the days pending; back up: delivered exactly once', async () => {
    await until('idle', () => tray().headline() === 'SyncBit: up to date');
    await vm.stop();
    const before = syncs();
    appClock.advance(DAY);
    const day = berlinDay(appClock.now());
    await until(
      'the timed sync ran',
      () => syncs() > before && !tray().headline().startsWith('SyncBit: syncing'),
    );
    const p = page();
    await p.click('button[data-view="dashboard"]');
    await p.click('button[data-view="sync"]');
    await waitForView(p, 'sync');
    const pending = async (): Promise<number> =>
      Number(
        /(\d+) day/.exec(
          (await p.locator('[data-destination="victoria"] dd').first().textContent()) ?? '',
        )?.[1] ?? 0,
      );
    expect(await pending()).toBeGreaterThan(0);
    await vm.start();
    const after = syncs();
    // The next timed sync after the outbox's retry delay.
    appClock.advance(2 * 60 * MIN);
    await until('the next timed sync', () => syncs() > after && tray().headline() === 'SyncBit: up to date');
    await until('the pending days arrive', async () => (await vmStepsOn(day)) > 0);
    await vm.flush();
    expect(duplicatesIn(await vm.exportRaw('{__name__=~".+"}'))).toBe(0);
    await p.click('button[data-view="dashboard"]');
    await p.click('button[data-view="sync"]');
    await waitForView(p, 'sync');
    expect(await pending()).toBe(0);
  }, 120_000);

  it('Quit during a sync: the app stops promptly and no day file is half-written', async () => {
    sim.controls.setLatency(100);
    appClock.advance(DAY);
    await until('syncing', () => tray().headline().startsWith('SyncBit: syncing'));
    tray().click('quit');
    // Quit waits for the running sync to finish its current write, then exits with 0.
    await until('the app exits with code 0', () => app.exitCodes.includes(0), 20_000);
    sim.controls.setLatency(0);
    await new Promise((r) => setTimeout(r, 1500));
    const leftovers: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) await walk(path);
        else if (/\.tmp|\.partial|~$/.test(e.name)) leftovers.push(path);
      }
    };
    await walk(dataDir);
    expect(leftovers).toEqual([]);
  }, 60_000);
});
