/**
 * `npm run bench:render`: in headless Chromium, times drawing the renderer's real charts (the same
 * functions the dashboard uses) for one day of 1-second heart rate (86,400 points) and five years
 * of daily steps. Prints figures; asserts nothing (targets: < 100 ms and < 150 ms).
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { launchBrowser } from '../test/harness/browser.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const RUNS = 7;

// Browser-side entry (bundled by esbuild; kept as a string so the Node tsconfig never sees DOM code).
const entry = `
import { heartRateChart, stepsChart } from './renderer/charts/series-charts.ts';

function canvas() {
  const box = document.getElementById('box');
  box.replaceChildren();
  const c = document.createElement('canvas');
  box.appendChild(c);
  return c;
}
function nextFrame() {
  return new Promise((r) => requestAnimationFrame(() => r()));
}
async function time(make) {
  const c = canvas();
  const t0 = performance.now();
  const chart = make(c);
  const drawn = performance.now() - t0;
  await nextFrame();
  const framed = performance.now() - t0;
  chart.destroy();
  return { drawn, framed };
}
window.bench = {
  heart: () => {
    const n = 86400;
    const t0 = Date.UTC(2026, 10, 21);
    const times = new Array(n);
    const values = new Array(n);
    let hr = 60;
    for (let i = 0; i < n; i++) {
      hr += (62 + 20 * Math.sin(i / 9000) - hr) * 0.02 + (Math.random() - 0.5) * 2;
      times[i] = t0 + i * 1000;
      values[i] = Math.round(hr);
    }
    return time((c) => heartRateChart(c, times, values));
  },
  steps: () => {
    const days = [];
    const start = Date.UTC(2021, 10, 22);
    for (let i = 0; i < 5 * 365 + 1; i++) {
      days.push({ day: new Date(start + i * 86400000).toISOString().slice(0, 10), value: Math.round(6000 + Math.random() * 8000) });
    }
    return time((c) => stepsChart(c, days));
  },
};
`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const bundle = await build({
    stdin: { contents: entry, resolveDir: root, loader: 'js' },
    bundle: true,
    format: 'iife',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  const browser = await launchBrowser({ width: 1280, height: 800 });
  try {
    const { page } = await browser.newPage();
    await page.setContent(
      '<!doctype html><html><body style="margin:0"><div id="box" style="position:relative;width:1100px;height:300px"></div></body></html>',
    );
    await page.addScriptTag({ content: script });
    await page.evaluate(() =>
      (globalThis as unknown as { bench: { heart(): Promise<unknown> } }).bench.heart(),
    ); // warm-up (JIT, fonts)
    const results: Record<'heart' | 'steps', { drawn: number[]; framed: number[] }> = {
      heart: { drawn: [], framed: [] },
      steps: { drawn: [], framed: [] },
    };
    for (let i = 0; i < RUNS; i++) {
      for (const which of ['heart', 'steps'] as const) {
        const r = await page.evaluate(
          (w) =>
            (
              globalThis as unknown as {
                bench: Record<string, () => Promise<{ drawn: number; framed: number }>>;
              }
            ).bench[w]?.(),
          which,
        );
        if (r === undefined) throw new Error(`bench ${which} returned nothing`);
        results[which].drawn.push(r.drawn);
        results[which].framed.push(r.framed);
      }
    }
    const line = (label: string, r: { drawn: number[]; framed: number[] }, target: number): string =>
      `${label}: median ${median(r.drawn).toFixed(1)} ms to draw (min ${Math.min(...r.drawn).toFixed(1)}, max ${Math.max(...r.drawn).toFixed(1)}), ${median(r.framed).toFixed(1)} ms to next frame; target < ${target} ms`;
    process.stdout.write(
      `render bench (headless Chromium, ${RUNS} runs each, 1100×300 canvas, LTTB decimation)\n`,
    );
    process.stdout.write(`${line('heart rate, one day at 1 s (86,400 points)', results.heart, 100)}\n`);
    process.stdout.write(`${line('daily steps, five years (1,826 days)', results.steps, 150)}\n`);
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
