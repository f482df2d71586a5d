/**
 * Generates the app icon and the tray icons (one look per state) in main/shell/assets from SVG,
 * rendered by headless Chromium with a transparent background. Run: `npx tsx test/harness/make-icons.ts`.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './browser.js';

const assets = fileURLToPath(new URL('../../main/shell/assets/', import.meta.url));

const glyph: Record<string, string> = {
  idle: '<path d="M10 16.5l4 4 8-9" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>',
  syncing:
    '<path d="M22.5 13a7 7 0 0 0-12.6-2.2M9.5 19a7 7 0 0 0 12.6 2.2" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round"/><path d="M9 7v4.5h4.5M23 25v-4.5h-4.5" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/>',
  paused:
    '<rect x="11" y="9.5" width="3.6" height="13" rx="1.2" fill="#fff"/><rect x="17.4" y="9.5" width="3.6" height="13" rx="1.2" fill="#fff"/>',
  attention:
    '<rect x="14.3" y="8" width="3.4" height="11" rx="1.5" fill="#fff"/><circle cx="16" cy="23" r="2" fill="#fff"/>',
  'signed-out':
    '<circle cx="16" cy="13" r="4" fill="none" stroke="#fff" stroke-width="2.4"/><path d="M9.5 24c1.2-3.6 3.6-5 6.5-5s5.3 1.4 6.5 5" fill="none" stroke="#fff" stroke-width="2.4" stroke-linecap="round"/>',
};
const colour: Record<string, string> = {
  idle: '#1f9d6b',
  syncing: '#2f6fed',
  paused: '#c27c0e',
  attention: '#d64545',
  'signed-out': '#6b7280',
};

function traySvg(state: string, size: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="${colour[state] ?? '#888'}"/>${glyph[state] ?? ''}</svg>`;
}

const appSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#2f6fed"/><stop offset="1" stop-color="#22b8cf"/></linearGradient></defs>
<rect x="24" y="24" width="464" height="464" rx="104" fill="url(#g)"/>
<path d="M120 276h60l34-92 52 176 44-128 26 44h56" fill="none" stroke="#fff" stroke-width="34" stroke-linecap="round" stroke-linejoin="round"/>
</svg>`;

async function main(): Promise<void> {
  const browser = await launchBrowser({ width: 600, height: 600 });
  const { page } = await browser.newPage();
  const render = async (svg: string, size: number, file: string): Promise<void> => {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    const png = await page.screenshot({
      omitBackground: true,
      clip: { x: 0, y: 0, width: size, height: size },
    });
    await writeFile(join(assets, file), png);
    await writeFile(
      join(assets, file.replace(/\.png$/, '.svg').replace('@2x', '')),
      svg.includes('viewBox="0 0 32 32"') ? svg : svg,
    );
  };
  for (const state of Object.keys(glyph)) {
    await render(traySvg(state, 32), 32, `tray-${state}.png`);
    await render(traySvg(state, 64), 64, `tray-${state}@2x.png`);
  }
  await render(appSvg, 512, 'icon.png');
  await browser.close();
  process.stdout.write(`icons written to ${assets}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exitCode = 1;
});
