/**
 * `npm run bench:sync`: a 90-day backfill from the Google Health simulator, rate limit on, through
 * the real HealthClient, the sync engine and the real archive; then a steady-state sync. Prints
 * requests made vs the minimum pages the data needs (ratio), 429s, wall time vs what the rate
 * limits allow, and the requests of a steady-state sync. Figures only: nothing is asserted.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '../main/core/model/civil-day.js';
import { DATA_TYPE_IDS } from '../main/core/model/data-types.js';
import { Archive } from '../main/core/store/archive.js';
import { HealthClient } from '../main/core/sources/google-health/health-client.js';
import { COLLECTORS } from '../main/core/sources/google-health/collectors/index.js';
import type { ScopeGroup } from '../main/core/sources/google-health/collectors/types.js';
import type { AccessTokenProvider } from '../main/core/sources/google-health/token-manager.js';
import { CoverageStore } from '../main/core/sync/coverage.js';
import { SyncEngine } from '../main/core/sync/engine.js';
import { formatSummary } from '../main/core/sync/progress.js';
import { systemClock } from '../main/core/ports.js';
import { startHealthSimulator } from '../test/harness/google-health-sim/index.js';

const DAYS = Number(process.env.BENCH_DAYS ?? 90);
const RATE_PER_MINUTE = 300;
const t0 = Date.now();
const simStart = Date.parse('2026-11-20T15:00:00Z');
const sim = await startHealthSimulator({ now: () => simStart + (Date.now() - t0), rateLimitPerMinute: RATE_PER_MINUTE });
const dataDir = await mkdtemp(join(tmpdir(), 'syncbit-sync-bench-'));
try {
  let access = sim.controls.issueTokens().accessToken;
  const tokens: AccessTokenProvider = {
    getAccessToken: () => Promise.resolve(access),
    refreshAfterUnauthorized: () => {
      access = sim.controls.issueTokens().accessToken;
      return Promise.resolve(access);
    },
  };
  const hook: { engine?: SyncEngine } = {};
  let waits = 0;
  const client = new HealthClient({
    baseUrl: sim.url,
    tokens,
    onWait: (w) => {
      waits += 1;
      hook.engine?.notifyRateLimitWait(w.until);
    },
  });
  const archive = await Archive.open(dataDir);
  const coverage = await CoverageStore.open(dataDir);
  // The engine's clock follows the simulator's, so both agree on today.
  const engine = new SyncEngine({ api: client, store: archive, coverage, clock: { ...systemClock, now: () => sim.state.now() } });
  hook.engine = engine;
  const scopes = new Set<ScopeGroup>(['activity', 'metrics', 'sleep', 'settings', 'location']);

  // Minimum pages: what the data in the window needs at the maximum page size, plus one call per
  // rollup block, settings, devices, and one TCX per exercise with GPS.
  const today = sim.state.today();
  const from = addDays(today, -(DAYS - 1));
  let minimum = 1; // settings
  for (const type of DATA_TYPE_IDS) {
    for (const req of COLLECTORS[type].plan(from, today)) {
      if (req.method !== 'reconcile') {
        minimum += 1;
        continue;
      }
      let points = 0;
      for (let d = from; d <= today; d = addDays(d, 1)) {
        const day = sim.state.reconciledDay(req.source, d);
        points += day.length;
        if (req.source === 'exercise')
          minimum += day.filter((p) => (p.exercise as { exerciseMetadata?: { hasGps?: boolean } } | undefined)?.exerciseMetadata?.hasGps !== false).length;
      }
      minimum += Math.max(1, Math.ceil(points / req.pageSize));
    }
  }

  const started = Date.now();
  const result = await engine.run({ backfillDays: DAYS, grantedScopes: scopes, concurrency: 3 });
  const wallMs = Date.now() - started;
  const requests = sim.counters.api;
  const rateLimited = sim.counters.rateLimited;
  const serverBoundS = Math.max(0, requests - RATE_PER_MINUTE) / (RATE_PER_MINUTE / 60);
  const clientPacingS = requests / 4;

  for (const line of formatSummary(result)) console.log(line);
  console.log('');
  console.log(`backfill ${DAYS} days: ${requests} API requests (client count ${client.requestCount}), minimum pages ${minimum}, ratio ${(requests / minimum).toFixed(3)}`);
  console.log(`429 responses: ${rateLimited}; client waits reported: ${waits}; 5xx: ${sim.counters.serverErrors}`);
  console.log(
    `wall time ${(wallMs / 1000).toFixed(1)} s; the server limit (${RATE_PER_MINUTE}/min sliding) allows ≥ ${serverBoundS.toFixed(1)} s; the client's 4 req/s pacing needs ≥ ${clientPacingS.toFixed(1)} s`,
  );
  console.log(`requests by endpoint: ${JSON.stringify(sim.counters.requests)}`);

  sim.controls.resetCounters();
  const steady = await engine.run({ backfillDays: DAYS, grantedScopes: scopes, concurrency: 3 });
  const perType = steady.types.map((t) => `${t.type}=${t.requests}`).join(' ');
  console.log(`steady-state sync: ${sim.counters.api} requests (${steady.state}); per type: ${perType}`);
} finally {
  await sim.stop();
  await rm(dataDir, { recursive: true, force: true });
}
