/** Temporary folders for a test file: made on demand and removed after each test, or one for the whole file. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** A fresh temp folder per call, removed after the test. */
export function useTmpDirs(): () => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  return async () => {
    const d = await mkdtemp(join(tmpdir(), 'syncbit-test-'));
    made.push(d);
    return d;
  };
}

/** One temp folder for the whole file: made before all tests, removed after all; read it inside tests and hooks. */
export function useFileTmpDir(prefix = 'syncbit-test-'): () => string {
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });
  return () => {
    if (dir === undefined)
      throw new Error('the file temp folder is made in beforeAll: read it inside a test or hook');
    return dir;
  };
}
