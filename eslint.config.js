// @ts-check
/**
 * ESLint flat config. The layer rules (who may import what) are generated from the layer map in
 * layers.config.mjs, so that a wrong import fails `npm run lint`, not only a code review.
 */
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { closedFolders, layers } from './layers.config.mjs';

/** @typedef {import('./layers.config.mjs').Layer} Layer */

/** Escapes `s` for use inside a regular expression. @param {string} s */
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** @param {string} p */
const isFile = (p) => p.endsWith('.ts');
/** @param {string} p */
const dirOf = (p) => (isFile(p) ? p.split('/').slice(0, -1) : p.split('/'));
/** @param {string} p @param {string} folder */
const inside = (p, folder) => p.startsWith(`${folder}/`);
/**
 * The regex tail that names `rel` (a layer path relative to some folder): a folder and what is in
 * it, or a file with or without `.js`.
 * @param {string} rel
 */
const named = (rel) => (isFile(rel) ? `${esc(rel.slice(0, -3))}(?:\\.js|\\.ts)?$` : `${esc(rel)}(?:/|$)`);

/**
 * The start of every relative specifier that, written in a file at `from` (a layer path), reaches
 * `to` (a layer path or closed folder): enough `../` to climb to their common folder, then any of
 * that folder's own trailing segments (`../../core/store` reaches main/core/store from main/cli as
 * well as `../core/store` does), then the rest of `to`'s path.
 * @param {string} from @param {string} to @returns {[string, string]} [leading regex, remaining path]
 */
function reach(from, to) {
  const src = dirOf(from);
  const dst = to.split('/');
  let common = 0;
  while (common < src.length && common < dst.length - 1 && src[common] === dst[common]) common += 1;
  const up = src.length - common;
  const prefixes = src.slice(0, common).reduce((acc, seg) => `(?:${acc}${esc(seg)}/)?`, '');
  // A folder layer's files sit at any depth in it, so at least `up` steps; a file layer's exactly `up`.
  const climb = up === 0 ? '(?:\\./|(?:\\.\\./)+)' : `(?:\\.\\./){${up},}`;
  return [`^${climb}${prefixes}`, dst.slice(common).join('/')];
}

/**
 * The `no-restricted-imports` patterns of the files at `path` (one path of `layer`): every layer
 * the map does not allow, every unlisted path under a closed folder, every package not listed.
 * @param {Layer} layer @param {string} path @param {string[]} packages
 */
function layerPatterns(layer, path, packages) {
  const allowed = new Set([layer.name, ...layer.imports]);
  const may = `${layer.name} may import ${layer.imports.join(', ') || 'no other layer'} (layers.config.mjs).`;
  /** @type {{ regex: string, message: string }[]} */
  const patterns = [];
  /** @param {string} p the closed folders that hold `p` but not the importing files */
  const closedAround = (p) => closedFolders.filter((f) => inside(p, f) && !inside(path, f));
  for (const target of layers) {
    if (allowed.has(target.name)) continue;
    for (const to of target.paths) {
      if (closedAround(to).length > 0) continue; // the closed folder's pattern below covers it
      const nested = layers
        .flatMap((l) => l.paths)
        .filter((p) => inside(p, to))
        .map((p) => named(p.slice(to.length + 1)));
      const rest = nested.length > 0 ? `(?!${nested.join('|')})` : '';
      const message = `${layer.name} must not import ${target.name}: ${may}`;
      const [lead, tail] = reach(path, to);
      patterns.push({
        regex: isFile(to) ? `${lead}${named(tail)}` : `${lead}${esc(tail)}(?:/${rest}|$)`,
        message,
      });
      // A file directly in a folder layer it does not belong to (preload/contract.ts in preload/).
      if (!isFile(to) && dirOf(path).join('/') === to) patterns.push({ regex: `^\\./${rest}`, message });
    }
  }
  for (const folder of closedFolders) {
    if (path === folder || inside(path, folder)) continue;
    const open = layers
      .filter((l) => allowed.has(l.name))
      .flatMap((l) => l.paths.filter((p) => inside(p, folder)))
      .map((p) => named(p.slice(folder.length + 1)));
    const [lead, tail] = reach(path, folder);
    patterns.push({
      regex: open.length > 0 ? `${lead}${esc(tail)}/(?!${open.join('|')})` : `${lead}${esc(tail)}(?:/|$)`,
      message: `${layer.name} may import from ${folder}/ only the layers the map allows it: ${may}`,
    });
  }
  const listed = packages.filter((p) => p !== 'node:*').map(esc);
  const builtins = packages.includes('node:*') ? ['node:'] : [];
  const ok = [...(listed.length > 0 ? [`(?:${listed.join('|')})(?:/|$)`] : []), ...builtins];
  patterns.push({
    regex: `^(?![./])${ok.length > 0 ? `(?!${ok.join('|')})` : ''}`,
    message: `${layer.name} may import only the packages ${packages.join(', ') || '(none)'} (layers.config.mjs).`,
  });
  return patterns;
}

/** @param {string} p */
const glob = (p) => (isFile(p) ? p : `${p}/**/*.ts`);

/** One config block per layer path (and per exception file), each with all of its restrictions. */
const layerBlocks = layers.flatMap((layer) =>
  layer.paths.flatMap((path) => {
    const exceptions = (layer.exceptions ?? []).flatMap((e) =>
      e.files.filter((f) => f === path || inside(f, path)).map((file) => ({ file, packages: e.packages })),
    );
    // Paths of other layers inside this one (preload/contract.ts in preload/) follow their own rules.
    const nestedElsewhere = layers
      .filter((l) => l !== layer)
      .flatMap((l) => l.paths)
      .filter((p) => inside(p, path));
    /** @param {string[]} packages @returns {import('eslint').Linter.RulesRecord} */
    const rule = (packages) => ({
      'no-restricted-imports': ['error', { patterns: layerPatterns(layer, path, packages) }],
    });
    return [
      {
        name: `layers/${layer.name}${layer.paths.length > 1 ? ` (${path})` : ''}`,
        files: [glob(path)],
        ignores: [...nestedElsewhere.map(glob), ...exceptions.map((e) => e.file)],
        rules: rule(layer.packages),
      },
      ...exceptions.map((e) => ({
        name: `layers/${layer.name} (${e.file})`,
        files: [e.file],
        rules: rule([...layer.packages, ...e.packages]),
      })),
    ];
  }),
);

// eslint-disable-next-line no-restricted-syntax -- ESLint loads the default export of its config
export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'docs/**', 'coverage/**', '.demo-data/**', '.tmp/**', 'out/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['eslint.config.js', 'layers.config.mjs', 'test/harness/*.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        {
          selector: "CallExpression[callee.name='setInterval']",
          message: 'Use a self-rescheduling setTimeout.',
        },
      ],
    },
  },
  ...layerBlocks,
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: globals.node },
  },
);
