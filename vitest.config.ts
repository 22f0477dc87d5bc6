import { defineConfig } from 'vitest/config';

/**
 * One suite, two databases: LUOSHI_TEST_DB=sqlite (default) or postgres. The test script runs it
 * once for each; every test file gets its own fresh database.
 */
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
