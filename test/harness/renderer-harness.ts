/**
 * The renderer test harness: builds the renderer with esbuild, serves it on http://127.0.0.1:0
 * with a bridge shim standing in for the preload, and answers the shim's requests with the SAME
 * IPC handlers and validation the Electron main process uses (main/shell/ipc-handlers.ts +
 * ipc-dispatch.ts) over a real core. The served index.html is the production file with exactly one
 * CSP difference: connect-src allows the harness origin (the shim's fetch/EventSource), in test
 * mode only.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { AppActions } from '../../main/core/app/types.js';
import { silentLogger } from '../../main/core/log.js';
import { createHandlers, type ShellActions } from '../../main/shell/ipc-handlers.js';
import { createDispatch, type Dispatch } from '../../main/shell/ipc-dispatch.js';
import type { EventName, Events, GuidePage } from '../../preload/contract.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const PRODUCTION_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'none'";

let bundles: Promise<{ app: string; shim: string }> | undefined;

/** Bundles renderer/main.ts and the bridge shim once per process (esbuild, in memory). */
export function buildRendererBundles(): Promise<{ app: string; shim: string }> {
  bundles ??= (async () => {
    const [app, shim] = await Promise.all([
      build({
        entryPoints: [`${root}renderer/main.ts`],
        bundle: true,
        format: 'esm',
        target: 'chrome120',
        write: false,
        logLevel: 'silent',
      }),
      build({
        entryPoints: [`${root}test/harness/bridge-shim.ts`],
        bundle: true,
        format: 'iife',
        target: 'chrome120',
        write: false,
        logLevel: 'silent',
      }),
    ]);
    return { app: app.outputFiles[0]?.text ?? '', shim: shim.outputFiles[0]?.text ?? '' };
  })();
  return bundles;
}

/** The production index.html with the harness's one CSP difference and the shim script. */
export function harnessHtml(productionHtml: string, origin: string): string {
  if (!productionHtml.includes(PRODUCTION_CSP))
    throw new Error('renderer/index.html does not carry the production CSP');
  return productionHtml
    .replace(PRODUCTION_CSP, PRODUCTION_CSP.replace("connect-src 'none'", `connect-src ${origin}`))
    .replace(
      '<script type="module" src="app.js"></script>',
      '<script src="bridge-shim.js"></script>\n    <script type="module" src="app.js"></script>',
    );
}

export interface HarnessShellState {
  startAtLogin: boolean;
  readonly openedGuides: GuidePage[];
  takeoutPaths: string[];
}

export interface RendererHarness {
  readonly url: string;
  readonly origin: string;
  readonly shell: HarnessShellState;
  readonly dispatch: Dispatch;
  /** Every request the page made (channel + payload), for assertions. */
  readonly requests: { channel: string; payload: unknown }[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly services: AppActions;
  /** What "Choose export…" returns (the generated Takeout export). */
  readonly takeoutPaths?: string[];
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the harness server on 127.0.0.1:0. */
export async function startRendererHarness(options: HarnessOptions): Promise<RendererHarness> {
  const { app, shim } = await buildRendererBundles();
  const [html, css] = await Promise.all([
    readFile(`${root}renderer/index.html`, 'utf8'),
    readFile(`${root}renderer/styles.css`, 'utf8'),
  ]);
  const streams = new Set<ServerResponse>();
  const requests: { channel: string; payload: unknown }[] = [];
  const shell: HarnessShellState = {
    startAtLogin: false,
    openedGuides: [],
    takeoutPaths: options.takeoutPaths ?? [],
  };

  const emit = <E extends EventName>(event: E, payload: Events[E]): void => {
    const data = `data: ${JSON.stringify({ event, payload })}\n\n`;
    for (const s of streams) s.write(data);
  };
  const actions: ShellActions = {
    appInfo: () => Promise.resolve({ version: '0.1.0', platform: 'linux', startAtLogin: shell.startAtLogin }),
    setStartAtLogin: (enabled) => {
      shell.startAtLogin = enabled;
      return Promise.resolve(enabled);
    },
    openGuide: (page) => {
      shell.openedGuides.push(page);
      return Promise.resolve();
    },
    openDataFolder: () => Promise.resolve(),
    pickTakeoutFiles: () => Promise.resolve([...shell.takeoutPaths]),
    now: () => Date.now(),
  };
  const dispatch = createDispatch(createHandlers(options.services, actions, { emit }), silentLogger);
  const unsubscribe = options.services.onStatusChanged((s) => {
    emit('sync:status-changed', s);
  });

  let origin = '';
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const send = (status: number, type: string, body: string): void => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method === 'GET' && (path === '/' || path === '/index.html')) {
      send(200, 'text/html; charset=utf-8', harnessHtml(html, origin));
      return;
    }
    if (req.method === 'GET' && path === '/app.js') {
      send(200, 'text/javascript; charset=utf-8', app);
      return;
    }
    if (req.method === 'GET' && path === '/bridge-shim.js') {
      send(200, 'text/javascript; charset=utf-8', shim);
      return;
    }
    if (req.method === 'GET' && path === '/styles.css') {
      send(200, 'text/css; charset=utf-8', css);
      return;
    }
    // Browsers ask for a favicon on http:// (never on Electron's file://); answer with nothing.
    if (req.method === 'GET' && path === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    // Stands in for a Victoria Metrics /health endpoint so "Test connection" has something to reach.
    if (req.method === 'GET' && path === '/health') {
      send(200, 'text/plain', 'OK');
      return;
    }
    if (req.method === 'GET' && path === '/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (req.method === 'POST' && path === '/ipc') {
      readBody(req)
        .then(async (text) => {
          const { channel, payload } = JSON.parse(text) as { channel: string; payload?: unknown };
          requests.push({ channel, payload });
          send(200, 'application/json', JSON.stringify(await dispatch(channel, payload)));
        })
        .catch((err: unknown) => {
          send(
            500,
            'application/json',
            JSON.stringify({ ok: false, error: { code: 'internal', message: String(err) } }),
          );
        });
      return;
    }
    send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    origin,
    shell,
    dispatch,
    requests,
    close: async () => {
      unsubscribe();
      for (const s of streams) s.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}
