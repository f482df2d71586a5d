import { afterEach, describe, expect, it } from 'vitest';
import {
  devicesCollector,
  NEWEST_DATA_POINT,
} from '../../../../main/core/sources/google-health/collectors/devices.js';
import { HealthClient } from '../../../../main/core/sources/google-health/health-client.js';
import { startHealthSimulator } from '../../../harness/google-health-sim/index.js';
import type { HealthSimulator } from '../../../harness/google-health-sim/index.js';
import { TestClock } from '../../../helpers/test-clock.js';

const NOW = Date.parse('2026-11-20T15:00:00Z');
let sim: HealthSimulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function devices(opts: {
  deviceLastSyncTime: boolean;
}): Promise<{ tags: Record<string, string>; m: string; v: number }[]> {
  const s = await startHealthSimulator({
    now: () => NOW,
    rateLimitPerMinute: false,
    heartRateCadenceSeconds: 60,
    ...opts,
  });
  sim = s;
  const token = s.controls.issueTokens().accessToken;
  const api = new HealthClient({
    baseUrl: s.url,
    clock: new TestClock({ flowing: true, instantTimers: true }),
    tokens: {
      getAccessToken: () => Promise.resolve(token),
      refreshAfterUnauthorized: () => Promise.resolve(token),
    },
  });
  const out: { tags: Record<string, string>; m: string; v: number }[] = [];
  for await (const b of devicesCollector.collect(
    { api, zone: 'Europe/Berlin', now: NOW },
    '2026-11-20',
    '2026-11-20',
  ))
    for (const r of b.records) out.push({ tags: r.tags, m: r.measurement, v: Number(r.fields.value ?? NaN) });
  return out;
}

describe('paired devices', () => {
  it('keeps battery level and status per device', async () => {
    const recs = await devices({ deviceLastSyncTime: true });
    const battery = recs.filter((r) => r.m === 'DeviceBatteryLevel');
    expect(battery.map((r) => [r.tags.Device, r.v, r.tags.BatteryStatus])).toEqual([
      ['Charge 6', 64, 'MEDIUM'],
      ['Aria Air', 90, 'HIGH'],
    ]);
    expect(recs.filter((r) => r.tags.LastSyncFrom !== undefined)).toEqual([]);
  });

  it("without lastSyncTime, takes the tracker's last sync from the newest data point and says so", async () => {
    const recs = await devices({ deviceLastSyncTime: false });
    const last = recs.find((r) => r.m === 'DeviceLastSync' && r.tags.Device === 'Charge 6');
    expect(last?.tags.LastSyncFrom).toBe(NEWEST_DATA_POINT);
    // the newest heart-rate sample: within the last minute of the simulator's "now"
    expect(NOW / 1000 - (last?.v ?? 0)).toBeLessThanOrEqual(60);
    expect(NOW / 1000 - (last?.v ?? 0)).toBeGreaterThanOrEqual(0);
  });
});
