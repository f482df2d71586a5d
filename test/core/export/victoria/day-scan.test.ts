import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { fileDaySource } from '../../../../main/core/export/day-source.js';
import { Outbox } from '../../../../main/core/export/outbox.js';
import type { DaySource } from '../../../../main/core/export/types.js';
import { scanDayJson, scanOf } from '../../../../main/core/export/victoria/day-scan.js';
import { dayStamp, DayMapper, recordsToSamples } from '../../../../main/core/export/victoria/metric-map.js';
import { PromBatchEncoder } from '../../../../main/core/export/victoria/prom-encoder.js';
import { VictoriaExporter } from '../../../../main/core/export/victoria/victoria-exporter.js';
import { M } from '../../../../main/core/model/data-types.js';
import { makeRecord, type DataRecord } from '../../../../main/core/model/record.js';
import { encodeDayJson } from '../../../../main/core/store/day-file.js';
import { dataPaths, dayFileName } from '../../../../main/core/store/paths.js';
import { makeDayRecords, recentDays, writeArchiveDays } from '../day-fixture.js';

const DAY = '2025-03-10';
const T = Date.UTC(2025, 2, 10, 8);

/** What the exporter always sent: JSON.parse, records → samples, one `series value ts` line each, cut by the limits. */
function referenceBatches(
  json: string,
  day: string,
  limits: { maxLines: number; maxChars: number },
): string[] {
  const records = JSON.parse(json) as DataRecord[];
  const { samples } = recordsToSamples(records, { user: 'u "1"', dayStamp: dayStamp(day, records, 'UTC') });
  const out: string[] = [];
  let text = '';
  let lines = 0;
  for (const s of samples) {
    const l = `${s.series} ${s.value} ${s.ts}\n`;
    if (lines > 0 && (lines >= limits.maxLines || text.length + l.length > limits.maxChars)) {
      out.push(text);
      text = '';
      lines = 0;
    }
    text += l;
    lines++;
  }
  if (lines > 0) out.push(text);
  return out;
}

/** The fast path: scan the bytes, map columns, encode straight to bytes. */
function fastBatches(
  json: string,
  day: string,
  limits: { maxLines: number; maxChars: number },
): string[] | undefined {
  const scan = scanDayJson(Buffer.from(json, 'utf8'));
  if (scan === undefined) return undefined;
  const mapper = new DayMapper('u "1"');
  for (const item of scan.items)
    if ('column' in item) mapper.addColumn(item.column);
    else mapper.addRecord(item.record);
  const encoder = new PromBatchEncoder(mapper.finish(mapper.dayStamp(day, 'UTC')).series, limits);
  const out: string[] = [];
  for (let b = encoder.next(); b !== undefined; b = encoder.next()) out.push(b.toString('utf8'));
  return out;
}

/** Equal batch texts; on a difference, reports the first differing line (not a diff of megabytes). */
function expectSameBatches(got: readonly string[] | undefined, want: readonly string[]): void {
  expect(got).toBeDefined();
  const g = got ?? [];
  const firstDiff = (a: string, b: string): string[] => {
    const la = a.split('\n');
    const lb = b.split('\n');
    for (let k = 0; k < Math.max(la.length, lb.length); k++)
      if (la[k] !== lb[k]) return [`line ${k}: ${la[k] ?? '(none)'}`, `line ${k}: ${lb[k] ?? '(none)'}`];
    return [];
  };
  for (let k = 0; k < Math.min(g.length, want.length); k++)
    if (g[k] !== want[k])
      expect(firstDiff(g[k] ?? '', want[k] ?? '')[0], `batch ${k}`).toBe(
        firstDiff(g[k] ?? '', want[k] ?? '')[1],
      );
  expect(g.length).toBe(want.length);
}

const rec = (
  measurement: string,
  time: string,
  tags: Record<string, string>,
  fields: Record<string, number>,
): DataRecord => ({
  measurement,
  time,
  tags,
  fields,
});

