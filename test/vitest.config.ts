import { defineConfig } from 'vitest/config';

/** Cross-package tests: sync engines against the real server, faults, security. */
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
