/**
 * Starts the real Victoria Metrics (Debian's /usr/bin/victoria-metrics) on a free loopback port
 * with a temporary storage folder and basic auth, for integration tests and the export bench.
 * `/health` answers without auth, so readiness also checks that *our* process is alive and that
 * the port was free before we started (a stranger's server must never look "ready").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const VM_BINARY = '/usr/bin/victoria-metrics';
/** False when the binary is missing (integration tests skip themselves with a message). */
export const hasVictoria = existsSync(VM_BINARY);

export interface VictoriaServer {
  readonly port: number;
  readonly baseUrl: string;
  readonly importUrl: string;
  readonly user: string;
  readonly password: string;
  readonly storageDir: string;
  readonly pid: number | undefined;
  /** Stops the process and waits for it to exit (storage is kept). */
  stop(): Promise<void>;
  /** Starts it again on the same port and storage. */
  start(): Promise<void>;
  /** Stops and deletes the storage folder. */
  dispose(): Promise<void>;
  /** GET /internal/force_flush (makes just-imported samples visible). */
  flush(): Promise<void>;
  /** Raw samples via /api/v1/export: series (JSON metric) → [ts, value][] as stored, duplicates included. */
  exportRaw(match: string): Promise<{ metric: Record<string, string>; samples: [number, number][] }[]>;
  /** exportRaw after a flush, polled until at least `minSamples` samples are visible (or ~10 s passed). */
  read(
    match: string,
    minSamples?: number,
  ): Promise<{ metric: Record<string, string>; samples: [number, number][] }[]>;
  /**
   * exportRaw polled (with force_flush) until the sample count has been the same, and non-zero,
   * for `stableMs` (environment.md §4b: new series can stay invisible for 10-15 s), or `maxMs` passed.
   */
  readStable(
    match: string,
    options?: { stableMs?: number; maxMs?: number },
  ): Promise<{ metric: Record<string, string>; samples: [number, number][] }[]>;
  /** An instant PromQL query (`/api/v1/query`) at `time` (epoch ms): the result vector. */
  query(promql: string, time: number): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => {
        if (addr !== null && typeof addr === 'object') resolve(addr.port);
        else reject(new Error('no port'));
      });
    });
  });
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => {
      resolve(false);
    });
  });
}

