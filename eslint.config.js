// @ts-check
/**
 * ESLint flat config. The layer rules of docs/architecture (who may import what) live here so
 * that a wrong import fails `npm run lint`, not only a code review.
 */
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'https',
  'net',
  'zlib',
  'stream',
  'url',
  'util',
  'events',
];

/** @param {string[]} paths @param {string[]} patterns @param {string} why */
const restrict = (paths, patterns, why) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message: why })),
      patterns: patterns.map((group) => ({ group: [group], message: why })),
    },
  ],
});

// eslint-disable-next-line no-restricted-syntax -- ESLint loads the default export of its config
export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'docs/**', 'coverage/**', '.demo-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['eslint.config.js', 'test/harness/*.mjs'],
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
  {
    // common/ is shared by main, preload and renderer: types and zod schemas, nothing else.
    files: ['common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|\\./)',
              message:
                'common/ may import only zod and other common/ files (no node:*, electron, main, preload or renderer).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/core/**/*.ts'],
    rules: restrict(
      ['electron', 'electron-store', 'keytar'],
      ['**/shell/**', '**/preload/**', '**/renderer/**'],
      'main/core is Electron-free: no electron, electron-store, shell, preload or renderer (keytar only in store/secret-store-keytar.ts).',
    ),
  },
  {
    files: ['main/core/store/secret-store-keytar.ts'],
    rules: restrict(
      ['electron', 'electron-store'],
      ['**/shell/**', '**/preload/**', '**/renderer/**'],
      'main/core is Electron-free.',
    ),
  },
  {
    files: ['main/shell/**/*.ts', 'main/index.ts'],
    rules: restrict([], ['**/renderer/**'], 'The main process must not import the renderer.'),
  },
  {
    // The entries (CLI commands, the shell, the composition roots) reach the core only through the
    // application layer, plus model types, errors, ports and the logger. Anything else a command
    // or handler needs is re-exported by main/core/app/presentation.ts.
    files: ['main/cli/**/*.ts', 'main/cli.ts', 'main/shell/**/*.ts', 'main/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/renderer/**'], message: 'The main process must not import the renderer.' },
            {
              regex: '(^|/)core/(?!(app|model)/|(errors|ports|log)\\.js$)',
              message:
                'main/cli and main/shell call the application layer (main/core/app/); only model types, errors, ports and log may be imported besides it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: restrict(
      [...nodeBuiltins.filter((n) => n !== 'node:*')],
      ['node:*', '**/main/**', '**/renderer/**'],
      'preload may import only electron (contextBridge, ipcRenderer) and its own contract.',
    ),
  },
  {
    files: ['renderer/**/*.ts'],
    rules: restrict(
      ['electron', ...nodeBuiltins.filter((n) => n !== 'node:*')],
      ['node:*', '**/main/**', '**/preload/index*'],
      'renderer may import chart.js and the types of preload/contract only.',
    ),
  },
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
