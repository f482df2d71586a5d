/**
 * The Victoria Metrics integration tests' shared setup: one real server and one temp folder per
 * file, exporters pointed at a server, and the "holds exactly these samples" check on read-back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { Outbox } from '../../main/core/export/outbox.js';
import type { DaySource } from '../../main/core/export/types.js';
import { dayStamp, recordsToSamples } from '../../main/core/export/victoria/metric-map.js';
import { VictoriaExporter, type VictoriaOptions } from '../../main/core/export/victoria/victoria-exporter.js';
import {
  VM_BINARY,
  duplicatesIn,
  hasVictoria,
  startVictoria,
  type VictoriaServer,
} from '../harness/victoria-server.js';
import { openDayOutbox, type DayOutbox } from './day-outbox.js';

/** Says why the file's tests skip when Victoria Metrics is not installed (`what` names them). */
export function noteIfNoVictoria(what: string): void {
  if (!hasVictoria) console.warn(`SKIPPED: ${what} need ${VM_BINARY} (apt-get install victoria-metrics).`);
}

export type VictoriaRows = Awaited<ReturnType<VictoriaServer['exportRaw']>>;

export interface VictoriaSuite {
  /** The server started before the file's tests (valid inside tests and hooks). */
  readonly vm: VictoriaServer;
  /** A temp folder for the file's tests (valid inside tests and hooks). */
  readonly dir: string;
}

/** Starts Victoria Metrics and makes a temp folder (`syncbit-<name>-…`) before all tests; removes both after. */
export function useVictoriaSuite(name: string): VictoriaSuite {
  let vm: VictoriaServer | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    vm = await startVictoria();
    dir = await mkdtemp(join(tmpdir(), `syncbit-${name}-`));
  });
  afterAll(async () => {
    await vm?.dispose();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });
  return {
    get vm() {
      if (!vm) throw new Error('Victoria Metrics is not started yet (use it inside a test or hook)');
      return vm;
    },
    get dir() {
      if (dir === undefined)
        throw new Error('the temp folder is not made yet (use it inside a test or hook)');
      return dir;
    },
  };
}

/** An exporter to `server` with its credentials, labelling samples `user`, journalling under `dataDir`. */
export function victoriaExporter(
  server: VictoriaServer,
  dataDir: string,
  user: string,
  overrides: Partial<VictoriaOptions> = {},
): VictoriaExporter {
  return new VictoriaExporter(
    {
      importUrl: server.importUrl,
      user: server.user,
      password: server.password,
      userLabel: user,
      timeZone: 'UTC',
      ...overrides,
    },
    { journalDir: Outbox.journalDir(dataDir, 'victoria') },
  );
}

export interface VictoriaCase extends DayOutbox {
  readonly user: string;
  readonly exporter: VictoriaExporter;
}

/** A test's own user label (isolates its series) and data folder `<base>/<user>`, with exporter and outbox. */
export async function openVictoriaCase(
  server: VictoriaServer,
  base: string,
  user: string,
  overrides: Partial<VictoriaOptions> = {},
): Promise<VictoriaCase> {
  const dir = join(base, user);
  const exporter = victoriaExporter(server, dir, user, overrides);
  return { ...(await openDayOutbox(dir, 'victoria')), user, exporter };
}

/** Backslashes dropped: the server hands label values back unescaped. */
const unescaped = (series: string): string => series.replace(/\\/g, '');

function seriesKey(metric: Record<string, string>): string {
  const { __name__: name, ...labels } = metric;
  return `${name ?? ''}{${Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k] ?? ''}"`)
    .join(',')}}`;
}

/** What the server should hold for `days` of `source`: `series@ts` → value, one per series and instant. */
export async function expectedSamples(
  source: DaySource,
  days: readonly string[],
  user: string,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const day of days) {
    const records = await source.readDay(day);
    for (const s of recordsToSamples(records, { user, dayStamp: dayStamp(day, records, 'UTC') }).samples)
      out.set(`${unescaped(s.series)}@${s.ts}`, s.value);
  }
  return out;
}

/** `rows` hold no duplicate, nothing missing, nothing extra, and every expected value. */
export function assertHoldsExactly(rows: VictoriaRows, expected: Map<string, number>): void {
  expect(duplicatesIn(rows)).toBe(0);
  const got = new Map<string, number>();
  for (const r of rows)
    for (const [ts, v] of r.samples) got.set(`${unescaped(seriesKey(r.metric))}@${ts}`, v);
  expect([...expected.keys()].filter((k) => !got.has(k)).slice(0, 5)).toEqual([]);
  expect([...got.keys()].filter((k) => !expected.has(k)).slice(0, 5)).toEqual([]);
  for (const [k, v] of expected) expect(got.get(k), k).toBeCloseTo(v, 9);
}
