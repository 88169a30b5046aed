import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { assertChromiumInstalled } from './browser.js';

/**
 * Before any browser test: fail at once if Chromium is missing, and build the web app into
 * dist/web, which the test server serves, so the tests never run against an old build.
 */
export default async function setup(): Promise<void> {
  assertChromiumInstalled();
  // Vitest sets NODE_ENV=test, and Vite would then build React's development version:
  // test what ships instead.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
      mode: 'production',
      logLevel: 'warn',
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
