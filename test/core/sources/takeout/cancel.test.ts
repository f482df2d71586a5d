/**
 * Cancelling an import (the app's Cancel button, Ctrl-C on the CLI) leaves the archive exactly as
 * it was before the import began, and frees the sync queue (the call returns promptly).
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useFileTmpDir } from '../../../helpers/tmp-dir.js';
import { openSession } from '../../../../main/core/app/session.js';
import { demoZones } from '../../../../main/core/demo/demo-zones.js';
import { generateSyntheticTakeout } from '../../../../main/core/demo/synthetic-takeout.js';
import { silentLogger } from '../../../../main/core/log.js';
import { runTakeoutImport } from '../../../../main/core/app/import-takeout.js';

const dir = useFileTmpDir('syncbit-cancel-');

/** sha256 of every file under the data directory (archive, index, coverage), by relative path. */
async function treeHashes(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const visit = async (d: string): Promise<void> => {
    for (const name of (await readdir(d)).sort()) {
      const full = join(d, name);
      if ((await stat(full)).isDirectory()) await visit(full);
      else
        out[full.slice(root.length + 1)] = createHash('sha256')
          .update(await readFile(full))
          .digest('hex');
    }
  };
  await visit(root);
  return out;
}

async function exportOf(name: string, startDay: string, days: number): Promise<string[]> {
  const gen = await generateSyntheticTakeout({
    seed: 3,
    startDay,
    days,
    zones: demoZones(startDay, days),
    outDir: join(dir(), name),
    heartRateSeconds: 60,
  });
  return gen.inputs;
}

describe('cancelling an import', () => {
  it.each([
    ['while the first files are read', (p: { filesDone: number }) => p.filesDone >= 1],
    [
      'after the last file, before the archive is written',
      (p: { bytesDone: number; bytesTotal: number }) => p.bytesDone >= p.bytesTotal,
    ],
  ])('leaves the archive byte-identical when cancelled %s', async (_when, trigger) => {
    const dataDir = join(dir(), `data-${Math.random().toString(36).slice(2)}`);
    const env = { SYNCBIT_DATA_DIR: dataDir, SYNCBIT_SECRETS_DIR: '/nonexistent' };
    const core = await openSession({ env, log: silentLogger });
    await runTakeoutImport(core, await exportOf(`a-${dataDir.slice(-6)}`, '2025-05-01', 6), { drain: false });
    const before = await treeHashes(dataDir);
    expect(Object.keys(before).some((f) => f.endsWith('.json.gz'))).toBe(true);

    // A second, overlapping export: every day it touches would change.
    const second = await exportOf(`b-${dataDir.slice(-6)}`, '2025-05-04', 6);
    const controller = new AbortController();
    const err = await runTakeoutImport(core, second, {
      drain: false,
      signal: controller.signal,
      onProgress: (p) => {
        if (trigger(p)) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(controller.signal.aborted).toBe(true);
    expect(err).toMatchObject({ code: 'cancelled' });
    expect(await treeHashes(dataDir)).toEqual(before);

    // The same import, not cancelled, does change the archive (so the check above can fail).
    await runTakeoutImport(core, second, { drain: false });
    expect(await treeHashes(dataDir)).not.toEqual(before);
  });
});
