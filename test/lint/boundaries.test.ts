/**
 * The import boundaries in eslint.config.js fire: each forbidden import or
 * global below, linted with the repository's own config through ESLint's
 * Node API, is reported by the rule that guards it, and the allowed
 * directions pass. (Before the TypeScript resolver was configured,
 * import-x/no-restricted-paths passed every import without a word.)
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

// The fixtures are not files in any tsconfig, so the type-aware rules are off;
// the boundary rules need no types, only the resolver (which reads real files).
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({
    cwd: root,
    overrideConfig: [{ files: ['web/**/*.{ts,tsx}'], ...tseslint.configs.disableTypeChecked }],
  });
});

async function lint(path: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${path}` });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

const forbidden: [string, string, string, string][] = [
  [
    'a feature imports another',
    'web/src/features/shell/fixture.ts',
    "import { partnershipKeys } from '../partnership/data';\nexport const x = partnershipKeys;",
    'import-x/no-restricted-paths',
  ],
  [
    'components import a feature',
    'web/src/components/fixture.tsx',
    "import { SignOutButton } from '../features/auth/sign-out';\nexport const x = SignOutButton;",
    'import-x/no-restricted-paths',
  ],
  [
    'offline imports a feature',
    'web/src/offline/fixture.ts',
    "import { ReturnsPage } from '../features/assessment/returns-page';\nexport const x = ReturnsPage;",
    'import-x/no-restricted-paths',
  ],
  [
    'a feature reaches past the offline facade',
    'web/src/features/assessment/fixture.ts',
    "import { openOfflineDb } from '../../offline/db';\nexport const x = openOfflineDb;",
    'import-x/no-restricted-paths',
  ],
  [
    'a component imports app/',
    'web/src/components/fixture.tsx',
    "import { App } from '../app/app';\nexport const x = App;",
    'import-x/no-restricted-paths',
  ],
  [
    'a feature calls fetch',
    'web/src/features/partnership/fixture.ts',
    "export const x = fetch('/api/health');",
    'no-restricted-globals',
  ],
  [
    'a feature calls window.fetch',
    'web/src/features/partnership/fixture.ts',
    "export const x = window.fetch('/api/health');",
    'no-restricted-properties',
  ],
  [
    'a feature opens IndexedDB',
    'web/src/features/shell/fixture.ts',
    "export const x = indexedDB.open('s11');",
    'no-restricted-globals',
  ],
  [
    'a feature registers a service worker',
    'web/src/features/shell/fixture.ts',
    "export const x = navigator.serviceWorker.register('/sw.js');",
    'no-restricted-properties',
  ],
  [
    'a feature imports workbox-window',
    'web/src/features/shell/fixture.ts',
    "import { Workbox } from 'workbox-window';\nexport const x = Workbox;",
    'no-restricted-imports',
  ],
  [
    'a feature imports dexie',
    'web/src/features/assessment/fixture.ts',
    "import Dexie from 'dexie';\nexport const x = Dexie;",
    'no-restricted-imports',
  ],
  [
    'app/ imports dexie-react-hooks',
    'web/src/app/fixture.ts',
    "import { useLiveQuery } from 'dexie-react-hooks';\nexport const x = useLiveQuery;",
    'no-restricted-imports',
  ],
  [
    'a feature builds its own HTTP client',
    'web/src/features/partnership/fixture.ts',
    "import { hc } from 'hono/client';\nexport const x = hc;",
    'no-restricted-imports',
  ],
  [
    "a feature imports the server's route types",
    'web/src/features/partnership/fixture.ts',
    "import type { AppType } from '@s11/server';\nexport type X = AppType;",
    'no-restricted-imports',
  ],
  [
    'a screen seeds the device store (tests only)',
    'web/src/features/assessment/fixture.tsx',
    "import { deviceStore } from '../../offline/testing';\nexport const x = deviceStore;",
    'no-restricted-imports',
  ],
];

describe('lint boundaries', () => {
  it.each(forbidden)('reports when %s', async (_name, path, code, rule) => {
    const messages = await lint(path, code);
    expect(messages.filter((m) => m.startsWith(`${rule}:`))).toHaveLength(1);
    expect(messages.filter((m) => m.startsWith('fatal'))).toEqual([]);
  });

  const allowed: [string, string, string][] = [
    [
      'app/ composes features',
      'web/src/app/fixture.tsx',
      "import { ReturnsPage } from '../features/assessment/returns-page';\nexport const x = ReturnsPage;",
    ],
    [
      'a feature imports its own modules, components and the offline index',
      'web/src/features/assessment/fixture.tsx',
      [
        "import { RatingField } from './rating-field';",
        "import { Page } from '../../components/page';",
        "import { useMe } from '../../offline';",
        'export const x = [RatingField, Page, useMe];',
      ].join('\n'),
    ],
    [
      'a feature test seeds the device store',
      'web/src/features/assessment/fixture.test.tsx',
      "import { deviceStore } from '../../offline/testing';\nexport const x = deviceStore;",
    ],
    [
      'offline/ uses dexie, fetch and its typed client',
      'web/src/offline/fixture.ts',
      [
        "import Dexie from 'dexie';",
        "import { hc } from 'hono/client';",
        "import { Workbox } from 'workbox-window';",
        "export const x = [Dexie, hc, Workbox, fetch('/api/health'), navigator.serviceWorker];",
      ].join('\n'),
    ],
  ];
  it.each(allowed)('allows %s', async (_name, path, code) => {
    expect(await lint(path, code)).toEqual([]);
  });
});
