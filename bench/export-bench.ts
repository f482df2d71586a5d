/**
 * Export bench: 30 days of 1-second heart rate plus daily metrics, drained from the Archive as the
 * CLI's `export` does, into a real Victoria Metrics (loopback). Prints samples/s, peak RSS, and the ratio
 *   ratio = (time to POST the identical pre-encoded gzip payloads with a bare http client) / (our export time)
 * Targets: ratio >= 0.7, peak RSS < 300 MB.   Run: npm run bench:export
 */
import { spawn } from 'node:child_process';
import { compileForBench } from './support/compile.js';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendFileSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { typeOfMeasurement, type DataTypeId } from '../main/core/model/data-types.js';
import type { DataRecord } from '../main/core/model/record.js';
import { Archive } from '../main/core/store/archive.js';
import { dayStamp, recordsToSamples } from '../main/core/export/victoria/metric-map.js';
import { VictoriaClient } from '../main/core/export/victoria/vm-client.js';
import { makeDayRecords } from '../test/core/export/day-fixture.js';
import { hasVictoria, startVictoria } from '../test/harness/victoria-server.js';

const DAYS = 30;
/** Rounds of (bare, ours) on fresh servers; the medians are reported (this machine's timings vary). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/** Records grouped by the data type that owns their measurement. */
function groupByType(records: readonly DataRecord[]): [DataTypeId, DataRecord[]][] {
  const out = new Map<DataTypeId, DataRecord[]>();
  for (const r of records) {
    const t = typeOfMeasurement(r.measurement);
    if (t === undefined) continue;
    const list = out.get(t);
    if (list) list.push(r);
    else out.set(t, [r]);
  }
  return [...out];
}
const USER = 'bench';
const MAX_LINES = 50_000;
const MAX_BYTES = 4 * 1024 * 1024;
const MB = 1024 * 1024;

