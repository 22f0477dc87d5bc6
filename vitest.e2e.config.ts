import { defineConfig } from 'vitest/config';

/**
 * Browser tests: a real `luoshi serve` on a fresh SQLite data directory, driven by Chromium through
 * playwright-core. One file at a time, one worker; the web app is rebuilt first when stale.
 */
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    exclude: ['node_modules/**'],
    globalSetup: ['e2e/support/build-web.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    reporters: ['default'],
  },
});
