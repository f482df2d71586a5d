import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSafeGoogleEndpoint, loadSettings, updateSettingsFile } from '../../../main/core/store/settings.js';
import { useTmpDirs } from '../../helpers/tmp-dir.js';

const tmp = useTmpDirs();

const fileOf = async (dataDir: string): Promise<Record<string, unknown>> =>
  JSON.parse(await readFile(join(dataDir, 'config.json'), 'utf8')) as Record<string, unknown>;

describe('settings the app window may change', () => {
  it('never writes unknown keys to config.json (a victoria.password sent over IPC stays out)', async () => {
    const dataDir = await tmp();
    await updateSettingsFile(dataDir, {
      victoria: {
        enabled: true,
        endpoint: 'http://127.0.0.1:8428/api/v1/import/prometheus',
        password: 'hunter2',
      },
      surprise: { token: 'abc' },
    });
    const text = await readFile(join(dataDir, 'config.json'), 'utf8');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('surprise');
    expect(await fileOf(dataDir)).toEqual({
      victoria: { enabled: true, endpoint: 'http://127.0.0.1:8428/api/v1/import/prometheus' },
    });
  });

  it.each([
    [{ google: { tokenUrl: 'https://attacker.example/token' } }, /google\.tokenUrl/],
    [{ google: { apiUrl: 'https://attacker.example/' } }, /google\.apiUrl/],
    [{ google: { authorizeUrl: 'https://attacker.example/auth' } }, /google\.authorizeUrl/],
    [{ google: { revokeUrl: 'https://attacker.example/revoke' } }, /google\.revokeUrl/],
    [{ tokenStore: 'file' }, /tokenStore/],
  ])('refuses %j (Google endpoints and the token store are set outside the app)', async (patch, message) => {
    const dataDir = await tmp();
    await expect(updateSettingsFile(dataDir, patch)).rejects.toThrow(message);
    await expect(readFile(join(dataDir, 'config.json'), 'utf8')).rejects.toThrow();
  });

  it('still lets the window set the client id and ordinary settings', async () => {
    const dataDir = await tmp();
    await updateSettingsFile(dataDir, {
      google: { clientId: 'abc123.apps.googleusercontent.com' },
      logLevel: 'debug',
    });
    const { settings } = await loadSettings({ dataDir, env: {} });
    expect(settings.google.clientId).toBe('abc123.apps.googleusercontent.com');
    expect(settings.google.tokenUrl).toBe('https://oauth2.googleapis.com/token');
  });
});

describe('Google endpoints', () => {
  it('must be https; plain http only for a loopback address', () => {
    expect(isSafeGoogleEndpoint('https://oauth2.googleapis.com/token')).toBe(true);
    expect(isSafeGoogleEndpoint('http://127.0.0.1:4000/token')).toBe(true);
    expect(isSafeGoogleEndpoint('http://[::1]:4000/token')).toBe(true);
    expect(isSafeGoogleEndpoint('http://localhost:4000/token')).toBe(true);
    expect(isSafeGoogleEndpoint('http://oauth2.googleapis.com/token')).toBe(false);
    expect(isSafeGoogleEndpoint('http://192.168.1.5/token')).toBe(false);
    expect(isSafeGoogleEndpoint('http://127.0.0.1.attacker.example/token')).toBe(false);
    expect(isSafeGoogleEndpoint('ftp://127.0.0.1/token')).toBe(false);
  });

  it('are read from the environment, and a plain-http one elsewhere is refused with its name', async () => {
    const dataDir = await tmp();
    const ok = await loadSettings({ dataDir, env: { GOOGLE_OAUTH_TOKEN_URL: 'http://127.0.0.1:9/token' } });
    expect(ok.settings.google.tokenUrl).toBe('http://127.0.0.1:9/token');
    await expect(
      loadSettings({ dataDir, env: { GOOGLE_OAUTH_TOKEN_URL: 'http://tokens.example/token' } }),
    ).rejects.toThrow(/google\.tokenUrl \(GOOGLE_OAUTH_TOKEN_URL\): must be an https URL/);
  });
});
