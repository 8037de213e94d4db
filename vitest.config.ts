import { defineConfig } from 'vitest/config';

/**
 * One vitest run covers every package. The server suite runs twice: once on
 * PGlite and once on a real PostgreSQL that the harness starts and stops.
 */
export default defineConfig({
  test: {
    projects: [
      'shared/vitest.config.ts',
      { extends: './web/vitest.config.ts', root: './web', test: { name: 'web' } },
      {
        extends: './server/vitest.config.ts',
        root: './server',
        test: { name: 'server:pglite', env: { TEST_DB: 'pglite' } },
      },
      {
        extends: './server/vitest.config.ts',
        root: './server',
        test: {
          name: 'server:postgres',
          env: { TEST_DB: 'postgres' },
          globalSetup: ['./src/testing/global-setup-postgres.ts'],
        },
      },
      {
        extends: './test/vitest.config.ts',
        root: './test',
        test: { name: 'cross-package', env: { TEST_DB: 'pglite' } },
      },
    ],
  },
});
