/**
 * Walks the first-run wizard in a page like a person would (used by the renderer test and by the
 * screenshot script), calling `atStep` on every step so the caller can assert or take a picture.
 */
import type { Page } from 'playwright-core';

import { WIZARD_STEPS, type WizardStep } from '../../renderer/views/wizard-steps.js';

export { WIZARD_STEPS, type WizardStep };

async function atStepReady(page: Page, step: WizardStep): Promise<void> {
  await page.waitForSelector(`[data-view-root="wizard"][data-step="${step}"][data-ready="true"]`, {
    timeout: 20_000,
  });
}

export interface WizardRun {
  /** Client ID typed on the client step. */
  readonly clientId: string;
  readonly clientSecret: string;
  /** Victoria Metrics endpoint typed on the destinations step. */
  readonly victoriaEndpoint: string;
}

/** Drives the wizard from the welcome step to the done step. */
export async function driveWizard(
  page: Page,
  run: WizardRun,
  atStep: (step: WizardStep) => Promise<void>,
): Promise<void> {
  await atStepReady(page, 'welcome');
  await atStep('welcome');
  await page.click('[data-action="next"]');

  await atStepReady(page, 'google-client');
  await page.fill('#client-id', run.clientId);
  await page.fill('#client-secret', run.clientSecret);
  await atStep('google-client');
  await page.click('[data-action="next"]');

  await atStepReady(page, 'authorize');
  await atStep('authorize');
  await page.click('[data-action="authorize"]');

  await atStepReady(page, 'signed-in');
  await atStep('signed-in');
  await page.click('[data-action="next"]');

  await atStepReady(page, 'takeout');
  await page.click('[data-action="choose"]');
  await page.waitForSelector('[data-action="import"]:not([disabled])');
  await page.click('[data-action="import"]');
  await page.waitForSelector('[data-testid="import-summary"]', { timeout: 60_000 });
  await atStep('takeout');
  await page.click('[data-action="next"]');

  await atStepReady(page, 'destinations');
  await page.check('#dest-victoria');
  await page.fill('[data-path="victoria.endpoint"]', run.victoriaEndpoint);
  await page.click('[data-test="victoria"]');
  await page.waitForFunction(() => {
    const el = (
      globalThis as unknown as {
        document: { querySelector(s: string): { textContent: string | null } | null };
      }
    ).document.querySelector('[data-test-result="victoria"]');
    return el !== null && el.textContent !== 'Testing…' && el.textContent !== '';
  });
  await atStep('destinations');
  await page.click('[data-action="next"]');

  await atStepReady(page, 'start-at-login');
  await atStep('start-at-login');
  await page.click('[data-action="next"]');

  await atStepReady(page, 'done');
  await page.waitForFunction(
    () =>
      (
        globalThis as unknown as {
          document: { querySelector(s: string): { textContent: string | null } | null };
        }
      ).document
        .querySelector('[data-testid="backfill-progress"]')
        ?.textContent?.includes('finished') === true,
    undefined,
    { timeout: 20_000 },
  );
  await atStep('done');
}
