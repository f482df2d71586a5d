/**
 * The renderer is served from a privileged custom scheme, `app://syncbit/…`, not from file://.
 * electron-builder.yml flips the fuse `grantFileProtocolExtraPrivileges: false`, under which a
 * file:// page behaves as in a browser and its `<script type="module">` is blocked: a packaged
 * build would show an empty window. A standard, secure scheme gives the page a real origin, and
 * this handler sends the Content-Security-Policy as a response header as well as in the page.
 * It serves files from the renderer folder only; any other path is refused.
 */
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { CustomScheme } from 'electron';

/** The scheme and host the renderer is served from. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'syncbit';
/** The page the window loads. */
export const RENDERER_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** The renderer's Content-Security-Policy (the same as the meta tag in renderer/index.html). */
export const RENDERER_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'none'";

/**
 * Registered before `ready` (protocol.registerSchemesAsPrivileged): standard (a real origin, so
 * 'self' and module scripts work) and secure (a secure context, like https).
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

/**
 * The file inside `rendererDir` an app:// URL names, or undefined when the URL is not ours or
 * points outside the folder (`..`, encoded `%2e%2e` or `%2f`, backslashes, NUL bytes).
 */
export function resolveRendererPath(rendererDir: string, url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\')) return undefined;
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return undefined;
  const root = resolve(rendererDir);
  const file = resolve(root, ...(segments.length === 0 ? ['index.html'] : segments));
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return undefined;
  return file;
}

/** True when `url` is the renderer page itself (query and hash ignored). */
export function isRendererPage(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.pathname === '/index.html';
  } catch {
    return false;
  }
}

/** Reads one file; injectable for tests. */
export type FileReader = (path: string) => Promise<Uint8Array>;

/**
 * The `protocol.handle('app', …)` handler: GET/HEAD of files under `rendererDir`, with the CSP
 * and `X-Content-Type-Options: nosniff` on every response; 403 outside the folder, 404 when missing.
 */
export function createAppProtocolHandler(
  rendererDir: string,
  read: FileReader = (p) => readFile(p),
): (request: Request) => Promise<Response> {
  const headers = (type: string): Record<string, string> => ({
    'content-type': type,
    'content-security-policy': RENDERER_CSP,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response('method not allowed', { status: 405, headers: headers('text/plain') });
    const file = resolveRendererPath(rendererDir, request.url);
    if (file === undefined) return new Response('forbidden', { status: 403, headers: headers('text/plain') });
    const type = MIME[extname(file).toLowerCase()];
    if (type === undefined) return new Response('not found', { status: 404, headers: headers('text/plain') });
    try {
      const body = await read(file);
      return new Response(request.method === 'HEAD' ? null : Buffer.from(body), {
        status: 200,
        headers: headers(type),
      });
    } catch {
      return new Response('not found', { status: 404, headers: headers('text/plain') });
    }
  };
}
