/**
 * `npx tsx scripts/renderer-function-lengths.ts [folder…] [--top N] [--over N]`: lists every
 * function, arrow function, method, accessor and constructor under the given folders (default:
 * renderer) with its length in lines, longest first, measured with the TypeScript compiler API.
 * A function's lines include those of the functions nested in it. `--over N` exits 1 when any
 * function is longer than N lines.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface FunctionLength {
  readonly file: string;
  readonly name: string;
  readonly line: number;
  readonly lines: number;
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function propertyName(name: ts.PropertyName, sf: ts.SourceFile): string {
  return ts.isIdentifier(name) || ts.isPrivateIdentifier(name) ? name.text : name.getText(sf);
}

/** A readable name: the declared name, or the variable, property or call an anonymous one is bound to. */
function nameOf(node: ts.FunctionLikeDeclaration, sf: ts.SourceFile): string {
  if (node.name !== undefined) return propertyName(node.name, sf);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    // `render` of `const takeoutStep = { render: … }` reads as takeoutStep.render.
    const holder = parent.parent.parent;
    const prefix =
      ts.isObjectLiteralExpression(parent.parent) &&
      ts.isVariableDeclaration(holder) &&
      ts.isIdentifier(holder.name)
        ? `${holder.name.text}.`
        : '';
    return `${prefix}${propertyName(parent.name, sf)}`;
  }
  if (ts.isCallExpression(parent)) {
    const callee = parent.expression.getText(sf).split('\n')[0] ?? '';
    return `(callback of ${callee.length > 40 ? `${callee.slice(0, 40)}…` : callee})`;
  }
  return '(anonymous)';
}

/** Every function-like node of one file with its line count. */
export function functionLengths(file: string, text: string): FunctionLength[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: FunctionLength[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const fn = node;
      const start = sf.getLineAndCharacterOfPosition(fn.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(fn.getEnd()).line;
      out.push({ file, name: nameOf(fn, sf), line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function main(argv: readonly string[]): number {
  const folders: string[] = [];
  let top = 15;
  let over: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--top') top = Number(argv[++i]);
    else if (arg === '--over') over = Number(argv[++i]);
    else folders.push(arg);
  }
  if (folders.length === 0) folders.push('renderer');
  const all = folders
    .flatMap((dir) => tsFiles(dir))
    .flatMap((file) => functionLengths(relative(process.cwd(), file), readFileSync(file, 'utf8')))
    .sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file) || a.line - b.line);
  for (const f of all.slice(0, top))
    process.stdout.write(`${String(f.lines).padStart(5)}  ${f.name}  ${f.file}:${f.line}\n`);
  if (over === undefined) return 0;
  const tooLong = all.filter((f) => f.lines > over);
  process.stdout.write(`${tooLong.length} function(s) over ${over} lines\n`);
  return tooLong.length === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
