/**
 * The README screenshots (docs/screenshots/*.png) are taken from the assembled-app run, so what the
 * README shows is what the composed app does over generated data. Only when asked:
 * `npm run screenshots` (SYNCBIT_SCREENSHOTS=1 npm run test:app).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

export const TAKE_SCREENSHOTS = process.env.SYNCBIT_SCREENSHOTS === '1';
const outDir = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const VIEWPORT = { width: 1280, height: 860 };

/** Two animation frames: charts resize on the next frame. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        const raf = (globalThis as unknown as { requestAnimationFrame: (fn: () => void) => void })
          .requestAnimationFrame;
        raf(() => {
          raf(() => {
            resolve(undefined);
          });
        });
      }),
  );
}

/**
 * Saves `file` in docs/screenshots. The app scrolls inside <main>, so the viewport grows to the
 * content for the picture and is put back afterwards.
 */
export async function screenshot(
  page: Page,
  file: string,
  scheme: 'light' | 'dark' = 'light',
): Promise<void> {
  if (!TAKE_SCREENSHOTS) return;
  await mkdir(outDir, { recursive: true });
  await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
  const height = await page.evaluate(() => {
    const doc = (
      globalThis as unknown as { document: { querySelector(s: string): { scrollHeight: number } | null } }
    ).document;
    return (doc.querySelector('.main') ?? doc.querySelector('.wizard'))?.scrollHeight ?? 860;
  });
  await page.setViewportSize({
    width: VIEWPORT.width,
    height: Math.min(3000, Math.max(VIEWPORT.height, height)),
  });
  await settle(page);
  await page.screenshot({ path: join(outDir, file) });
  await page.setViewportSize(VIEWPORT);
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await settle(page);
}
