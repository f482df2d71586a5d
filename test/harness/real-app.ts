/**
 * The real tray-app composition for browser and IPC tests: `composeApp` (the object main/index.ts
 * hands to the shell) over a data folder, pointed at a Google Health simulator the caller owns.
 * The browser that follows the sign-in page is played by a plain HTTP client, and the timer's first
 * tick is pushed out so a test decides when syncs run.
 */
import { composeApp, type App } from '../../main/core/app/compose.js';
import { RingSink, createLogger } from '../../main/core/log.js';
import type { Simulator } from '../helpers/sim-env.js';
import { simulatorEnv } from '../helpers/sim-env.js';

export interface RealAppOptions {
  readonly dataDir: string;
  readonly sim: Simulator;
  /** Sign in to the simulator, and let the sync that follows finish, before returning (default false: a first run). */
  readonly signIn?: boolean;
  /** Days the first backfill reaches back (default 3). */
  readonly backfillDays?: number;
}

export interface RealApp {
  readonly app: App;
  /** The log lines the Sync view shows. */
  readonly ring: RingSink;
}

/** Plays the browser: follows the authorize URL through the simulator's consent to SyncBit's loopback server. */
async function followConsent(url: string): Promise<void> {
  const res = await fetch(url, { redirect: 'follow' });
  await res.arrayBuffer();
}

export async function openRealApp(o: RealAppOptions): Promise<RealApp> {
  const ring = new RingSink(300);
  const log = createLogger('app', ring.sink);
  const app = await composeApp({
    dataDir: o.dataDir,
    env: { ...simulatorEnv(o.sim, o.dataDir), SYNCBIT_BACKFILL_DAYS: String(o.backfillDays ?? 3) },
    log,
    ring,
    openUrl: followConsent,
    firstSyncDelayMs: 3_600_000,
    demoHeartRateSeconds: 300,
  });
  if (o.signIn === true) {
    await app.authorize(o.sim.oauth.clientId, o.sim.oauth.clientSecret);
    // Signing in starts a sync; tests begin once it is done, so the archive does not change under
    // a view while it is read (joins the running sync, never starts a second one).
    await app.syncNow();
  }
  return { app, ring };
}