/** CPU milliseconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuMsOf(pid: number | undefined): number {
  try {
    const fields =
      readFileSync(`/proc/${pid ?? 0}/stat`, 'utf8')
        .split(') ')[1]
        ?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

if (!hasVictoria) {
  console.log('SKIPPED: needs /usr/bin/victoria-metrics (apt-get install victoria-metrics)');
  process.exit(0);
}

const dataDir = await mkdtemp(join(tmpdir(), 'syncbit-export-bench-'));
const days: string[] = [];
for (let k = DAYS; k >= 1; k--) days.push(new Date(Date.now() - k * 86_400_000).toISOString().slice(0, 10));
{
  // Written through the Archive (as sync and import write), one day at a time so that generation
  // does not dominate memory; the index is then on disk for the export process.
  const archive = await Archive.open(dataDir);
  for (const day of days)
    await archive.applyDay(
      day,
      groupByType(makeDayRecords(day, { hrEverySeconds: 1 })).map(([type, records]) => ({
        type,
        records,
        mode: 'replace' as const,
      })),
    );
  await archive.flushIndex();
}
const source = await Archive.open(dataDir);

// Pre-encode the identical payloads (same samples, same batch rule, same gzip level) for the bare client.
const payloads: Buffer[] = [];
let totalSamples = 0;
for (const day of days) {
  const records = await source.readDay(day);
  const { samples } = recordsToSamples(records, { user: USER, dayStamp: dayStamp(day, records, 'UTC') });
  totalSamples += samples.length;
  let text = '';
  let lines = 0;
  for (const s of samples) {
    const l = `${s.series} ${s.value} ${s.ts}\n`;
    if (lines > 0 && (lines >= MAX_LINES || text.length + l.length > MAX_BYTES)) {
      payloads.push(await VictoriaClient.compress(text));
      text = '';
      lines = 0;
    }
    text += l;
    lines++;
  }
  if (lines > 0) payloads.push(await VictoriaClient.compress(text));
}
const payloadBytes = payloads.reduce((n, p) => n + p.length, 0);

async function bare(importUrl: string, user: string, password: string): Promise<number> {
  const agent = new http.Agent({ keepAlive: true });
  const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const t0 = performance.now();
  for (const body of payloads) {
    await new Promise<void>((resolve, reject) => {
      const req = http.request(
        importUrl,
        {
          method: 'POST',
          agent,
          headers: { authorization: auth, 'content-encoding': 'gzip', 'content-length': String(body.length) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 204) resolve();
            else reject(new Error(`HTTP ${res.statusCode ?? 0}`));
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
  const ms = performance.now() - t0;
  agent.destroy();
  return ms;
}

async function ours(): Promise<{
  ms: number;
  written: number;
  maxRss: number;
  cpuMs: number;
  vmCpuMs: number;
}> {
  const vm = await startVictoria();
  try {
    const vmCpu0 = cpuMsOf(vm.pid);
    // Each round starts with no outbox state: every archived day is new to this server.
    await rm(join(dataDir, 'state', 'outbox'), { recursive: true, force: true });
    const dir = dataDir;
    const child = spawn(
      process.execPath,
      [
        // e.g. BENCH_CHILD_EXEC_ARGV="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the export alone.
        ...(process.env.BENCH_CHILD_EXEC_ARGV ?? '').split(' ').filter((a) => a !== ''),
        childScript,
        dir,
        vm.importUrl,
        vm.user,
        vm.password,
        USER,
      ],
      {
        env: {
          ...process.env,
          NODE_OPTIONS: process.env.BENCH_CHILD_NODE_OPTIONS ?? '',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise((resolve) => child.once('exit', resolve));
    const vmCpuMs = cpuMsOf(vm.pid) - vmCpu0;
    const r = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as {
      ms: number;
      cpuMs: number;
      maxRss: number;
      sum: { error?: unknown; sent: number; written: number };
    };
    if (r.sum.error || r.sum.sent !== DAYS) throw new Error(`export failed: ${out}`);
    // e.g. with BENCH_CHILD_EXEC_ARGV=--trace-gc: what the export process printed besides its figures.
    if (process.env.BENCH_CHILD_LOG !== undefined) appendFileSync(process.env.BENCH_CHILD_LOG, out);
    if (process.env.BENCH_THREADS !== undefined)
      console.log(
        JSON.stringify((JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { threads: unknown }).threads),
      );
    return { ms: r.ms, written: r.sum.written, maxRss: r.maxRss, cpuMs: r.cpuMs, vmCpuMs };
  } finally {
    await vm.dispose();
  }
}

async function baseline(): Promise<{ ms: number; vmCpuMs: number }> {
  const vm = await startVictoria();
  try {
    const vmCpu0 = cpuMsOf(vm.pid);
    const ms = await bare(vm.importUrl, vm.user, vm.password);
    return { ms, vmCpuMs: cpuMsOf(vm.pid) - vmCpu0 };
  } finally {
    await vm.dispose();
  }
}

// The export runs compiled to JavaScript, as SyncBit ships (no tsx loader in the measured process
// or in its day-reading worker thread, which is built beside it as in dist/).
const { 'export-child': childScript } = await compileForBench('export', {
  'export-child': 'bench/support/export-child.ts',
  'day-read-worker': 'main/core/export/day-read-worker.ts',
});

// Alternate rounds on fresh servers; report the medians.
const oursMs: number[] = [];
const bareMs: number[] = [];
const oursCpu: number[] = [];
const oursVmCpu: number[] = [];
const bareVmCpu: number[] = [];
let exportPeak = 0;
let written = 0;
for (let round = 0; round < ROUNDS; round++) {
  const b = await baseline();
  bareMs.push(b.ms);
  bareVmCpu.push(b.vmCpuMs);
  const r = await ours();
  oursMs.push(r.ms);
  oursCpu.push(r.cpuMs);
  oursVmCpu.push(r.vmCpuMs);
  written = r.written;
  exportPeak = Math.max(exportPeak, r.maxRss);
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const oursMed = median(oursMs);
const bareMed = median(bareMs);
const ratio = bareMed / oursMed;

console.log(
  `export bench: ${DAYS} days, 1-second heart rate + daily metrics, real Victoria Metrics on loopback`,
);
console.log(
  `  samples exported:     ${written.toLocaleString('en')} (${totalSamples.toLocaleString('en')} expected) in ${payloads.length} gzip batches, ${(payloadBytes / MB).toFixed(1)} MB`,
);
console.log(
  `  our export:           ${oursMed.toFixed(0)} ms median of [${oursMs.map((x) => x.toFixed(0)).join(', ')}] → ${Math.round(totalSamples / (oursMed / 1000)).toLocaleString('en')} samples/s`,
);
console.log(
  `  bare POST (pre-encoded): ${bareMed.toFixed(0)} ms median of [${bareMs.map((x) => x.toFixed(0)).join(', ')}] → ${Math.round(totalSamples / (bareMed / 1000)).toLocaleString('en')} samples/s`,
);
console.log(
  `  CPU (median):         our export process ${median(oursCpu).toFixed(0)} ms; Victoria Metrics ${median(oursVmCpu).toFixed(0)} ms during ours, ${median(bareVmCpu).toFixed(0)} ms during the bare POST (${os.availableParallelism()} cores)`,
);
// Our export and the server share the machine's cores: even with every core busy all the time,
// it cannot take less than (our CPU + the server's CPU) / cores. The ratio that would give:
const cpuBound = bareMed / ((median(oursCpu) + median(oursVmCpu)) / os.availableParallelism());
console.log(
  `  ratio if every core were busy throughout: ${cpuBound.toFixed(2)} (our CPU + the server's over ${os.availableParallelism()} cores)`,
);
console.log(
  `  ratio (bare / ours):  ${ratio.toFixed(2)}  (target >= 0.7) ${ratio >= 0.7 ? 'OK' : 'BELOW TARGET'}`,
);
console.log(
  `  peak RSS of the export process: ${(exportPeak / MB).toFixed(0)} MB (target < 300 MB) ${exportPeak < 300 * MB ? 'OK' : 'ABOVE TARGET'}`,
);
await rm(dataDir, { recursive: true, force: true });
