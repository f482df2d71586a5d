/**
 * Measures how long the product's functions are (TypeScript compiler API): every function
 * declaration, function expression, arrow function, method, constructor and accessor, named after
 * itself or what it is assigned to, with its file:line and line count. Used by `npm run functions`
 * and by test/build/function-lengths.test.ts, which holds main/ and preload/ to a maximum.
 *
 *   npx tsx scripts/function-lengths.ts [folders or files…] [--top N] [--max LINES]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

export interface FunctionLength {
  /** The function's name, or the variable / property / call it belongs to, prefixed by its enclosing functions. */
  readonly name: string;
  /** Path relative to the root the folders were given from, with `/` separators. */
  readonly file: string;
  /** 1-based line of the function's first token. */
  readonly line: number;
  /** Lines from the first to the last line of the function, both included. */
  readonly lines: number;
}

export const DEFAULT_FOLDERS: readonly string[] = ['main', 'preload', 'renderer', 'common'];

/** The .ts files below `dir` (or `dir` itself when it is one), without declarations, node_modules and dist. */
export function listTsFiles(dir: string): string[] {
  if (/\.tsx?$/.test(dir) && !dir.endsWith('.d.ts')) return [dir];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'dist') out.push(...listTsFiles(full));
    } else if (e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(full);
  }
  return out.sort();
}

function propertyName(name: ts.PropertyName | ts.BindingName): string {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) return `[${name.expression.getText()}]`;
  return name.getText();
}

function className(node: ts.Node): string | undefined {
  const parent = node.parent;
  if (ts.isClassDeclaration(parent) || ts.isClassExpression(parent)) return parent.name?.text ?? '<class>';
  return undefined;
}

function calleeText(call: ts.CallExpression | ts.NewExpression): string {
  const text = call.expression.getText().replace(/\s+/g, '');
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/** The name of a function node, or what it is assigned / passed to. */
function ownName(node: ts.FunctionLikeDeclaration): string {
  const withClass = (n: string): string => {
    const c = className(node);
    return c === undefined ? n : `${c}.${n}`;
  };
  if (ts.isConstructorDeclaration(node)) return withClass('constructor');
  if (ts.isGetAccessorDeclaration(node)) return withClass(`get ${propertyName(node.name)}`);
  if (ts.isSetAccessorDeclaration(node)) return withClass(`set ${propertyName(node.name)}`);
  if (ts.isMethodDeclaration(node)) return withClass(propertyName(node.name));
  if (ts.isFunctionDeclaration(node)) return node.name?.text ?? '<default function>';
  if (ts.isFunctionExpression(node) && node.name) return node.name.text;
  // Arrow functions and anonymous function expressions: look at what holds them.
  let parent = node.parent;
  while (
    ts.isParenthesizedExpression(parent) ||
    ts.isAsExpression(parent) ||
    ts.isSatisfiesExpression(parent)
  )
    parent = parent.parent;
  if (ts.isVariableDeclaration(parent)) return propertyName(parent.name);
  if (ts.isPropertyAssignment(parent)) return propertyName(parent.name);
  if (ts.isPropertyDeclaration(parent)) return withClassOf(parent, propertyName(parent.name));
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken)
    return parent.left.getText();
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) return `${calleeText(parent)}(…) callback`;
  return '<anonymous>';
}

function withClassOf(member: ts.PropertyDeclaration, n: string): string {
  const c = className(member);
  return c === undefined ? n : `${c}.${n}`;
}

function isMeasured(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** Every function in one source text. `file` is only used to label the results. */
export function measureSource(file: string, text: string): FunctionLength[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: FunctionLength[] = [];
  const visit = (node: ts.Node, outer: readonly string[]): void => {
    let path = outer;
    // Overload signatures and abstract methods have no body: nothing to measure.
    if (isMeasured(node) && node.body !== undefined) {
      const name = ownName(node);
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      out.push({ name: [...outer, name].join(' › '), file, line: start + 1, lines: end - start + 1 });
      path = [...outer, name];
    }
    ts.forEachChild(node, (child) => {
      visit(child, path);
    });
  };
  visit(source, []);
  return out;
}

/** Every function under the given folders (relative to `root`), longest first. */
export function measureFolders(folders: readonly string[], root: string = process.cwd()): FunctionLength[] {
  const all: FunctionLength[] = [];
  for (const folder of folders) {
    for (const full of listTsFiles(resolve(root, folder))) {
      const file = relative(root, full).split('\\').join('/');
      all.push(...measureSource(file, readFileSync(full, 'utf8')));
    }
  }
  return all.sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file) || a.line - b.line);
}

export function formatRow(f: FunctionLength): string {
  return `${String(f.lines).padStart(5)}  ${f.name}  (${f.file}:${f.line})`;
}

interface CliArgs {
  folders: string[];
  top: number;
  max: number | undefined;
}

function parseArgs(argv: readonly string[]): CliArgs {
  const folders: string[] = [];
  let top = 15;
  let max: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const value = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${arg} needs a whole number`);
      return n;
    };
    if (arg === '--top') top = value();
    else if (arg === '--max') max = value();
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else folders.push(arg);
  }
  return { folders: folders.length > 0 ? folders : [...DEFAULT_FOLDERS], top, max };
}

function main(argv: readonly string[]): number {
  const args = parseArgs(argv);
  const all = measureFolders(args.folders);
  console.log(
    `${all.length} functions in ${args.folders.join(', ')}; the ${Math.min(args.top, all.length)} longest:`,
  );
  for (const f of all.slice(0, args.top)) console.log(formatRow(f));
  const max = args.max;
  if (max === undefined) return 0;
  const over = all.filter((f) => f.lines > max);
  if (over.length === 0) {
    console.log(`none over ${max} lines`);
    return 0;
  }
  console.error(`${over.length} over ${max} lines:`);
  for (const f of over) console.error(formatRow(f));
  return 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
