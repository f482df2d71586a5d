/**
 * Import benchmark: generates a 2-year synthetic Takeout export, then measures
 *  (a) the floor: reading and parsing every file the importer reads, with the same parsers,
 *      discarding the rows;
 *  (b) the full import into the archive staging (DayStaging) and (c) its finish into the archive;
 * and prints MB/s, records/s, peak RSS and ratio = floor time / import time (target >= 0.7,
 * peak RSS < 300 MB).
 *
 * Usage: npx tsx bench/import-bench.ts [--days 730|1826] [--format folder|zip|tgz] [--hr-seconds 5]
 *        [--skip-counting] [--keep]
 * (`--days 1826` is the 5-year export; `--skip-counting` leaves out phase (importer → counting sink)
 * to save time on a busy machine.) Each phase runs in its own Node with V8's heap capped at
 * BENCH_HEAP_MB (default 160, as `syncbit import` runs; 0 = V8's default).
 */
import { spawnSync } from 'node:child_process';
import { compileForBench } from './support/compile.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticTakeout } from '../main/core/demo/synthetic-takeout.js';
import { demoZones } from '../main/core/demo/demo-zones.js';
import type { DataTypeId } from '../main/core/model/data-types.js';
import type { CivilDay, DataRecord } from '../main/core/model/record.js';
import { routeFile } from '../main/core/sources/takeout/catalogue.js';
import { readCsv } from '../main/core/sources/takeout/csv-rows.js';
import { importTakeout } from '../main/core/sources/takeout/import-takeout.js';
import { openInputs } from '../main/core/sources/takeout/inputs.js';
import { jsonArrayElements } from '../main/core/sources/takeout/json-array.js';
import { Archive } from '../main/core/store/archive.js';
import type { RecordSink } from '../main/core/model/record-sink.js';
import { DayStaging } from '../main/core/store/staging.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

/** Samples RSS with a self-rescheduling timer (no setInterval). */
class RssSampler {
  peak = 0;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  start(): void {
    this.peak = process.memoryUsage().rss;
    this.running = true;
    const tick = (): void => {
      this.peak = Math.max(this.peak, process.memoryUsage().rss);
      if (this.running) this.timer = setTimeout(tick, 25);
    };
    tick();
  }
  stop(): number {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
    return this.peak;
  }
}

const mb = (b: number): string => (b / 1e6).toFixed(1);

async function floor(inputs: string[]): Promise<{ ms: number; bytes: number; rows: number }> {
  const started = performance.now();
  const opened = await openInputs(inputs, (rel) => routeFile(rel).kind === 'family');
  let bytes = 0;
  let rows = 0;
  try {
    for (const e of opened.entries) {
      if (routeFile(e.path).kind !== 'family') continue;
      bytes += e.size;
      const stream = await e.open();
      if (e.path.endsWith('.json')) {
        for await (const el of jsonArrayElements(stream)) {
          JSON.parse(el.text);
          rows++;
        }
      } else {
        await readCsv(
          stream,
          () => undefined,
          () => {
            rows++;
            return undefined;
          },
        );
      }
    }
  } finally {
    await opened.close();
  }
  return { ms: performance.now() - started, bytes, rows };
}

class CountingSink implements RecordSink {
  records = 0;
  add(_day: CivilDay, _type: DataTypeId, _r: DataRecord): undefined {
    this.records++;
    return undefined;
  }
  touch(): void {
    /* counted by the importer's report */
  }
}

interface PhaseResult {
  readonly ms: number;
  readonly bytes: number;
  readonly records: number;
  readonly peakRss: number;
  readonly finishMs?: number;
  readonly dayFiles?: number;
}

/** One measurement in this (fresh) process, so peak RSS is the importer's and not the generator's. */
async function phase(name: string, inputs: string[], workDir: string): Promise<PhaseResult> {
  const rss = new RssSampler();
  rss.start();
  if (name === 'floor') {
    const f = await floor(inputs);
    return { ms: f.ms, bytes: f.bytes, records: f.rows, peakRss: rss.stop() };
  }
  if (name === 'counting') {
    const t = performance.now();
    const r = await importTakeout(inputs, new CountingSink());
    return {
      ms: performance.now() - t,
      bytes: r.totals.bytes,
      records: r.totals.records,
      peakRss: rss.stop(),
    };
  }
  const dataDir = join(workDir, 'data');
  await rm(dataDir, { recursive: true, force: true });
  const t = performance.now();
  const staging = await DayStaging.create(dataDir);
  const report = await importTakeout(inputs, staging);
  const ms = performance.now() - t;
  const archive = await Archive.open(dataDir);
  const written = await staging.finish(archive, { mode: 'merge' });
  const finishMs = performance.now() - t - ms;
  return {
    ms,
    bytes: report.totals.bytes,
    records: report.totals.records,
    peakRss: rss.stop(),
    finishMs,
    dayFiles: written.length,
  };
}

const HEAP_MB = Number(process.env.BENCH_HEAP_MB ?? 160);

