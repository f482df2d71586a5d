import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings, resolveSecret, updateSettingsFile } from '../../../main/core/store/settings.js';
import { resolveDataDir, defaultDataDir } from '../../../main/core/store/paths.js';
import { useTmpDirs } from '../../helpers/tmp-dir.js';

const tmp = useTmpDirs();

describe('settings', () => {
  it('uses defaults with no file and no environment', async () => {
    const { settings } = await loadSettings({ dataDir: await tmp(), env: {} });
    expect(settings).toMatchObject({
      syncIntervalMinutes: 15,
      backfillDays: 90,
      userLabel: 'default',
      archive: { enabled: true },
    });
    expect(settings.victoria.enabled).toBe(false);
  });

  it('lets the environment override the file, with the old tools’ variable names', async () => {
    const dir = await tmp();
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({ syncIntervalMinutes: 30, userLabel: 'alice' }),
    );
    const { settings, origins } = await loadSettings({
      dataDir: dir,
      env: {
        SYNC_INTERVAL_MINUTES: '60',
        VICTORIA_ENDPOINT: 'https://vm.example.com/api/v1/import/prometheus',
        VICTORIA_USER: 'vm',
      },
    });
    expect(settings.syncIntervalMinutes).toBe(60);
    expect(settings.userLabel).toBe('alice');
    expect(settings.victoria).toEqual({
      enabled: true,
      endpoint: 'https://vm.example.com/api/v1/import/prometheus',
      user: 'vm',
    });
    expect(origins).toMatchObject({ syncIntervalMinutes: 'env', userLabel: 'file' });
  });

  it('names every invalid setting, its variable and what is expected', async () => {
    const dir = await tmp();
    await writeFile(join(dir, 'config.json'), JSON.stringify({ s3: { enabled: true } }));
    const err = await loadSettings({
      dataDir: dir,
      env: { SYNC_INTERVAL_MINUTES: '1', SYNCBIT_TIMEZONE: 'Mars/Olympus' },
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid-settings' });
    const msg = (err as Error).message;
    expect(msg).toContain('syncIntervalMinutes (SYNC_INTERVAL_MINUTES): must be at least 5 minutes');
    expect(msg).toContain('timezone (SYNCBIT_TIMEZONE): must be an IANA time zone');
    expect(msg).toContain('s3.bucket (S3_BUCKET): is required when S3 export is on');
  });

  it('explains a settings file that is not JSON instead of resetting it', async () => {
    const dir = await tmp();
    await writeFile(join(dir, 'config.json'), '{ broken');
    await expect(loadSettings({ dataDir: dir, env: {} })).rejects.toThrow(
      /not valid JSON.*archive is not affected/s,
    );
    expect(await readFile(join(dir, 'config.json'), 'utf8')).toBe('{ broken');
  });

  it('reads secrets and ids from /run/secrets-style files when the environment lacks them', async () => {
    const dir = await tmp();
    const secrets = join(dir, 'secrets');
    await mkdir(secrets);
    await writeFile(join(secrets, 'victoria_password'), 's3cret\n');
    await writeFile(join(secrets, 'victoria_user'), 'vmuser\n');
    const src = { dataDir: dir, env: {}, secretsDir: secrets };
    expect(await resolveSecret('victoriaPassword', src)).toBe('s3cret');
    expect((await loadSettings(src)).settings.victoria.user).toBe('vmuser');
    expect(await resolveSecret('victoriaPassword', { ...src, env: { VICTORIA_PASSWORD: 'fromenv' } })).toBe(
      'fromenv',
    );
    expect(await resolveSecret('s3SecretAccessKey', src)).toBeUndefined();
  });

  it('writes validated changes in the electron-store format and refuses secrets', async () => {
    const dir = await tmp();
    await updateSettingsFile(dir, {
      syncIntervalMinutes: 20,
      victoria: { enabled: true, endpoint: 'http://127.0.0.1:8428/api/v1/import/prometheus' },
    });
    const file = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(file).toMatchObject({ syncIntervalMinutes: 20, victoria: { enabled: true } });
    await expect(updateSettingsFile(dir, { syncIntervalMinutes: 2 })).rejects.toThrow(/syncIntervalMinutes/);
    await expect(updateSettingsFile(dir, { victoriaPassword: 'x' })).rejects.toThrow(/secret/);
    expect((await loadSettings({ dataDir: dir, env: {} })).settings.syncIntervalMinutes).toBe(20);
  });

  it('finds the data directory like the old tool and like Electron’s userData', () => {
    expect(resolveDataDir({ SYNCBIT_DATA_DIR: '/a', DATA_DIR: '/b' })).toBe('/a');
    expect(resolveDataDir({ DATA_DIR: '/b' })).toBe('/b');
    expect(defaultDataDir('linux', { HOME: '/home/u' })).toBe('/home/u/.config/SyncBit');
    expect(defaultDataDir('darwin', { HOME: '/Users/u' })).toBe(
      '/Users/u/Library/Application Support/SyncBit',
    );
    expect(
      defaultDataDir('win32', { HOME: 'C:\\Users\\u', APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }),
    ).toMatch(/Roaming.SyncBit$/);
  });
});
