/**
 * `npm run bench:sync`: a 90-day backfill from the Google Health simulator (in its own process,
 * rate limit on at 300/min) through the real HealthClient, the sync engine and the real archive;
 * then a steady-state sync. Prints requests made vs the minimum pages the data needs (ratio),
 * 429s, wall time vs what the rate limit allows, peak RSS of this (the sync) process, and the
 * requests of a steady-state sync. The simulator runs at real density (2.6-s heart rate, pages
 * capped at 5,000 points).
 * Figures only: nothing is asserted. `BENCH_DAYS=30 npm run bench:sync` for a shorter run.
 *
 * The sync runs compiled to JavaScript (esbuild, as SyncBit ships: no tsx loader in the measured
 * process) with V8's old space capped at BENCH_HEAP_MB (default 128; 0 = V8's default): the
 * live set of a sync stays under 64 MB, but with V8's default heuristics the heap grows to ~140 MB
 * of garbage before collecting, which is what pushes the RSS past 250 MB. `syncbit sync` and
 * `syncbit daemon` run with the same cap (main/cli/heap-cap.ts, SYNCBIT_HEAP_MB).
 */
import { spawn } from 'node:child_process';
import { compileForBench } from './support/compile.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Archive } from '../main/core/store/archive.js';
import { HealthClient } from '../main/core/sources/google-health/health-client.js';
import type { ScopeGroup } from '../main/core/sources/google-health/collectors/types.js';
import type { AccessTokenProvider } from '../main/core/sources/google-health/token-manager.js';
import { CoverageStore } from '../main/core/store/coverage.js';
import { SyncEngine } from '../main/core/sync/engine.js';
import { formatSummary } from '../main/core/sync/progress.js';
import { systemClock } from '../main/core/ports.js';

const HEAP_MB = Number(process.env.BENCH_HEAP_MB ?? 128);
if (process.env.BENCH_SYNC_COMPILED === undefined) {
  // Re-run this file compiled to plain JavaScript (as SyncBit ships: no tsx loader thread in the
  // measured process) in a node whose heap is capped like `syncbit sync` (main/cli/heap-cap.ts).
  const { 'sync-bench': outfile } = await compileForBench('sync', { 'sync-bench': 'bench/sync-bench.ts' });
  const self = spawn(
    process.execPath,
    [...(HEAP_MB > 0 ? [`--max-old-space-size=${HEAP_MB}`] : []), outfile],
    { stdio: 'inherit', env: { ...process.env, BENCH_SYNC_COMPILED: '1' } },
  );
  process.exitCode = await new Promise<number>((resolve) =>
    self.once('exit', (code) => {
      resolve(code ?? 1);
    }),
  );
  process.exit();
}

const DAYS = Number(process.env.BENCH_DAYS ?? 90);
const RATE_PER_MINUTE = 300;

interface SimInfo {
  url: string;
  controlUrl: string;
  accessToken: string;
  minimumPages: number;
  simStart: number;
  t0: number;
}
interface Counters {
  api: number;
  byType?: Record<string, number>;
  rateLimited: number;
  serverErrors: number;
  requests: Record<string, number>;
}

const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    join(process.cwd(), 'bench', 'support', 'simulator-process.ts'),
    String(DAYS),
    String(RATE_PER_MINUTE),
  ],
  {
    stdio: ['pipe', 'pipe', 'inherit'],
  },
);
const firstLine = await new Promise<string>((resolve) => {
  createInterface({ input: child.stdout }).once('line', resolve);
});
const info = JSON.parse(firstLine) as SimInfo;
const counters = async (): Promise<Counters> =>
  ((await (await fetch(`${info.controlUrl}/counters`)).json()) as { counters: Counters }).counters;
