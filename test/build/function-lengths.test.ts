/**
 * No product function over MAX_FUNCTION_LINES lines in the checked folders, measured by
 * scripts/function-lengths.ts (TypeScript compiler API). A failure lists every offender.
 */
import { describe, expect, it } from 'vitest';
import { formatRow, measureFolders, measureSource } from '../../scripts/function-lengths.js';

/** The product folders held to the limit: every process and the shared types. */
export const FUNCTION_LENGTH_CHECKED_FOLDERS: readonly string[] = ['main', 'preload', 'renderer', 'common'];
export const MAX_FUNCTION_LINES = 120;

describe('function lengths', () => {
  it(`has no function over ${MAX_FUNCTION_LINES} lines in ${FUNCTION_LENGTH_CHECKED_FOLDERS.join(', ')}`, () => {
    const all = measureFolders(FUNCTION_LENGTH_CHECKED_FOLDERS);
    expect(all.length).toBeGreaterThan(100);
    const offenders = all.filter((f) => f.lines > MAX_FUNCTION_LINES).map(formatRow);
    expect(offenders).toEqual([]);
  });

  it('names every kind of function after itself or what holds it', () => {
    const text = [
      'export function top() {',
      '  const inner = () => 1;',
      '  return inner();',
      '}',
      'class Box {',
      '  constructor() {}',
      '  get size() { return 1; }',
      '  set size(_v: number) {}',
      '  open() { return [1].map(function (x) { return x; }); }',
      '  close = () => {',
      '    return 2;',
      '  };',
      '}',
      'const table = { run: () => 3 };',
      'setTimeout(() => {}, 1);',
    ].join('\n');
    const rows = measureSource('probe.ts', text).map((f) => `${f.name}@${f.line}:${f.lines}`);
    expect(rows).toEqual([
      'top@1:4',
      'top › inner@2:1',
      'Box.constructor@6:1',
      'Box.get size@7:1',
      'Box.set size@8:1',
      'Box.open@9:1',
      'Box.open › [1].map(…) callback@9:1',
      'Box.close@10:3',
      'run@14:1',
      'setTimeout(…) callback@15:1',
    ]);
  });
});
