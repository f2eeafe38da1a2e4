// Lint rules, including the layering the architecture asks for: the core never imports Electron,
// React or a face; the renderer never imports Node; inner layers never import outer ones.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'worker_threads',
  'stream',
  'http',
  'net',
  'url',
  'util',
  'module',
  'process',
  'buffer',
  'events',
];

/** What no core module may import, plus the layer's own limits. */
function coreRestrictions(extraPatterns = []) {
  return {
    paths: [
      { name: 'electron', message: 'the core runs under plain Node: no Electron', allowTypeImports: true },
      { name: 'react', message: 'the core never imports React' },
    ],
    patterns: [
      {
        group: ['**/api/*', '**/app/*', '**/cli/*', '**/harness/*', '**/src-renderer/**'],
        message: 'the core must not import an outer layer',
      },
      ...extraPatterns,
    ],
  };
}

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'dist/**',
      '.scratch/**',
      'bench/.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['src-main/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', coreRestrictions()] },
  },
  {
    // The store keeps data; it knows nothing of formats or network algebra.
    files: ['src-main/core/store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        coreRestrictions([
          {
            group: ['../import/*', '../net/*', '../../import/*', '../../net/*'],
            message: 'store sits below import and net',
          },
        ]),
      ],
    },
  },
  {
    // The net algebra is pure: model types in, sets and verdicts out.
    files: ['src-main/core/net/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        coreRestrictions([
          { group: ['../store/*', '../import/*', 'better-sqlite3'], message: 'net is pure: no store, no parsers' },
        ]),
      ],
    },
  },
  {
    // Parsers and the import runner may use the store, never the net algebra (they sit side by side).
    files: ['src-main/core/import/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        coreRestrictions([
          { group: ['../net/*', '../../net/*', '../net', '../../net'], message: 'import and net are siblings' },
        ]),
      ],
    },
  },
  {
    files: ['src-main/core/model/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../store/*',
                '../import/*',
                '../net/*',
                '../standard/*',
                '../review/*',
                '../export/*',
                'better-sqlite3',
                'node:*',
              ],
              message: 'model imports nothing of ours and does no I/O',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'the handler table is shared by all faces: no Electron',
              allowTypeImports: true,
            },
          ],
          patterns: [{ group: ['**/app/*', '**/cli/*', '**/harness/*'], message: 'api must not import a face' }],
        },
      ],
    },
  },
  {
    // The preload is sandboxed: it may import electron and the plain channel list, nothing else at run time.
    files: ['src-main/app/preload*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!electron$|\\.\\./api/channels$|\\./preload-api$).*',
              message: 'a sandboxed preload imports only electron, ../api/channels and ./preload-api',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'the renderer talks to the core only through window.portcullis' },
            { name: 'better-sqlite3', message: 'the renderer never touches SQLite' },
            ...nodeBuiltins.map((name) => ({ name, message: 'the renderer never imports Node' })),
          ],
          patterns: [
            { group: ['node:*'], message: 'the renderer never imports Node' },
            {
              group: ['**/src-main/core/**', '**/src-main/app/**', '**/src-main/cli/**', '**/src-main/harness/**'],
              message: 'the renderer only takes types from src-main/api/contract',
            },
          ],
        },
      ],
    },
  },
);
