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
  readonly victoriaUser?: string;
  readonly victoriaPassword?: string;
  /** When given, S3 is enabled and tested too. */
  readonly s3?: { bucket: string; endpoint: string; accessKeyId: string; secret: string };
  /** Tick "Start SyncBit when I log in". */
  readonly startAtLogin?: boolean;
}

/**
 * The run most wizard tests type: the simulator's OAuth client and, when there is one, a Victoria
 * Metrics server's endpoint and credentials; `more` adds S3 or the login item.
 */
export function wizardRun(
  sim: { readonly oauth: { readonly clientId: string; readonly clientSecret?: string | undefined } },
  vm: { readonly importUrl: string; readonly user: string; readonly password: string } | undefined,
  more: Pick<WizardRun, 's3' | 'startAtLogin'> = {},
): WizardRun {
  return {
    clientId: sim.oauth.clientId,
    clientSecret: sim.oauth.clientSecret ?? '',
    victoriaEndpoint: vm?.importUrl ?? '',
    victoriaUser: vm?.user,
    victoriaPassword: vm?.password,
    ...more,
  };
}

async function waitForTestResult(page: Page, destination: 'victoria' | 's3'): Promise<void> {
  await page.waitForFunction(
    (d) => {
      const el = (
        globalThis as unknown as {
          document: { querySelector(s: string): { textContent: string | null } | null };
        }
      ).document.querySelector(`[data-test-result="${d}"]`);
      return el !== null && el.textContent !== 'Testing…' && el.textContent !== '';
    },
    destination,
    { timeout: 20_000 },
  );
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
  const vmFields = page.locator('.fields', { has: page.locator('[data-path="victoria.endpoint"]') });
  if (run.victoriaUser !== undefined) await vmFields.locator('input[type="text"]').fill(run.victoriaUser);
  if (run.victoriaPassword !== undefined)
    await vmFields.locator('input[type="password"]').fill(run.victoriaPassword);
  await page.click('[data-test="victoria"]');
  await waitForTestResult(page, 'victoria');
  if (run.s3 !== undefined) {
    await page.check('#dest-s3');
    const s3Fields = page.locator('.fields', { has: page.locator('[data-path="s3.bucket"]') });
    await page.fill('[data-path="s3.bucket"]', run.s3.bucket);
    await s3Fields.locator('input[type="url"]').fill(run.s3.endpoint);
    await s3Fields.locator('input[placeholder="AKIA…"]').fill(run.s3.accessKeyId);
    await s3Fields.locator('input[type="password"]').fill(run.s3.secret);
    await page.click('[data-test="s3"]');
    await waitForTestResult(page, 's3');
  }
  await atStep('destinations');
  await page.click('[data-action="next"]');

  await atStepReady(page, 'start-at-login');
  if (run.startAtLogin === true) await page.check('#wizard-login');
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
