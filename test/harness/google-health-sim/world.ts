/**
 * The simulated person and their data, without any transport: the simulator clock, the timeline
 * (home zone, trips), the seeded data, the store and the request rules (SimService), plus the
 * controls that change what the API serves. The HTTP simulator (index.ts) and the in-process
 * HealthApi (in-process.ts) are both built on one of these.
 */
import { SimData } from './data.js';
import { SimService } from './service.js';
import { SimStore } from './store.js';
import { Timeline, addDays } from './timeline.js';
import type { Trip } from './timeline.js';

export interface SimWorldOptions {
  /** Seed of the generated data (default 42). Same seed, same data. */
  seed?: number;
  /** The simulator's clock (default Date.now). `controls.advanceTime` shifts it. */
  now?: () => number;
  /** Days of history served, ending today (default 120). */
  historyDays?: number;
  /** Home IANA zone (default Europe/Berlin: DST ends on the last Sunday of October). */
  homeZone?: string;
  /** Trips across zones. Default: America/New_York from today−24 to today−17 (7 days). */
  trips?: Trip[];
  /** Heart-rate sample cadence in seconds (default 2.6: ~33k samples a day, like real trackers, §6.7). */
  heartRateCadenceSeconds?: number;
  /**
   * Most points a list/reconcile page holds whatever `pageSize` asks (default 5000, like the live
   * API, §6.7; false = the documented 10,000). Clients must follow nextPageToken until it is absent.
   */
  pageCap?: number | false;
  /** Civil days the tracker was not worn at all: no intraday activity points, no rollup windows. */
  notWornDays?: readonly string[];
  /** Worn minutes without steps carry a 0 point for steps and distance (true zeros). Default false. */
  trueZeros?: boolean;
  /** The tracker's pairedDevices entry carries lastSyncTime (default false: often absent live, §6.7). */
  deviceLastSyncTime?: boolean;
  /**
   * false: a blank account serving only what the test adds (addPoints, setRollup, …): no generated
   * points and no computed rollups. Default true.
   */
  generate?: boolean;
  healthUserId?: string;
  legacyUserId?: string;
}

/** Controls over the data the API serves (the HTTP simulator adds transport controls to these). */
export interface SimDataControls {
  /** Moves the simulator clock forward (data horizon, token expiry, rate-limit window). */
  advanceTime(ms: number): void;
  /** Hides a day of one type ('*' = all types) as if the phone had not uploaded it yet. */
  hideDay(type: string, day: string): void;
  /** Undoes hideDay: the data "arrives late". */
  revealDay(type: string, day: string): void;
  /** Adds late-uploaded points to a past day (daily types: replaces the value). Returns how many. */
  addLateData(type: string, day: string, count?: number): number;
  /**
   * Adds points shaped as the API returns them (envelope + camelCase payload with `interval`,
   * `sampleTime` or `date`); served with the simulator's rendering (civil fields, dataPointName),
   * keeping the given dataSource. A daily point replaces the generated value of its day.
   */
  addPoints(type: string, ...points: Record<string, unknown>[]): void;
  /** Sets the dailyRollUp window of a type on a day (its value keys, e.g. `{ steps: { countSum: '8' } }`). */
  setRollup(type: string, day: string, value: Record<string, unknown>): void;
  /** Replaces the pairedDevices list (undefined: the generated tracker and scale again). */
  setPairedDevices(devices: Record<string, unknown>[] | undefined): void;
  /** The TCX document exportExerciseTcx returns for an exercise id (else one generated from the session). */
  setExerciseTcx(id: string, xml: string): void;
}

export class SimWorld {
  readonly now: () => number;
  readonly userId: string;
  readonly timeline: Timeline;
  readonly data: SimData;
  readonly store: SimStore;
  readonly service: SimService;
  readonly controls: SimDataControls;
  private shift = 0;
  private readonly historyDays: number;

  constructor(opts: SimWorldOptions = {}) {
    const baseNow = opts.now ?? Date.now;
    this.now = () => baseNow() + this.shift;
    const homeZone = opts.homeZone ?? 'Europe/Berlin';
    this.historyDays = opts.historyDays ?? 120;
    const todayAtStart = new Timeline(homeZone, []).dayOf(this.now());
    const trips = opts.trips ?? [
      { from: addDays(todayAtStart, -24), to: addDays(todayAtStart, -17), zone: 'America/New_York' },
    ];
    this.timeline = new Timeline(homeZone, trips);
    this.userId = opts.healthUserId ?? 'sim-7f3a9c2e4b';
    this.data = new SimData(
      opts.seed ?? 42,
      this.timeline,
      this.userId,
      opts.heartRateCadenceSeconds ?? 2.6,
      {
        notWornDays: new Set(opts.notWornDays ?? []),
        trueZeros: opts.trueZeros ?? false,
      },
    );
    this.store = new SimStore(
      this.data,
      () => ({ first: this.firstDay(), today: this.today(), now: this.now() }),
      opts.generate ?? true,
    );
    this.service = new SimService(this.store, this.data, {
      userId: this.userId,
      legacyUserId: opts.legacyUserId ?? 'ABC12D',
      pageCap: opts.pageCap ?? 5000,
      deviceLastSyncTime: opts.deviceLastSyncTime ?? false,
      now: this.now,
    });
    this.controls = this.dataControls();
  }

  /** Civil "today" in the person's zone. */
  readonly today = (): string => this.timeline.dayOf(this.now());
  /** First civil day with data. */
  readonly firstDay = (): string => addDays(this.today(), -(this.historyDays - 1));

  /** Raw reconciled points of a type on a day as the API would render them (for assertions). */
  reconciledDay(type: string, day: string): Record<string, unknown>[] {
    return this.store
      .day(type, day)
      .map((p) => this.store.render(type, { ...p, source: 'tracker' }, 'reconcile'));
  }

  private dataControls(): SimDataControls {
    const store = this.store;
    return {
      advanceTime: (ms) => {
        this.shift += ms;
      },
      hideDay: (type, day) => {
        store.hidden.add(`${type}|${day}`);
      },
      revealDay: (type, day) => {
        store.hidden.delete(`${type}|${day}`);
      },
      addLateData: (type, day, count = 30) => store.addLate(type, day, count),
      addPoints: (type, ...points) => {
        store.addPoints(type, points);
      },
      setRollup: (type, day, value) => {
        store.setRollup(type, day, value);
      },
      setPairedDevices: (devices) => {
        store.pairedDevices = devices;
      },
      setExerciseTcx: (id, xml) => {
        store.tcx.set(id, xml);
      },
    };
  }
}
