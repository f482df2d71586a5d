/**
 * Accessibility of the real renderer in headless Chromium over the real tray-app composition:
 * axe-core (WCAG 2 A/AA + best practice) finds no violation on any view or wizard step, in the
 * light and the dark theme; every tab stop of every view and step shows a focus ring and the stops
 * follow the page; the coverage grid works from the keyboard; charts carry their figures as text.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, describeViolations } from '../harness/axe.js';
import { launchBrowser, waitForView, type BrowserSession, type Problems } from '../harness/browser.js';
import { sampleDataDir, smallTakeout } from '../harness/fixtures.js';
import { startHealthSimulator } from '../harness/google-health-sim/index.js';
import { openRealApp, type RealApp } from '../harness/real-app.js';
import { startRendererHarness, type RendererHarness } from '../harness/renderer-harness.js';
import { hasVictoria, startVictoria, type VictoriaServer } from '../harness/victoria-server.js';
import { WIZARD_STEPS, driveWizard, wizardRun, type WizardStep } from '../harness/wizard-driver.js';
import type { Simulator } from '../helpers/sim-env.js';

const THEMES = ['light', 'dark'] as const;
type Theme = (typeof THEMES)[number];

let browser: BrowserSession;
let sim: Simulator;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  sim = await startHealthSimulator({ historyDays: 20, heartRateCadenceSeconds: 60 });
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await browser.close();
  await sim.stop();
});

/**
 * Fails with one line per violated rule (id, impact, node targets). Soft, so a wizard walk reports
 * every step that fails rather than stopping at the first.
 */
async function expectNoViolations(page: Page, where: string): Promise<void> {
  expect.soft(describeViolations(await axeViolations(page)), `axe on ${where}`).toEqual([]);
}

function expectNoProblems(problems: Problems): void {
  expect(problems).toEqual({ consoleErrors: [], pageErrors: [], cspViolations: [] });
}

interface Focused {
  readonly tag: string;
  readonly role: string | null;
  readonly name: string;
  readonly label: string | null;
  readonly text: string;
  readonly day: string | null;
  /** A focus indicator is drawn: an outline of at least 2px. */
  readonly ring: boolean;
  /** Position in document order. */
  readonly order: number;
  readonly inGrid: boolean;
}

/** What has the keyboard focus now, and whether it shows a focus ring. */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    interface El {
      readonly tagName: string;
      readonly textContent: string | null;
      getAttribute(name: string): string | null;
      closest(selector: string): El | null;
    }
    const g = globalThis as unknown as {
      document: { activeElement: El | null; body: El; querySelectorAll(s: string): Iterable<El> };
      getComputedStyle(e: El): { outlineStyle: string; outlineWidth: string };
    };
    const doc = g.document;
    const el = doc.activeElement ?? doc.body;
    const style = g.getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const text = (el.textContent ?? '').trim();
    const label = el.getAttribute('aria-label');
    return {
      tag: el.tagName,
      role: el.getAttribute('role'),
      name: `${el.tagName.toLowerCase()} "${label ?? text.slice(0, 40)}"`,
      label,
      text,
      day: el.getAttribute('data-day'),
      ring: outline,
      order: [...doc.querySelectorAll('*')].indexOf(el),
      inGrid: el.closest('[role="grid"]') !== null,
    };
  });
}

/** Tabs from the top of the page through every stop until focus leaves the page or comes round again. */
async function tabStops(page: Page, max = 150): Promise<Focused[]> {
  const stops: Focused[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now.tag === 'BODY' || (stops.length > 0 && now.order === stops[0]?.order)) break;
    // A date input's day, month and year fields are stops on the same element: count it once.
    if (now.order !== stops.at(-1)?.order) stops.push(now);
  }
  return stops;
}