/** A day with everything the fast path must not get wrong. */
function oddDay(): DataRecord[] {
  const made = [
    makeRecord(M.heartRate, T, { Device: 'Charge "6"\\x' }, { value: 61 }),
    makeRecord(M.heartRate, T + 1000, { Device: 'Charge "6"\\x' }, { value: 62.5 }),
    makeRecord(M.heartRate, T + 2000, { Device: 'Line\nbreak' }, { value: -3 }),
    makeRecord(M.heartRate, T + 3000, { Device: 'Montre é ⌚' }, { value: 0.1 + 0.2 }),
    makeRecord(M.heartRate, T + 4000, { Device: '' }, { value: 1e21 }),
    makeRecord(M.heartRate, T + 5000, {}, { value: 1e-7 }),
    makeRecord(M.heartRate, T + 6000, { Device: 'A' }, { value: 2 ** 60 }),
    makeRecord(M.heartRate, T + 6001, { Device: 'A' }, { value: 999999999999999 }),
    makeRecord(M.heartRate, T + 6002, { Device: 'A' }, { value: 12345678 }),
    makeRecord(M.heartRate, T + 6003, { Device: 'A' }, { value: 100000000 }),
    makeRecord(M.heartRate, T + 6004, { Device: 'A' }, { value: -100000007 }),
    makeRecord(M.heartRate, T + 7000, { Device: 'A', Extra: 'x' }, { value: 70 }),
    makeRecord(M.heartRate, T + 8000, { Device: 'A' }, { value: 80, other: 1 }),
    makeRecord(M.heartRate, T + 9000, { Device: 'A' }, { other: 1 }),
    // Same series and timestamp twice: the later record wins.
    makeRecord(M.heartRate, T + 10_000, { Device: 'A' }, { value: 1 }),
    makeRecord(M.heartRate, T + 10_000, { Device: 'A' }, { value: 2 }),
    makeRecord(M.stepsIntraday, T, { Device: 'A' }, { value: 12 }),
    makeRecord(M.spo2Intraday, T - 86_400_000, { Device: 'A' }, { value: 95 }),
    makeRecord(M.steps, Date.UTC(2025, 2, 10, 11), { Device: 'A' }, { value: 9000 }),
    makeRecord('Unknown_Measurement', T, { Device: 'A' }, { value: 1 }),
  ].flatMap((r) => (r ? [r] : []));
  return [
    ...made,
    rec(M.heartRate, 'not a time', { Device: 'A' }, { value: 5 }),
    rec(M.heartRate, '2025-03-10T09:00:00+01:00', { Device: 'A' }, { value: 6 }),
    rec(M.heartRate, '2025-03-10T24:00:00Z', { Device: 'A' }, { value: 7 }),
    rec(M.heartRate, '2025-02-30T10:00:00Z', { Device: 'A' }, { value: 8 }),
    rec(M.heartRate, '2025-03-10T10:00:00.5Z', { Device: 'A' }, { value: 9 }),
    rec(M.heartRate, '2025-03-10T10:00:00.250Z', { Device: 'A' }, { value: 10 }),
    rec(M.caloriesIntraday, '2025-03-10T10:00:00Z', { Device: 'A' }, { value: -0 }),
  ];
}

describe('day scan (fast path of the Victoria Metrics export)', () => {
  const limits = [
    { maxLines: 50_000, maxChars: 4 * 1024 * 1024 },
    { maxLines: 7, maxChars: 100_000 },
    { maxLines: 1000, maxChars: 300 },
  ];
  const days: [string, DataRecord[]][] = [
    ['fixture, 1-second heart rate', makeDayRecords(DAY, { hrEverySeconds: 1 })],
    [
      'fixture, other device and offset',
      makeDayRecords(DAY, { device: 'Pixel "Watch" 3', offsetMinutes: -300, hrEverySeconds: 7 }),
    ],
    ['odd tags, numbers and times', oddDay()],
    ['odd day merged with a fixture day', [...oddDay(), ...makeDayRecords(DAY, { hrEverySeconds: 60 })]],
    ['empty day', []],
  ];

  for (const [name, records] of days)
    it(`gives byte-identical import batches to the per-record path: ${name}`, () => {
      const json = encodeDayJson(records);
      for (const l of limits) {
        expectSameBatches(fastBatches(json, DAY, l), referenceBatches(json, DAY, l));
      }
    });

  it('gives the same batches for a hand-written file with records in any order and key order', () => {
    const records = oddDay().reverse();
    const json = JSON.stringify(
      records.map((r, k) =>
        k % 2 === 0 ? { fields: r.fields, tags: r.tags, time: r.time, measurement: r.measurement } : r,
      ),
    );
    const l = { maxLines: 7, maxChars: 1000 };
    expectSameBatches(fastBatches(json, DAY, l), referenceBatches(json, DAY, l));
  });

  it('leaves files that are not in the canonical layout to the full parser', () => {
    const pretty = JSON.stringify(makeDayRecords(DAY), null, 2);
    expect(scanDayJson(Buffer.from(pretty))).toBeUndefined();
    expect(scanDayJson(Buffer.from('{"not":"an array"}'))).toBeUndefined();
  });

  it('rejects a record that is not valid JSON or not a record', () => {
    const good = encodeDayJson(makeDayRecords(DAY).slice(0, 3));
    expect(() => scanDayJson(Buffer.from(good.replace('"fields":{', '"fields":{,')))).toThrow();
    expect(() => scanDayJson(Buffer.from(`[${good.slice(1, -1)},{"measurement":1}]`))).toThrow(
      /not a record/,
    );
    // A number JSON does not allow is never taken as a number.
    const hr = encodeDayJson([rec(M.heartRate, '2025-03-10T10:00:00Z', { Device: 'A' }, { value: 5 })]);
    expect(() => scanDayJson(Buffer.from(hr.replace(':5}', ':05}')))).toThrow();
  });
});

