import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_SCHEME_PRIVILEGES,
  RENDERER_CSP,
  createAppProtocolHandler,
  isRendererPage,
  resolveRendererPath,
} from '../../main/shell/app-protocol.js';
import { protocol } from '../fakes/electron.js';
import '../../main/shell/app-shell.js';

let root: string;
let rendererDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'syncbit-protocol-'));
  rendererDir = join(root, 'renderer');
  await mkdir(join(rendererDir, 'img'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><p>SyncBit</p>');
  await writeFile(join(rendererDir, 'app.js'), 'console.log(1);');
  await writeFile(join(rendererDir, 'img', 'logo.svg'), '<svg/>');
  await writeFile(join(root, 'secret.txt'), 'refresh-token');
  await writeFile(join(root, 'config.json'), '{}');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the app:// scheme', () => {
  it('is registered as privileged (standard, secure) when the shell module loads, before ready', () => {
    expect(protocol.privileged).toContainEqual(APP_SCHEME_PRIVILEGES);
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true });
  });

  it('serves the renderer files with their type and the CSP as a response header', async () => {
    const handle = createAppProtocolHandler(rendererDir);
    const page = await handle(new Request('app://syncbit/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(await page.text()).toContain('SyncBit');
    const script = await handle(new Request('app://syncbit/app.js'));
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await handle(new Request('app://syncbit/img/logo.svg'))).status).toBe(200);
    expect((await handle(new Request('app://syncbit/missing.js'))).status).toBe(404);
  });

  it.each([
    'app://syncbit/%2e%2e/secret.txt',
    'app://syncbit/..%2fsecret.txt',
    'app://syncbit/%2E%2E%2Fconfig.json',
    'app://syncbit/img/..%2f..%2fsecret.txt',
    'app://syncbit/..%5csecret.txt',
    'app://syncbit/%252e%252e/secret.txt',
    'app://syncbit/index.html%00.js',
    'app://syncbit/%zz',
    'app://elsewhere/index.html',
    'file:///etc/passwd',
  ])('refuses %s (outside the renderer folder or not ours)', async (url) => {
    const res = await createAppProtocolHandler(rendererDir)(new Request(url));
    expect([403, 404]).toContain(res.status);
    const body = await res.text();
    expect(body).not.toContain('refresh-token');
    expect(body).not.toBe('{}');
  });

  it('never resolves a path outside the folder', () => {
    expect(resolveRendererPath(rendererDir, 'app://syncbit/index.html')).toBe(
      join(rendererDir, 'index.html'),
    );
    expect(resolveRendererPath(rendererDir, 'app://syncbit/')).toBe(join(rendererDir, 'index.html'));
    expect(resolveRendererPath(rendererDir, 'app://syncbit/..%2f..%2fsecret.txt')).toBeUndefined();
    // An encoded leading slash stays inside the folder (it is not an absolute path).
    expect(resolveRendererPath(rendererDir, 'app://syncbit/%2fetc%2fpasswd')).toBe(
      join(rendererDir, 'etc', 'passwd'),
    );
  });

  it('refuses writes', async () => {
    const res = await createAppProtocolHandler(rendererDir)(
      new Request('app://syncbit/index.html', { method: 'POST', body: 'x' }),
    );
    expect(res.status).toBe(405);
  });

  it('knows the renderer page', () => {
    expect(isRendererPage('app://syncbit/index.html#settings')).toBe(true);
    expect(isRendererPage('app://syncbit/other.html')).toBe(false);
    expect(isRendererPage('https://syncbit/index.html')).toBe(false);
  });
});
