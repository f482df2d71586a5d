/**
 * The live API serves pages far smaller than `pageSize` asks (§6.7). Every collector must follow
 * nextPageToken until it is absent and never judge a day complete by the size of a page: with
 * pages capped at a handful of points, each collector yields exactly what it yields uncapped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_TYPE_IDS } from '../../../../main/core/model/data-types.js';
import { COLLECTORS } from '../../../../main/core/sources/google-health/collectors/index.js';
import type { ScopeGroup } from '../../../../main/core/sources/google-health/collectors/types.js';
import { HealthClient } from '../../../../main/core/sources/google-health/health-client.js';
import { RateLimiter } from '../../../../main/core/sources/google-health/rate-limiter.js';
import { startHealthSimulator } from '../../../harness/google-health-sim/index.js';
import type { HealthSimulator } from '../../../harness/google-health-sim/index.js';
import { TestClock } from '../../../helpers/test-clock.js';

const NOW = Date.parse('2026-11-20T15:00:00Z');
const FROM = '2026-11-17';
const TO = '2026-11-19';
const SCOPES = new Set<ScopeGroup>(['activity', 'metrics', 'sleep', 'settings', 'location']);

let capped: HealthSimulator;
let uncapped: HealthSimulator;
beforeAll(async () => {
  const common = { now: () => NOW, rateLimitPerMinute: false as const, heartRateCadenceSeconds: 120 };
  capped = await startHealthSimulator({ ...common, pageCap: 2 });
  uncapped = await startHealthSimulator({ ...common, pageCap: false });
});
afterAll(async () => {
  await capped.stop();
  await uncapped.stop();
});

async function collect(sim: HealthSimulator, type: (typeof DATA_TYPE_IDS)[number]): Promise<string[]> {
  const clock = new TestClock({ flowing: true, instantTimers: true });
  const token = sim.controls.issueTokens().accessToken;
  const api = new HealthClient({
    baseUrl: sim.url,
    tokens: {
      getAccessToken: () => Promise.resolve(token),
      refreshAfterUnauthorized: () => Promise.resolve(token),
    },
    clock,
    limiter: new RateLimiter({ clock, ratePerSecond: 1000, burst: 1000, perMinute: 1_000_000 }),
  });
  const out: string[] = [];
  for await (const b of COLLECTORS[type].collect(
    { api, zone: 'Europe/Berlin', now: NOW, grantedScopes: SCOPES },
    FROM,
    TO,
  ))
    for (const r of b.records) out.push(`${b.day} ${JSON.stringify(r)}`);
  return out.sort();
}

describe('paging with pages capped far below pageSize', () => {
  for (const type of DATA_TYPE_IDS) {
    it(`${type}: follows nextPageToken until it is absent and loses nothing`, async () => {
      const before = { capped: capped.counters.api, uncapped: uncapped.counters.api };
      const got = await collect(capped, type);
      const want = await collect(uncapped, type);
      expect(got).toEqual(want);
      if (!['devices', 'weight', 'body-fat'].includes(type)) expect(want.length, type).toBeGreaterThan(0);
      // where a day holds more than a page, the capped run really paged
      if (['steps', 'distance', 'heart-rate', 'hrv', 'spo2', 'sleep'].includes(type))
        expect(capped.counters.api - before.capped, type).toBeGreaterThan(
          uncapped.counters.api - before.uncapped,
        );
    });
  }
});
