import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretStore } from '../../main/core/store/secret-store.js';

/**
 * Real Secret Service through keytar. Runs inside test/harness/with-keyring.sh (dbus-run-session +
 * gnome-keyring); skips only when there is no session bus at all.
 */
describe.skipIf(!process.env.DBUS_SESSION_BUS_ADDRESS)('keychain (real Secret Service via keytar)', () => {
  let dir: string;
  const service = `SyncBit-test-${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'syncbit-keychain-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stores, lists, reads and deletes a refresh token, writing nothing to the data folder', async () => {
    const store = createSecretStore({ kind: 'keychain', dataDir: dir, service });
    expect(store.kind).toBe('keychain');
    await store.set('health-user-1', '1//refresh-token-value');
    expect(await store.get('health-user-1')).toBe('1//refresh-token-value');
    expect(await store.list()).toEqual(['health-user-1']);
    await store.set('health-user-1', '1//rotated');
    expect(await store.get('health-user-1')).toBe('1//rotated');
    expect(await store.delete('health-user-1')).toBe(true);
    expect(await store.get('health-user-1')).toBeUndefined();
    expect(await store.list()).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('uses service "SyncBit" by default', async () => {
    const store = createSecretStore({ kind: 'keychain', dataDir: dir });
    const account = `probe-${randomBytes(4).toString('hex')}`;
    await store.set(account, 'x');
    type GetPassword = (s: string, a: string) => Promise<string | null>;
    const keytar = (await import('keytar')) as unknown as {
      default?: { getPassword: GetPassword };
      getPassword?: GetPassword;
    };
    const direct = await (keytar.getPassword
      ? keytar.getPassword('SyncBit', account)
      : keytar.default?.getPassword('SyncBit', account));
    expect(direct).toBe('x');
    expect(await store.delete(account)).toBe(true);
  });
});
