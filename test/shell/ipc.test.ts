import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncBitError } from '../../main/core/errors.js';
import { silentLogger } from '../../main/core/log.js';
import { createHandlers, type ShellActions } from '../../main/shell/ipc-handlers.js';
import { createDispatch, isTrustedSender, registerIpc, toIpcError } from '../../main/shell/ipc-dispatch.js';
import { CHANNELS } from '../../preload/contract.js';
import { ipcMain, resetElectronFake } from '../fakes/electron.js';
import { startHealthSimulator } from '../harness/google-health-sim/index.js';
import { openRealApp } from '../harness/real-app.js';
import { FakeServices } from './fake-services.js';

const RENDERER = 'file:///opt/SyncBit/resources/app.asar/dist/renderer/index.html';

function shellActions(picked: string[] = []): ShellActions {
  return {
    appInfo: () => Promise.resolve({ version: '1', platform: 'linux', startAtLogin: false }),
    setStartAtLogin: (e) => Promise.resolve(e),
    openGuide: () => Promise.resolve(),
    openDataFolder: () => Promise.resolve(),
    pickTakeoutFiles: () => Promise.resolve(picked),
    now: () => 1_000_000,
  };
}

function event(url: string, opts: { id?: number; parent?: unknown } = {}) {
  return { sender: { id: opts.id ?? 7 }, senderFrame: { url, parent: opts.parent ?? null } };
}

beforeEach(() => {
  resetElectronFake();
});

describe('IPC sender check', () => {
  const expected = { webContentsId: 7, rendererUrl: RENDERER };
  it('accepts only our window’s top frame showing our page', () => {
    expect(isTrustedSender(event(`${RENDERER}#dashboard`) as never, expected)).toBe(true);
    expect(isTrustedSender(event('https://evil.example/') as never, expected)).toBe(false);
    expect(isTrustedSender(event(RENDERER, { id: 8 }) as never, expected)).toBe(false);
    expect(isTrustedSender(event(RENDERER, { parent: {} }) as never, expected)).toBe(false);
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: null }, expected)).toBe(false);
    expect(
      isTrustedSender(event(RENDERER) as never, { webContentsId: undefined, rendererUrl: RENDERER }),
    ).toBe(false);
  });

  it('refuses a request from a wrong sender without calling the core', async () => {
    const services = new FakeServices();
    const dispatch = createDispatch(
      createHandlers(services, shellActions(), { emit: () => undefined }),
      silentLogger,
    );
    registerIpc(
      ipcMain as never,
      dispatch,
      (e) => isTrustedSender(e, { webContentsId: 7, rendererUrl: RENDERER }),
      silentLogger,
    );
    expect(await ipcMain.invoke('sync:run-now', undefined, event('https://evil.example/'))).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'This request did not come from the SyncBit window.' },
    });
    expect(services.calls).toEqual([]);
    expect(await ipcMain.invoke('sync:run-now', undefined, event(RENDERER))).toEqual({
      ok: true,
      value: null,
    });
    expect(services.calls.map((c) => c.method)).toEqual(['syncNow']);
  });
});

