import { defineConfig } from 'vitest/config';

/**
 * Browser tests: the real server (test/support/app.ts) serving the built web app, driven by
 * Debian's Chromium through playwright-core. The global setup builds dist/web first, so a
 * stale build is never what gets tested.
 *
 *   npx vitest run -c vitest.browser.config.ts
 */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/browser/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
