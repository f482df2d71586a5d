/**
 * The measured process of bench:export: drains the archive in `dir` to Victoria Metrics exactly as
 * `syncbit export` does (drainAll: the outbox reconciles against the archive index, days are read
 * through the archive's day source), alone in a fresh process so that its peak RSS is its own.
 * Prints one JSON line: wall ms, CPU ms of every thread of the process, the drain summary, peak RSS.
 * Args: dir importUrl user password userLabel.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { drainAll } from '../../main/core/export/exporters.js';
import { Outbox } from '../../main/core/export/outbox.js';
import { VictoriaExporter } from '../../main/core/export/victoria/victoria-exporter.js';
import { Archive } from '../../main/core/store/archive.js';

const [dir, importUrl, user, password, userLabel] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const archive = await Archive.open(dir);
const exporter = new VictoriaExporter(
  { importUrl, user, password, userLabel, timeZone: 'UTC' },
  { journalDir: Outbox.journalDir(dir, 'victoria') },
);
// The import queued its days for the destination (as sync and import do); the export is timed.
await (await Outbox.open(dir, 'victoria')).reconcile(archive);
/** CPU ms per thread of this process (Linux), by thread id, with the thread's name. */
function threadCpu(): Map<string, { name: string; ms: number }> {
  const out = new Map<string, { name: string; ms: number }>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, { name, ms: ((Number(f[11]) + Number(f[12])) * 1000) / 100 });
    }
  } catch {
    // not Linux: no per-thread figures
  }
  return out;
}

const threads0 = threadCpu();
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const [sum] = await drainAll(dir, [exporter], archive, { force: true });
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
await exporter.close();
const cpuMs = (cpu.user + cpu.system) / 1000;
// CPU of the drain by kind of thread: the main thread, Node workers, libuv's pool (zlib, fs), V8's (GC, JIT).
const threads: Record<string, number> = {};
for (const [tid, t] of threadCpu()) {
  const kind = tid === String(process.pid) ? 'main' : t.name;
  threads[kind] = (threads[kind] ?? 0) + t.ms - (threads0.get(tid)?.ms ?? 0);
}
process.stdout.write(
  `${JSON.stringify({ ms, cpuMs, threads, sum, maxRss: process.resourceUsage().maxRSS * 1024 })}\n`,
);
process.exit(0);
