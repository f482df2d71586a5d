/**
 * Runs the Google Health simulator in its own process for bench/sync-bench.ts, so that the
 * simulator's JSON generation does not compete with the sync for the same CPU (as Google's servers
 * would not). Prints one JSON line `{url, controlUrl, accessToken, minimumPages, today}` on stdout,
 * then serves `GET /counters` and `POST /reset` on the control port until stdin closes.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addDays } from '../../main/core/model/civil-day.js';
import { startHealthSimulator } from '../../test/harness/google-health-sim/index.js';
import { minimumPages as minimumPagesOf } from '../../test/harness/google-health-sim/minimum-pages.js';

const days = Number(process.argv[2] ?? 90);
const ratePerMinute = Number(process.argv[3] ?? 300);
const t0 = Date.now();
const simStart = Date.parse('2026-11-20T15:00:00Z');
// Real density (§6.7): heart rate every 2.6 s, pages capped at 5,000 points whatever pageSize asks.
const PAGE_CAP = 5000;
const sim = await startHealthSimulator({
  now: () => simStart + (Date.now() - t0),
  rateLimitPerMinute: ratePerMinute,
  heartRateCadenceSeconds: 2.6,
  pageCap: PAGE_CAP,
});

// Minimum pages: what the data in the window needs (test/harness/google-health-sim/minimum-pages.ts).
const today = sim.state.today();
const minimumPages = minimumPagesOf(sim.state, addDays(today, -(days - 1)), today, PAGE_CAP);

const control = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/reset') sim.controls.resetCounters();
  if (req.url === '/token') {
    res.end(JSON.stringify({ accessToken: sim.controls.issueTokens().accessToken }));
    return;
  }
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ counters: sim.counters, now: sim.state.now() }));
});
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
const controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;
process.stdout.write(
  `${JSON.stringify({ url: sim.url, controlUrl, accessToken: sim.controls.issueTokens().accessToken, minimumPages, today, simStart, t0 })}\n`,
);
process.stdin.resume();
process.stdin.on('end', () => {
  control.close();
  void sim.stop().then(() => process.exit(0));
});
