/**
 * electron-builder.yml checked offline with electron-builder's own loader and schema validator
 * (app-builder-lib, pinned with electron-builder), plus what the schema cannot know: the files
 * allowlist, keytar outside the asar, and the Electron fuses SyncBit relies on.
 */
import { createRequire } from 'node:module';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId?: string;
  productName?: string;
  files?: (string | { filter?: string[] })[];
  asar?: boolean;
  asarUnpack?: string[];
  electronFuses?: Record<string, boolean>;
  linux?: { target?: string[]; icon?: string };
  mac?: { target?: string[]; icon?: string };
  win?: { target?: string[]; icon?: string };
}

const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig: (
    projectDir: string,
    configPath: string | null,
    configFromOptions: unknown,
  ) => Promise<BuilderConfig>;
  validateConfiguration: (config: BuilderConfig, debugLogger: unknown) => Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

async function load(path = join(root, 'electron-builder.yml')): Promise<BuilderConfig> {
  return getConfig(root, path, null);
}

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s own schema', async () => {
    const config = await load();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.appId).toBe('app.syncbit.desktop');
    expect(config.productName).toBe('SyncBit');
  });

  it('the validator does catch a mistake (the check can fail)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'syncbit-builder-'));
    try {
      const text = await readFile(join(root, 'electron-builder.yml'), 'utf8');
      const bad = join(dir, 'bad.yml');
      await writeFile(bad, text.replace('  category: Utility', '  categry: Utility'));
      await expect(validateConfiguration(await load(bad), new DebugLogger(false))).rejects.toThrow(
        /categry|linux/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('packs only an allowlist: the built app, tray icons and package.json', async () => {
    const config = await load();
    // electron-builder normalises `files` to [{ filter: [...] }].
    const files = (config.files ?? []).flatMap((f) => (typeof f === 'string' ? [f] : (f.filter ?? [])));
    expect(files).toEqual(['dist/**', 'main/shell/assets/*.png', 'package.json', '!**/*.map']);
    for (const pattern of files)
      expect(pattern).not.toMatch(/^(\*\*|\.\/|test|docs|bench|renderer\/|main\/core)/);
  });

  it('uses asar with keytar unpacked', async () => {
    const config = await load();
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/keytar/**');
  });

  it('sets the Electron fuses that close the Node back doors', async () => {
    const fuses = (await load()).electronFuses;
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds AppImage + deb, dmg and nsis, with an icon that exists', async () => {
    const config = await load();
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.win?.target).toEqual(['nsis']);
    for (const icon of [config.linux?.icon, config.mac?.icon, config.win?.icon]) {
      expect(icon).toBe('main/shell/assets/icon.png');
      expect((await stat(join(root, icon ?? ''))).size).toBeGreaterThan(1000);
    }
  });
});