const dataDir = await mkdtemp(join(tmpdir(), 'syncbit-sync-bench-'));
try {
  let access = info.accessToken;
  const tokens: AccessTokenProvider = {
    getAccessToken: () => Promise.resolve(access),
    refreshAfterUnauthorized: async () => {
      access = ((await (await fetch(`${info.controlUrl}/token`)).json()) as { accessToken: string })
        .accessToken;
      return access;
    },
  };
  const hook: { engine?: SyncEngine } = {};
  let waits = 0;
  const client = new HealthClient({
    baseUrl: info.url,
    tokens,
    onWait: (w) => {
      waits += 1;
      hook.engine?.notifyRateLimitWait(w.until);
    },
  });
  const archive = await Archive.open(dataDir);
  const coverage = await CoverageStore.open(dataDir);
  // The engine's clock follows the simulator's, so both agree on today.
  const simNow = (): number => info.simStart + (Date.now() - info.t0);
  const engine = new SyncEngine({
    api: client,
    store: archive,
    coverage,
    clock: { ...systemClock, now: simNow },
  });
  hook.engine = engine;
  const scopes = new Set<ScopeGroup>(['activity', 'metrics', 'sleep', 'settings', 'location']);

  // Where the memory goes: peak heap, external and array buffers, sampled every 50 ms.
  const peak = { heapUsed: 0, external: 0, arrayBuffers: 0 };
  let sampler: NodeJS.Timeout | undefined;
  const sample = (): void => {
    const m = process.memoryUsage();
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.external = Math.max(peak.external, m.external);
    peak.arrayBuffers = Math.max(peak.arrayBuffers, m.arrayBuffers);
    sampler = setTimeout(sample, 50);
  };
  sample();
  const baselineRss = process.memoryUsage().rss;
  const started = Date.now();
  const result = await engine.run({
    backfillDays: DAYS,
    grantedScopes: scopes,
    concurrency: Number(process.env.BENCH_CONCURRENCY ?? 3),
  });
  await archive.flushIndex();
  const wallMs = Date.now() - started;
  const c = await counters();
  const requests = c.api;
  // What Google's limit allows: 300 requests/minute/user, "about 5 QPS".
  const limitS = requests / (RATE_PER_MINUTE / 60);

  for (const line of formatSummary(result)) console.log(line);
  console.log('');
  console.log(
    `backfill ${DAYS} days: ${requests} API requests (client count ${client.requestCount}), minimum pages ${info.minimumPages}, ratio ${(requests / info.minimumPages).toFixed(3)}`,
  );
  console.log(`429 responses: ${c.rateLimited}; client waits reported: ${waits}; 5xx: ${c.serverErrors}`);
  console.log(
    `wall time ${(wallMs / 1000).toFixed(1)} s; at ${RATE_PER_MINUTE}/min (5 QPS) these requests need ≥ ${limitS.toFixed(1)} s: ${(wallMs / 1000 / limitS).toFixed(2)}× of what the rate limit allows`,
  );
  console.log(`requests by endpoint: ${JSON.stringify(c.requests)}`);
  // maxRSS is in KiB on Linux and macOS.
  clearTimeout(sampler);
  const mb = (n: number): string => (n / 1024 / 1024).toFixed(0);
  console.log(
    `peak RSS of the sync process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (target < 250 MB; ${mb(baselineRss)} MB of it before the sync started: node and modules; old space capped at ${HEAP_MB > 0 ? `${HEAP_MB} MB` : 'V8 default'}); peak heap ${mb(peak.heapUsed)} MB, external ${mb(peak.external)} MB, array buffers ${mb(peak.arrayBuffers)} MB`,
  );

  await fetch(`${info.controlUrl}/reset`, { method: 'POST' });
  const steady = await engine.run({
    backfillDays: DAYS,
    grantedScopes: scopes,
    concurrency: Number(process.env.BENCH_CONCURRENCY ?? 3),
  });
  const perType = steady.types.map((t) => `${t.type}=${t.requests}`).join(' ');
  const steadyCounters = await counters();
  const types = steady.types.filter((t) => t.state !== 'scope-missing').length;
  console.log(
    `steady-state sync: ${steadyCounters.api} requests for ${types} types (${steady.state}); per type: ${perType}`,
  );
  console.log(`steady-state requests per Google type: ${JSON.stringify(steadyCounters.byType ?? {})}`);
} finally {
  child.stdin.end();
  await new Promise((resolve) => child.once('exit', resolve));
  await rm(dataDir, { recursive: true, force: true });
}