describe('fileDaySource', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it('hands out records that equal the parsed day file in every respect', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'syncbit-day-source-'));
    dirs.push(dir);
    const records = [...oddDay(), ...makeDayRecords(DAY)];
    await writeArchiveDays(dir, new Map([[DAY, records]]));
    const got = await fileDaySource(dir).readDay(DAY);
    const parsed = JSON.parse(encodeDayJson(records)) as DataRecord[];
    expect(scanOf(got)).toBeDefined();
    expect(Array.isArray(got)).toBe(true);
    expect(got.length).toBe(parsed.length);
    expect(got).toEqual(parsed);
    expect(JSON.stringify(got)).toBe(JSON.stringify(parsed));
    expect([...got].map((r) => r.measurement)).toEqual(parsed.map((r) => r.measurement));
    expect(encodeDayJson(got)).toBe(encodeDayJson(records));
  });

  it('reports a damaged day file as damaged', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'syncbit-day-source-'));
    dirs.push(dir);
    const archive = dataPaths(dir).archiveDir;
    await mkdir(archive, { recursive: true });
    const json = encodeDayJson(makeDayRecords(DAY)).replace('"time":"', '"time":"\u0001');
    await writeFile(join(archive, dayFileName(DAY)), gzipSync(json));
    await expect(fileDaySource(dir).readDay(DAY)).rejects.toMatchObject({ code: 'io' });
  });
});

describe('Victoria export from day files', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });

  /** A stand-in import endpoint on loopback that records every import body. */
  async function fakeVictoria(): Promise<{ url: string; bodies: string[] }> {
    const bodies: string[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.url?.startsWith('/api/v1/labels')) {
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success","data":[]}');
        } else if (req.url?.startsWith('/api/v1/import')) {
          bodies.push(gunzipSync(Buffer.concat(chunks)).toString('utf8'));
          res.writeHead(204).end();
        } else res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(
      () =>
        new Promise<void>((resolve) =>
          server.close(() => {
            resolve();
          }),
        ),
    );
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/api/v1/import/prometheus`, bodies };
  }

  async function drainAllDays(source: DaySource, dataDir: string, days: string[]): Promise<string[]> {
    const vm = await fakeVictoria();
    const box = await Outbox.open(dataDir, 'victoria');
    await box.enqueue(days.map((day) => ({ day, hash: `h-${day}` })));
    const exporter = new VictoriaExporter(
      { importUrl: vm.url, userLabel: 'me', timeZone: 'UTC', maxBatchLines: 20_000 },
      { journalDir: Outbox.journalDir(dataDir, 'victoria') },
    );
    const sum = await box.drain(exporter, { source });
    await exporter.close();
    expect(sum.error).toBeUndefined();
    expect(sum.sent).toBe(days.length);
    return vm.bodies;
  }

  it('sends exactly what it sends for the same records from any other source', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'syncbit-victoria-scan-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const days = recentDays(4);
    const content = new Map(
      days.map((d, k) => [
        d,
        makeDayRecords(d, { hrEverySeconds: 1 + k, device: k === 2 ? 'Odd "\\ device' : undefined }),
      ]),
    );
    await writeArchiveDays(dir, content);

    const fromFiles = await drainAllDays(fileDaySource(dir), join(dir, 'a'), days);
    // The same records as plain arrays (no scan): the per-record path.
    const plain: DaySource = {
      readDay: (day) => Promise.resolve(JSON.parse(encodeDayJson(content.get(day) ?? [])) as DataRecord[]),
    };
    const fromRecords = await drainAllDays(plain, join(dir, 'b'), days);
    expect(fromFiles.length).toBeGreaterThan(days.length);
    expectSameBatches(fromFiles, fromRecords);
  });
});
