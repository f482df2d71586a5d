/**
 * Every exported type is defined once across main, preload, renderer and common: a shape that
 * crosses a process boundary lives in common/ and is imported, never mirrored (TypeScript compiler
 * API over the product files).
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FOLDERS, listTsFiles } from '../../scripts/function-lengths.js';

/** Names of the interfaces, type aliases, enums and classes `text` exports by declaring them. */
function exportedTypeNames(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const names: string[] = [];
  for (const s of source.statements) {
    const declares =
      ts.isInterfaceDeclaration(s) ||
      ts.isTypeAliasDeclaration(s) ||
      ts.isEnumDeclaration(s) ||
      ts.isClassDeclaration(s);
    const exported =
      ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (declares && exported && s.name !== undefined) names.push(s.name.text);
  }
  return names;
}

/** name → the files that declare it, for names declared in more than one file. */
function definedTwice(folders: readonly string[]): Record<string, string[]> {
  const where = new Map<string, string[]>();
  for (const folder of folders)
    for (const file of listTsFiles(folder)) {
      const rel = relative(process.cwd(), file);
      for (const name of exportedTypeNames(rel, readFileSync(file, 'utf8')))
        where.set(name, [...(where.get(name) ?? []), rel]);
    }
  return Object.fromEntries([...where].filter(([, files]) => files.length > 1));
}

describe('type definitions', () => {
  it(`defines no exported type twice across ${DEFAULT_FOLDERS.join(', ')}`, () => {
    expect(definedTwice(DEFAULT_FOLDERS)).toEqual({});
  });

  it('sees interfaces, aliases, enums and classes, exported only', () => {
    const text = [
      'export interface A { x: number }',
      'export type B = string;',
      'export enum C { One }',
      'export class D {}',
      'interface Hidden { y: number }',
      'export { Hidden };',
      'export const e = 1;',
    ].join('\n');
    expect(exportedTypeNames('probe.ts', text)).toEqual(['A', 'B', 'C', 'D']);
  });
});
