// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { readdirSync } from 'node:fs';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * Import boundaries (docs/decisions/003-tooling.md, 016-typed-client-and-boundaries.md),
 * proven to fire by test/lint/boundaries.test.ts:
 * - shared/ imports nothing but zod;
 * - web: app -> features -> components/offline, never back; features never
 *   import each other; everything outside offline/ imports its index only;
 * - only web/src/offline/ talks to the network, IndexedDB and the service
 *   worker (fetch, dexie, workbox-window, navigator.serviceWorker, hono/client,
 *   the server's route types).
 */
// Read from the folder, so a new feature is inside the boundary without anyone remembering to list it.
const FEATURES = readdirSync(new URL('./web/src/features', import.meta.url), {
  withFileTypes: true,
})
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

const OFFLINE_ONLY =
  'Only web/src/offline/ talks to the network, IndexedDB and the service worker: use what web/src/offline/index.ts exports.';

/** Outside offline/: no store, service worker or HTTP client; the device-store seeding for tests only. */
/** @param {boolean} inTest */
const restrictedWebImports = (inTest) => ({
  paths: ['dexie', 'dexie-react-hooks', 'hono/client', '@s11/server'].map((name) => ({
    name,
    message: OFFLINE_ONLY,
  })),
  patterns: [
    { group: ['workbox-*', '@s11/server/*', 'hono/client/*'], message: OFFLINE_ONLY },
    ...(inTest
      ? []
      : [
          {
            group: ['**/offline/testing'],
            message: 'offline/testing seeds the device store for tests only.',
          },
        ]),
  ],
});

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'data/**',
      'server/drizzle/**',
      'e2e/artifacts/**',
      'e2e/test-results/**',
      'test/.bench/**',
      '**/.tmp/**',
      '**/*.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    plugins: { 'import-x': importX },
    settings: {
      // Without a resolver import-x cannot tell where an import points, and
      // no-restricted-paths silently passes everything.
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: [
            'web/tsconfig.json',
            'server/tsconfig.json',
            'shared/tsconfig.json',
            'test/tsconfig.json',
            'e2e/tsconfig.json',
          ],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } },
      ],
      'import-x/no-duplicates': 'error',
    },
  },
  {
    files: ['shared/src/**/*.ts'],
    ignores: ['shared/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|\\.{1,2}/).*',
              message: 'shared/ depends on zod only: no I/O, no other packages.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: OFFLINE_ONLY },
        { name: 'indexedDB', message: OFFLINE_ONLY },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'fetch', message: OFFLINE_ONLY },
        { object: 'globalThis', property: 'fetch', message: OFFLINE_ONLY },
        { object: 'self', property: 'fetch', message: OFFLINE_ONLY },
        { object: 'window', property: 'indexedDB', message: OFFLINE_ONLY },
        { object: 'navigator', property: 'serviceWorker', message: OFFLINE_ONLY },
      ],
      'no-restricted-imports': ['error', restrictedWebImports(false)],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...FEATURES.map((f) => ({
              target: `./web/src/features/${f}`,
              from: './web/src/features',
              except: [`./${f}`],
              message:
                'Features do not import each other: move what they share to web/src/components or web/src/offline.',
            })),
            {
              target: ['./web/src/components', './web/src/offline'],
              from: './web/src/features',
              message: 'components/ and offline/ sit below the features: they never import one.',
            },
            {
              target: ['./web/src/features', './web/src/components', './web/src/offline'],
              from: './web/src/app',
              message: 'app/ composes the features; nothing below it imports app/.',
            },
            {
              target: './web/src/offline',
              from: './web/src/components',
              message: 'offline/ knows nothing of the screen: it never imports components/.',
            },
            {
              target: ['./web/src/app', './web/src/features', './web/src/components'],
              from: './web/src/offline',
              except: ['./index.ts', './testing.ts'],
              message:
                'Import the offline module through its index (web/src/offline/index.ts), never its internals.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests, and the helpers they share in web/src/test/, may seed the device store.
    files: ['web/src/**/*.test.{ts,tsx}', 'web/src/test/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', restrictedWebImports(true)] },
  },
  {
    files: ['web/src/offline/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-globals': 'off',
      'no-restricted-imports': 'off',
      'no-restricted-properties': 'off',
    },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
