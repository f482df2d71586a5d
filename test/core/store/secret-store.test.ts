import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataPaths } from '../../../main/core/store/paths.js';
import { createSecretStore, secretStoreKindFromEnv } from '../../../main/core/store/secret-store.js';
import { createFileSecretStore } from '../../../main/core/store/secret-store-file.js';
import { createKeytarSecretStore } from '../../../main/core/store/secret-store-keytar.js';
import type { KeytarModule } from '../../../main/core/store/secret-store-keytar.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'syncbit-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('file secret store (SYNCBIT_TOKEN_STORE=file)', () => {
  it('round-trips secrets in a 0600 file inside a 0700 state folder', async () => {
    const store = createSecretStore({ kind: 'file', dataDir: dir });
    expect(store.kind).toBe('file');
    await store.set('user-1', '1//refresh-a');
    await store.set('user-2', '1//refresh-b');
    expect(await store.get('user-1')).toBe('1//refresh-a');
    expect(await store.list()).toEqual(['user-1', 'user-2']);
    const file = dataPaths(dir).tokenFile;
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(dataPaths(dir).stateDir)).mode & 0o777).toBe(0o700);
    expect(await store.delete('user-1')).toBe(true);
    expect(await store.delete('user-1')).toBe(false);
    expect(await store.get('user-1')).toBeUndefined();
    // atomic writes leave no temp files behind
    expect((await readdir(dataPaths(dir).stateDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // and survive a new instance (a restart)
    expect(await createFileSecretStore({ file }).get('user-2')).toBe('1//refresh-b');
  });

  it('keeps every write when many happen at once', async () => {
    const store = createSecretStore({ kind: 'file', dataDir: dir });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`acct-${i}`, `secret-${i}`)));
    expect(await store.list()).toHaveLength(20);
  });

  it('refuses a token file that other users can read', async () => {
    const file = dataPaths(dir).tokenFile;
    await mkdir(dataPaths(dir).stateDir, { recursive: true });
    await writeFile(file, JSON.stringify({ version: 1, secrets: { u: 's' } }));
    await chmod(file, 0o644);
    const store = createFileSecretStore({ file });
    await expect(store.get('u')).rejects.toMatchObject({
      code: 'io',
      message: expect.stringContaining('chmod 600') as unknown,
    });
    await expect(store.set('u', 'new')).rejects.toMatchObject({ code: 'io' });
    // untouched
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, secrets: { u: 's' } });
  });

  it('reports a damaged file instead of overwriting it', async () => {
    const file = dataPaths(dir).tokenFile;
    await mkdir(dataPaths(dir).stateDir, { recursive: true });
    await writeFile(file, '{not json', { mode: 0o600 });
    await expect(createFileSecretStore({ file }).get('u')).rejects.toMatchObject({
      code: 'io',
      message: expect.stringContaining('damaged') as unknown,
    });
  });
});

describe('keychain secret store and the factory', () => {
  const fakeKeytar = (): KeytarModule & { data: Map<string, string> } => {
    const data = new Map<string, string>();
    return {
      data,
      getPassword: (s, a) => Promise.resolve(data.get(`${s}/${a}`) ?? null),
      setPassword: (s, a, p) => {
        data.set(`${s}/${a}`, p);
        return Promise.resolve();
      },
      deletePassword: (s, a) => Promise.resolve(data.delete(`${s}/${a}`)),
      findCredentials: (s) =>
        Promise.resolve(
          [...data]
            .filter(([k]) => k.startsWith(`${s}/`))
            .map(([k, password]) => ({ account: k.slice(s.length + 1), password })),
        ),
    };
  };

  it('stores under service "SyncBit" with the account name', async () => {
    const k = fakeKeytar();
    const store = createSecretStore({ kind: 'keychain', dataDir: dir, loadKeytar: () => Promise.resolve(k) });
    await store.set('health-user', '1//tok');
    expect(k.data.get('SyncBit/health-user')).toBe('1//tok');
    expect(await store.list()).toEqual(['health-user']);
    expect(await store.get('nobody')).toBeUndefined();
  });

  it('turns keychain failures into keychain-unavailable naming SYNCBIT_TOKEN_STORE=file, and never writes a file', async () => {
    const broken: KeytarModule = {
      getPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
      setPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
      deletePassword: () => Promise.reject(new Error('no bus')),
      findCredentials: () => Promise.reject(new Error('no bus')),
    };
    const store = createSecretStore({
      kind: 'keychain',
      dataDir: dir,
      loadKeytar: () => Promise.resolve(broken),
    });
    const err = await store.set('u', '1//secret').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'keychain-unavailable' });
    expect((err as Error).message).toContain('SYNCBIT_TOKEN_STORE=file');
    expect((err as Error).message).toContain('D-Bus');
    expect(await readdir(dir)).toEqual([]);
  });

  it('reports a keytar module that cannot load as keychain-unavailable', async () => {
    const store = createKeytarSecretStore({
      load: () => Promise.reject(new Error('keytar.node: cannot open shared object file')),
    });
    await expect(store.get('u')).rejects.toMatchObject({ code: 'keychain-unavailable' });
  });

  it('reads SYNCBIT_TOKEN_STORE strictly', () => {
    expect(secretStoreKindFromEnv({})).toBe('keychain');
    expect(secretStoreKindFromEnv({ SYNCBIT_TOKEN_STORE: 'file' })).toBe('file');
    expect(() => secretStoreKindFromEnv({ SYNCBIT_TOKEN_STORE: 'plaintext' })).toThrow(/keychain.*file/);
  });
});