export async function startVictoria(
  options: { retention?: string; user?: string; password?: string } = {},
): Promise<VictoriaServer> {
  const storageDir = await mkdtemp(join(tmpdir(), 'syncbit-vm-'));
  const port = await freePort();
  const user = options.user ?? 'it-user';
  const password = options.password ?? 'it-pass';
  const baseUrl = `http://127.0.0.1:${port}`;
  const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let log = '';

  const start = async (): Promise<void> => {
    if (await portAnswers(port))
      throw new Error(`port ${port} is busy: refusing to treat another server as ours`);
    const proc = spawn(
      VM_BINARY,
      [
        `-httpListenAddr=127.0.0.1:${port}`,
        `-storageDataPath=${storageDir}`,
        `-httpAuth.username=${user}`,
        `-httpAuth.password=${password}`,
        `-retentionPeriod=${options.retention ?? '100y'}`,
        '-search.latencyOffset=0s',
        '-search.disableCache',
        '-loggerLevel=WARN',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    proc.stdout.on('data', (c: Buffer) => (log += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (log += c.toString()));
    exited = new Promise((resolve) =>
      proc.once('exit', () => {
        resolve();
      }),
    );
    const running = (): boolean => proc.exitCode === null && proc.signalCode === null;
    for (let i = 0; i < 200; i++) {
      if (!running()) throw new Error(`victoria-metrics exited (${proc.exitCode}): ${log.slice(-2000)}`);
      try {
        const res = await fetch(`${baseUrl}/health`);
        if (res.ok && running() && proc.pid !== undefined) {
          process.kill(proc.pid, 0); // still ours and alive
          return;
        }
      } catch {
        // not up yet
      }
      await sleep(25);
    }
    throw new Error(`victoria-metrics did not become ready on port ${port}: ${log.slice(-2000)}`);
  };

  const stop = async (): Promise<void> => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    child = undefined;
  };

  const exportRaw = async (
    match: string,
  ): Promise<{ metric: Record<string, string>; samples: [number, number][] }[]> => {
    const res = await fetch(`${baseUrl}/api/v1/export`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ 'match[]': match }).toString(),
    });
    if (res.status !== 200) throw new Error(`export: HTTP ${res.status}`);
    const text = await res.text();
    const bySeries = new Map<string, { metric: Record<string, string>; samples: [number, number][] }>();
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const row = JSON.parse(line) as {
        metric: Record<string, string>;
        values: number[];
        timestamps: number[];
      };
      const key = JSON.stringify(Object.entries(row.metric).sort());
      let entry = bySeries.get(key);
      if (!entry) bySeries.set(key, (entry = { metric: row.metric, samples: [] }));
      row.timestamps.forEach((ts, k) => entry.samples.push([ts, Number(row.values[k])]));
    }
    for (const e of bySeries.values()) e.samples.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    return [...bySeries.values()];
  };

  const flush = async (): Promise<void> => {
    const res = await fetch(`${baseUrl}/internal/force_flush`, { headers: { authorization: auth } });
    if (res.status !== 200) throw new Error(`force_flush: HTTP ${res.status}`);
  };

  await start();
  return {
    port,
    baseUrl,
    importUrl: `${baseUrl}/api/v1/import/prometheus`,
    user,
    password,
    storageDir,
    get pid() {
      return child?.pid;
    },
    stop,
    start,
    async dispose() {
      await stop();
      await rm(storageDir, { recursive: true, force: true });
    },
    flush,
    exportRaw,
    async read(match, minSamples = 1) {
      let rows: { metric: Record<string, string>; samples: [number, number][] }[] = [];
      for (let i = 0; i < 200; i++) {
        await flush();
        rows = await exportRaw(match);
        if (rows.reduce((n, r) => n + r.samples.length, 0) >= minSamples) break;
        await sleep(50);
      }
      // One more flush + read so that anything still landing shows up too.
      await sleep(100);
      await flush();
      return exportRaw(match);
    },
    async readStable(match, options = {}) {
      const stableMs = options.stableMs ?? 5_000;
      const deadline = Date.now() + (options.maxMs ?? 40_000);
      let rows: { metric: Record<string, string>; samples: [number, number][] }[] = [];
      let count = -1;
      let since = Date.now();
      for (;;) {
        await flush();
        rows = await exportRaw(match);
        const n = rows.reduce((k, r) => k + r.samples.length, 0);
        if (n !== count) [count, since] = [n, Date.now()];
        else if (n > 0 && Date.now() - since >= stableMs) return rows;
        if (Date.now() > deadline) return rows;
        await sleep(250);
      }
    },
    async query(promql, time) {
      const body = new URLSearchParams({ query: promql, time: String(time / 1000) });
      const res = await fetch(`${baseUrl}/api/v1/query`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      if (res.status !== 200) throw new Error(`query: HTTP ${res.status} ${await res.text()}`);
      const json = (await res.json()) as {
        data: { result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      return json.data.result;
    },
  };
}

/** Counts (series, timestamp) pairs that hold more than one sample. */
export function duplicatesIn(
  rows: readonly { metric: Record<string, string>; samples: readonly [number, number][] }[],
): number {
  let dups = 0;
  for (const r of rows) {
    const seen = new Set<number>();
    for (const [ts] of r.samples) {
      if (seen.has(ts)) dups++;
      seen.add(ts);
    }
  }
  return dups;
}

/** What a test proxy does with one import request (body already gunzipped). */
export type ProxyDecision =
  | { action: 'forward' }
  | { action: 'reject'; status: number; body: string }
  | { action: 'forward-then'; after: () => Promise<void> };

export interface VictoriaProxy {
  readonly importUrl: string;
  /** Import requests seen so far. */
  readonly imports: number;
  close(): Promise<void>;
}

/**
 * A loopback proxy in front of a test server, to inject faults a real deployment sees: a
 * validating gateway answering 400, or the server going away right after it stored a batch.
 * Upstream failures become 502.
 */
export async function startVictoriaProxy(
  vm: VictoriaServer,
  onImport: (text: string, count: number) => ProxyDecision | Promise<ProxyDecision>,
): Promise<VictoriaProxy> {
  let imports = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const raw = Buffer.concat(chunks);
        let decision: ProxyDecision = { action: 'forward' };
        if (req.url?.includes('/api/v1/import') === true) {
          imports++;
          const text =
            req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw).toString() : raw.toString();
          decision = await onImport(text, imports);
        }
        if (decision.action === 'reject') {
          res.writeHead(decision.status, { 'content-type': 'text/plain' }).end(decision.body);
          return;
        }
        const up = http.request(
          new URL(req.url ?? '/', vm.baseUrl),
          { method: req.method, headers: req.headers },
          (r) => {
            const body: Buffer[] = [];
            r.on('data', (c: Buffer) => body.push(c));
            r.on('end', () => {
              void (async () => {
                if (decision.action === 'forward-then') await decision.after();
                res.writeHead(r.statusCode ?? 502, r.headers).end(Buffer.concat(body));
              })();
            });
          },
        );
        up.on('error', (err) => {
          if (!res.headersSent)
            res.writeHead(502, { 'content-type': 'text/plain' }).end(`upstream: ${err.message}`);
        });
        up.end(raw);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    importUrl: `http://127.0.0.1:${port}/api/v1/import/prometheus`,
    get imports() {
      return imports;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