describe('axe on every view', () => {
  let services: RealApp['app'];
  let harness: RendererHarness;
  let sampleLastDay: string;

  beforeAll(async () => {
    const { dataDir, sample } = await sampleDataDir({ days: 120, sleepNights: 30, secondHeartRateDays: 1 });
    sampleLastDay = sample.lastDay;
    ({ app: services } = await openRealApp({ dataDir, sim, signIn: true }));
    harness = await startRendererHarness({ services });
    cleanups.push(
      () => rm(dataDir, { recursive: true, force: true }),
      () => services.close(),
      () => harness.close(),
    );
  });

  async function open(view: string, theme: Theme): Promise<{ page: Page; problems: Problems }> {
    const opened = await browser.newPage({ colorScheme: theme });
    // A step that cannot find its element fails with the selector, not as a test timeout.
    opened.page.setDefaultTimeout(10_000);
    await opened.page.goto(`${harness.url}#${view}`);
    await waitForView(opened.page, view);
    return opened;
  }

  const VIEWS = ['dashboard', 'coverage', 'sync', 'settings'] as const;

  for (const theme of THEMES) {
    for (const view of VIEWS) {
      it(`${view}, ${theme} theme`, async () => {
        const { page, problems } = await open(view, theme);
        await expectNoViolations(page, `${view} (${theme})`);
        expectNoProblems(problems);
        await page.close();
      });
    }
  }
  for (const view of VIEWS) {
    it(`${view}: every tab stop shows a focus ring, in document order`, async () => {
      const { page, problems } = await open(view, 'light');
      const stops = await tabStops(page);
      expect(stops.length, 'tab stops').toBeGreaterThan(4);
      expect(stops.filter((s) => !s.ring).map((s) => s.name)).toEqual([]);
      expect(
        stops.filter((s, i) => i > 0 && s.order <= (stops[i - 1]?.order ?? 0)).map((s) => s.name),
      ).toEqual([]);
      // The coverage grid is one tab stop however many days it shows (arrow keys move inside it).
      if (view === 'coverage') expect(stops.filter((s) => s.inGrid).length).toBe(1);
      expectNoProblems(problems);
      await page.close();
    });
  }

  it('coverage from the keyboard: arrows move, Enter and Space select days, Tab leaves the grid in one step', async () => {
    const { page, problems } = await open('coverage', 'light');
    await page.focus('.page-head [role="group"] button:last-child');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ role: 'columnheader', text: 'Type / day' });
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).label).toMatch(/^Re-fetch /);
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    const first = await focused(page);
    expect(first).toMatchObject({ role: 'gridcell', ring: true });
    await page.keyboard.press('Enter');
    const selectedHeads = (): Promise<string[]> =>
      page.$$eval('button.day-head[aria-pressed="true"]', (els) =>
        els.map((e) => e.getAttribute('data-day') ?? ''),
      );
    expect(await selectedHeads()).toEqual([first.day]);
    expect(
      await page.locator(`.cell[data-day="${first.day}"][aria-selected="true"]`).count(),
    ).toBeGreaterThan(1);
    await page.waitForSelector('text=1 day(s) selected.');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const third = await focused(page);
    await page.keyboard.press('Shift+Space');
    expect(await selectedHeads()).toHaveLength(3);
    expect((await selectedHeads()).at(-1)).toBe(third.day);
    await page.keyboard.press('Space');
    expect(await selectedHeads()).toHaveLength(2);
    // Up to the day's column button: Space works there too.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await focused(page)).toMatchObject({ tag: 'BUTTON', day: third.day, ring: true });
    await page.keyboard.press('Space');
    expect(await selectedHeads()).toHaveLength(3);
    await page.keyboard.press('Control+End');
    expect(await focused(page)).toMatchObject({
      role: 'gridcell',
      day: await page.$$eval('button.day-head', (e) => e.at(-1)?.getAttribute('data-day')),
    });
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('Clear selection');
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).role).toBe('gridcell');
    // Shift+Tab leaves the grid backwards in one step too, and moving focus keeps the selection.
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).inGrid).toBe(false);
    await page.waitForSelector('text=3 day(s) selected.');
    expectNoProblems(problems);
    await page.close();
  });

  it('charts carry the figures they draw as text', async () => {
    const { page, problems } = await open('dashboard', 'light');
    // The sample's last day has a night of sleep stages; the simulator's newer days may not.
    await page.fill('input[type="date"][aria-label="Day shown"]', sampleLastDay);
    await page.waitForSelector(`canvas[data-chart="hypnogram"][aria-label*="${sampleLastDay}"]`);
    const steps = (await page.textContent('[data-tile="Activity-steps.value"] .tile-value')) ?? '';
    expect(await page.getAttribute('canvas[data-chart="steps"]', 'aria-label')).toMatch(
      new RegExp(
        `^Steps per day, \\d+ days: latest ${steps.trim()} steps on .+, lowest .+, highest .+, average `,
      ),
    );
    for (const key of ['RestingHR.value', 'HRV.dailyRmssd', 'SPO2_Daily.avg', 'Weight.weight_kg']) {
      const shown = ((await page.textContent(`[data-trend="${key}"] .badge`)) ?? '').trim();
      expect(shown).toMatch(/\d/);
      expect(await page.getAttribute(`canvas[data-chart="trend-${key}"]`, 'aria-label')).toContain(
        `latest ${shown} on `,
      );
    }
    for (const [chart, figures] of [
      ['heart-rate', /Samples [\d,]+.*Min \d+ bpm.*Average \d+ bpm.*Max \d+ bpm/],
      ['hypnogram', /Asleep .+Deep .+Light .+REM .+Awake /],
    ] as const) {
      const ids = ((await page.getAttribute(`canvas[data-chart="${chart}"]`, 'aria-describedby')) ?? '')
        .split(' ')
        .filter((id) => id !== '');
      expect(ids, chart).not.toEqual([]);
      const description = (
        await Promise.all(ids.map(async (id) => (await page.textContent(`#${id}`)) ?? ''))
      ).join(' ');
      expect(description, chart).toMatch(figures);
    }
    expectNoProblems(problems);
    await page.close();
  });
});