/**
 * This file compiled to JavaScript (as SyncBit ships: no tsx loader in the measured process or in
 * its worker threads, whose scripts are built beside it as in dist/). Phases run from it.
 */
async function compiledSelf(): Promise<string> {
  const out = await compileForBench('import', {
    'import-bench': 'bench/import-bench.ts',
    'day-write-worker': 'main/core/store/day-write-worker.ts',
  });
  return out['import-bench'];
}

function runPhase(script: string, name: string, inputs: string[], workDir: string): PhaseResult {
  const res = spawnSync(
    process.execPath,
    [
      // Capped like `syncbit import` (main/cli/heap-cap.ts); BENCH_HEAP_MB=0 for V8's default.
      ...(HEAP_MB > 0 ? [`--max-old-space-size=${HEAP_MB}`] : []),
      ...(process.env.BENCH_PHASE_EXEC_ARGV ?? '').split(' ').filter((a) => a !== ''),
      script,
      '--phase',
      name,
      '--work',
      workDir,
      '--inputs',
      JSON.stringify(inputs),
    ],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const line = res.stdout.split('\n').find((l) => l.startsWith('PHASE '));
  if (res.status !== 0 || line === undefined) throw new Error(`phase ${name} failed: ${res.stderr}`);
  return JSON.parse(line.slice(6)) as PhaseResult;
}

async function main(): Promise<void> {
  const phaseName = arg('phase', '');
  if (phaseName !== '') {
    const r = await phase(phaseName, JSON.parse(arg('inputs', '[]')) as string[], arg('work', tmpdir()));
    console.log(`PHASE ${JSON.stringify(r)}`);
    return;
  }
  const days = Number(arg('days', '730'));
  const format = arg('format', 'folder') as 'folder' | 'zip' | 'tgz';
  const hrSeconds = Number(arg('hr-seconds', '5'));
  const dir = await mkdtemp(join(tmpdir(), 'syncbit-bench-'));
  try {
    const startDay = '2024-01-01';
    const t = performance.now();
    const gen = await generateSyntheticTakeout({
      seed: 7,
      startDay,
      days,
      zones: demoZones(startDay, days),
      outDir: join(dir, 'export'),
      format,
      heartRateSeconds: hrSeconds,
      legacyJsonDays: 30,
    });
    console.log(
      `generated ${days} days (${format}): ${gen.files} files, ${mb(gen.bytes)} MB uncompressed in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    const script = await compiledSelf();
    const f = runPhase(script, 'floor', gen.inputs, dir);
    console.log(
      `floor (read + parse every used file, discard): ${(f.ms / 1000).toFixed(2)} s, ${mb(f.bytes)} MB, ${f.records} rows, ${(f.bytes / 1e6 / (f.ms / 1000)).toFixed(1)} MB/s, peak RSS ${mb(f.peakRss)} MB`,
    );
    const skipCounting = process.argv.includes('--skip-counting');
    const c = skipCounting
      ? { ms: Number.NaN, bytes: 0, records: 0, peakRss: 0 }
      : runPhase(script, 'counting', gen.inputs, dir);
    if (!skipCounting)
      console.log(
        `import → counting sink: ${(c.ms / 1000).toFixed(2)} s, ${c.records} records, ${(c.bytes / 1e6 / (c.ms / 1000)).toFixed(1)} MB/s, ${Math.round(c.records / (c.ms / 1000))} records/s, peak RSS ${mb(c.peakRss)} MB, ratio ${(f.ms / c.ms).toFixed(2)}`,
      );
    const s = runPhase(script, 'staging', gen.inputs, dir);
    const total = s.ms + (s.finishMs ?? 0);
    console.log(
      `import → DayStaging: ${(s.ms / 1000).toFixed(2)} s (${(s.bytes / 1e6 / (s.ms / 1000)).toFixed(1)} MB/s, ${Math.round(s.records / (s.ms / 1000))} records/s), ratio ${(f.ms / s.ms).toFixed(2)}`,
    );
    console.log(
      `  + archive finish (${s.dayFiles ?? 0} day files): ${((s.finishMs ?? 0) / 1000).toFixed(2)} s; total ${(total / 1000).toFixed(2)} s (${(s.bytes / 1e6 / (total / 1000)).toFixed(1)} MB/s, ${Math.round(s.records / (total / 1000))} records/s), peak RSS ${mb(s.peakRss)} MB, ratio ${(f.ms / total).toFixed(2)}`,
    );
    console.log(
      `RESULT days=${days} ratio(importer, counting sink)=${(f.ms / c.ms).toFixed(2)} ratio(import into DayStaging)=${(f.ms / s.ms).toFixed(2)} ratio(incl. archive finish)=${(f.ms / total).toFixed(2)} peakRSS(import)=${mb(Math.max(c.peakRss, s.peakRss))}MB — targets: ratio >= 0.7, peak RSS < 300 MB`,
    );
  } finally {
    if (!process.argv.includes('--keep')) await rm(dir, { recursive: true, force: true });
  }
}

await main();
