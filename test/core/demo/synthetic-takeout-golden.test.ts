/**
 * The synthetic export pinned to a golden hash: for a fixed seed and options, every file (names,
 * bytes and the order they are written in, via a single-part zip) and the returned truth must stay
 * byte-identical, so splitting or reordering the generator cannot silently change its output.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useFileTmpDir } from '../../helpers/tmp-dir.js';
import { demoZones } from '../../../main/core/demo/demo-zones.js';
import {
  generateSyntheticTakeout,
  type SyntheticTakeoutOptions,
} from '../../../main/core/demo/synthetic-takeout.js';
import { walkFolder } from '../../../main/core/sources/takeout/input-folder.js';

const dir = useFileTmpDir('syncbit-golden-');

const base = (outDir: string): SyntheticTakeoutOptions => ({
  seed: 20_251_205,
  startDay: '2025-03-20',
  days: 45,
  zones: demoZones('2025-03-20', 45),
  outDir,
  heartRateSeconds: 15,
  legacyJsonDays: 4,
});

/** The truth as stable JSON (maps as entry lists). */
function truthText(truth: unknown): string {
  return JSON.stringify(truth, (_k, v: unknown) =>
    v instanceof Map ? [...(v as Map<unknown, unknown>)] : v,
  );
}

async function folderHash(root: string): Promise<string> {
  const h = createHash('sha256');
  for (const f of await walkFolder(root)) {
    h.update(f.rel);
    h.update('\0');
    h.update(await readFile(join(root, f.rel)));
  }
  return h.digest('hex');
}

async function filesHash(paths: readonly string[]): Promise<string> {
  const h = createHash('sha256');
  for (const p of paths) h.update(await readFile(p));
  return h.digest('hex');
}

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('synthetic Takeout golden output', () => {
  it('writes the same folder tree and truth for the pinned seed', async () => {
    const gen = await generateSyntheticTakeout(base(join(dir(), 'folder')));
    expect({
      tree: await folderHash(gen.inputs[0]!),
      truth: sha(truthText(gen.truth)),
      files: gen.files,
      bytes: gen.bytes,
    }).toEqual(GOLDEN_FOLDER);
  });

  it('writes the files in the same order (single-part zip, Google Health layout, no profile)', async () => {
    const gen = await generateSyntheticTakeout({
      ...base(join(dir(), 'zip')),
      format: 'zip',
      layout: 'Google Health',
      profileZone: null,
      decoys: false,
      heartRateSeconds: undefined,
      days: 12,
      zones: [{ from: '', zone: 'America/Los_Angeles' }],
      legacyJsonDays: 0,
    });
    expect({
      zip: await filesHash(gen.inputs),
      truth: sha(truthText(gen.truth)),
      files: gen.files,
      bytes: gen.bytes,
    }).toEqual(GOLDEN_ZIP);
  });
});

const GOLDEN_FOLDER = {
  tree: '72c17cfb7c0d5de83cc02b3375642235a1c707b0a7ec21ec56fc3ccaa9ae7471',
  truth: '02f09c74bf7dcdcd825dab28967613b654176676a7ca9dc2bff03f51d2260488',
  files: 238,
  bytes: 21_080_455,
};
const GOLDEN_ZIP = {
  zip: '2458b68cf66f57a5e142359f9fa39873926baacdd36b8936255548de9736706b',
  truth: 'f6ffe59cf5d265acc8e17371464f22b21f82fdfc2a96317c152df63be437a340',
  files: 84,
  bytes: 9_497_889,
};