describe('IPC payload validation and results', () => {
  it('rejects bad payloads with invalid-input, naming the field, before the core sees them', async () => {
    const services = new FakeServices();
    const dispatch = createDispatch(
      createHandlers(services, shellActions(), { emit: () => undefined }),
      silentLogger,
    );
    const bad = await dispatch('data:get-series', { key: 'RestingHR.value', from: '21/11/2026' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(!bad.ok && bad.error.message).toContain('from: must be a day written YYYY-MM-DD');
    expect(await dispatch('sync:pause-syncing', { minutes: 0 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(await dispatch('sync:pause-syncing', { minutes: 30, extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(await dispatch('settings:set-secret', { name: 'googleRefreshToken', value: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(await dispatch('no:such-channel', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-channel' },
    });
    expect(services.calls).toEqual([]);
  });

  it('passes valid payloads through and turns minutes into an instant', async () => {
    const services = new FakeServices();
    const dispatch = createDispatch(
      createHandlers(services, shellActions(), { emit: () => undefined }),
      silentLogger,
    );
    expect(await dispatch('sync:pause-syncing', { minutes: 30 })).toEqual({ ok: true, value: null });
    expect(await dispatch('sync:pause-syncing', { minutes: null })).toEqual({ ok: true, value: null });
    expect(services.calls).toEqual([
      { method: 'pause', args: [1_000_000 + 30 * 60_000] },
      { method: 'pause', args: [null] },
    ]);
    expect(
      await dispatch('data:get-day-series', {
        day: '2026-11-21',
        measurement: 'HeartRate_Intraday',
        field: 'value',
      }),
    ).toEqual({
      ok: true,
      value: {
        times: [Date.parse('2026-11-21T10:00:00Z'), Date.parse('2026-11-21T10:00:01Z')],
        values: [61, 62],
      },
    });
  });

  it('maps errors to codes and messages, never stacks or secrets', async () => {
    const services = new FakeServices();
    const dispatch = createDispatch(
      createHandlers(services, shellActions(), { emit: () => undefined }),
      silentLogger,
    );
    services.failWith.syncNow = new SyncBitError(
      'auth-required',
      'Sign in again: refresh_token=1//abcdefghijklmnop was refused',
    );
    const auth = await dispatch('sync:run-now', undefined);
    expect(auth).toEqual({
      ok: false,
      error: { code: 'auth-required', message: 'Sign in again: refresh_token=[redacted] was refused' },
    });
    const boom = new Error('ya29.secret-token-value at /home/me/x.js:1');
    services.failWith.getStatus = boom;
    const internal = await dispatch('sync:get-status', undefined);
    expect(internal).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Something went wrong inside SyncBit. The log has the details.' },
    });
    expect(JSON.stringify(internal)).not.toContain('ya29');
    expect(JSON.stringify(internal)).not.toContain(boom.stack?.split('\n')[1]?.trim() ?? '@@');
    expect(toIpcError('string thrown')).toMatchObject({ code: 'internal' });
  });

  it('imports only Takeout files the user picked in the dialog, and reports progress as events', async () => {
    const services = new FakeServices();
    const events: unknown[] = [];
    const dispatch = createDispatch(
      createHandlers(services, shellActions(['/home/me/takeout.zip']), {
        emit: (e, p) => events.push([e, p]),
      }),
      silentLogger,
    );
    expect(await dispatch('import:run-takeout', { paths: ['/etc/shadow'] })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(await dispatch('import:pick-takeout', undefined)).toEqual({
      ok: true,
      value: { paths: ['/home/me/takeout.zip'] },
    });
    expect(await dispatch('import:run-takeout', { paths: ['/home/me/takeout.zip'] })).toMatchObject({
      ok: true,
      value: { days: 3 },
    });
    expect(events).toEqual([
      [
        'import:progress-changed',
        { phase: 'reading', filesDone: 1, filesTotal: 2, daysWritten: 0, daysTotal: 0 },
      ],
    ]);
  });

  it('cancels the running Takeout import when the renderer asks (the Cancel button)', async () => {
    class SlowImport extends FakeServices {
      override importTakeout(
        _paths: readonly string[],
        _onProgress: unknown,
        signal?: AbortSignal,
      ): ReturnType<FakeServices['importTakeout']> {
        return new Promise((_resolve, reject) => {
          signal?.addEventListener('abort', () => {
            reject(new SyncBitError('cancelled', 'Import cancelled; the archive was left as it was.'));
          });
        });
      }
    }
    const dispatch = createDispatch(
      createHandlers(new SlowImport(), shellActions(['/home/me/takeout.zip']), { emit: () => undefined }),
      silentLogger,
    );
    await dispatch('import:pick-takeout', undefined);
    const running = dispatch('import:run-takeout', { paths: ['/home/me/takeout.zip'] });
    expect(await dispatch('import:cancel-takeout', undefined)).toEqual({ ok: true, value: null });
    expect(await running).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    // Nothing running: cancelling is a no-op.
    expect(await dispatch('import:cancel-takeout', undefined)).toEqual({ ok: true, value: null });
  });

  it('clears a setting when the renderer sends null', async () => {
    const services = new FakeServices();
    const dispatch = createDispatch(
      createHandlers(services, shellActions(), { emit: () => undefined }),
      silentLogger,
    );
    await dispatch('settings:update-values', { patch: { victoria: { endpoint: null, enabled: false } } });
    expect(services.calls[0]).toEqual({
      method: 'updateSettings',
      args: [{ victoria: { endpoint: undefined, enabled: false } }],
    });
  });
});

describe('secrets never cross IPC', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'syncbit-ipc-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('no response of any read channel contains a secret that was set', async () => {
    const secret = 'GOCSPX-very-secret-value-123';
    const sim = await startHealthSimulator({
      historyDays: 5,
      heartRateCadenceSeconds: 300,
      clientSecret: secret,
    });
    const { app: services } = await openRealApp({ dataDir, sim });
    const dispatch = createDispatch(
      createHandlers(services, shellActions(), { emit: () => undefined }),
      silentLogger,
    );
    expect(
      await dispatch('auth:authorize-account', { clientId: sim.oauth.clientId, clientSecret: secret }),
    ).toEqual({ ok: true, value: { signedInAs: sim.healthUserId } });
    expect(
      await dispatch('settings:set-secret', { name: 's3SecretAccessKey', value: `${secret}-s3` }),
    ).toEqual({ ok: true, value: null });
    const responses: unknown[] = [];
    for (const channel of CHANNELS) {
      if (
        channel.startsWith('settings:set') ||
        channel.startsWith('auth:') ||
        channel.startsWith('import:') ||
        channel === 'sync:run-now'
      )
        continue;
      responses.push(await dispatch(channel, samplePayload(channel)));
    }
    const text = JSON.stringify(responses);
    expect(text).not.toContain(secret);
    const settings = await dispatch('settings:get-all', undefined);
    expect(settings).toMatchObject({
      ok: true,
      value: { secretsSet: { googleClientSecret: true, s3SecretAccessKey: true, victoriaPassword: false } },
    });
    await services.close();
    await sim.stop();
  });
});

function samplePayload(channel: string): unknown {
  switch (channel) {
    case 'app:set-start-at-login':
      return { enabled: false };
    case 'app:open-guide':
      return { page: 'credentials' };
    case 'sync:pause-syncing':
      return { minutes: 30 };
    case 'sync:refetch-days':
      return { types: ['steps'], days: ['2026-11-20'] };
    case 'data:get-series':
      return { key: 'RestingHR.value' };
    case 'data:get-day-records':
      return { day: '2026-11-20', measurements: ['SleepLevels'] };
    case 'data:get-day-series':
      return { day: '2026-11-20', measurement: 'HeartRate_Intraday', field: 'value' };
    case 'data:get-coverage':
      return { from: '2026-11-01', to: '2026-11-20' };
    case 'settings:update-values':
      return { patch: { logLevel: 'info' } };
    case 'export:run-now':
    case 'export:test-destination':
      return { destination: 's3' };
    case 'log:get-recent':
      return { limit: 50 };
    default:
      return undefined;
  }
}
