import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSettings, updateSettingsFile } from '../../main/core/store/settings.js';
import { electronStorePersister } from '../../main/shell/settings-store.js';
import { useTmpDirs } from '../helpers/tmp-dir.js';

const tmp = useTmpDirs();

describe('settings written by the tray app through electron-store', () => {
  it('land in the same config.json the CLI reads, validated, without secrets', async () => {
    const dataDir = await tmp();
    const persist = electronStorePersister();
    await updateSettingsFile(
      dataDir,
      { syncIntervalMinutes: 45, s3: { enabled: true, bucket: 'my-fitbit', forcePathStyle: true } },
      persist,
    );
    const { settings } = await loadSettings({ dataDir, env: {} });
    expect(settings.syncIntervalMinutes).toBe(45);
    expect(settings.s3).toMatchObject({ enabled: true, bucket: 'my-fitbit', forcePathStyle: true });
    await expect(updateSettingsFile(dataDir, { s3: { bucket: 'Not_A_Bucket' } }, persist)).rejects.toThrow(
      /s3\.bucket/,
    );
    await expect(updateSettingsFile(dataDir, { s3SecretAccessKey: 'x' }, persist)).rejects.toThrow(/secret/);
    const file = JSON.parse(await readFile(join(dataDir, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(file).toEqual({
      syncIntervalMinutes: 45,
      s3: { enabled: true, bucket: 'my-fitbit', forcePathStyle: true },
    });
  });
});