describe('axe on every wizard step', () => {
  let takeout: { dir: string; inputs: string[] };
  let vm: VictoriaServer | undefined;

  beforeAll(async () => {
    takeout = await smallTakeout();
    cleanups.push(() => rm(takeout.dir, { recursive: true, force: true }));
    if (hasVictoria) {
      vm = await startVictoria();
      cleanups.push(() => vm?.dispose() ?? Promise.resolve());
    }
  });

  async function firstRun(): Promise<RendererHarness> {
    const dataDir = await mkdtemp(join(tmpdir(), 'syncbit-a11y-wizard-'));
    sim.controls.setConsent({ mode: 'grant' });
    const { app } = await openRealApp({ dataDir, sim });
    const harness = await startRendererHarness({ services: app, takeoutPaths: takeout.inputs });
    cleanups.push(
      () => rm(dataDir, { recursive: true, force: true }),
      () => app.close(),
      () => harness.close(),
    );
    return harness;
  }

  for (const theme of THEMES) {
    it.runIf(hasVictoria)(
      `welcome to done, ${theme} theme`,
      async () => {
        const harness = await firstRun();
        const { page, problems } = await browser.newPage({ colorScheme: theme });
        await page.goto(harness.url);
        const checked: WizardStep[] = [];
        await driveWizard(page, wizardRun(sim, vm), async (step) => {
          await expectNoViolations(page, `wizard step ${step} (${theme})`);
          const stops = await tabStops(page);
          expect.soft(stops.length, `tab stops on ${step}`).toBeGreaterThan(0);
          expect
            .soft(
              stops.filter((st) => !st.ring).map((st) => st.name),
              `focus rings on ${step}`,
            )
            .toEqual([]);
          checked.push(step);
        });
        expect(checked).toEqual([...WIZARD_STEPS]);
        expectNoProblems(problems);
        await page.close();
      },
      120_000,
    );
  }
});
