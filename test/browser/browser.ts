import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AxeResults } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium; playwright-core downloads no browser of its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export function assertChromiumInstalled(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The browser tests need Debian's Chromium at ${CHROMIUM_PATH}, which is missing. ` +
        'Install it with: apt-get install -y chromium fonts-liberation',
    );
  }
}

export async function launchBrowser(): Promise<Browser> {
  assertChromiumInstalled();
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const desktop = { width: 1280, height: 800 } as const;
export const phone = { width: 390, height: 844 } as const;

interface PageOptions {
  viewport?: { width: number; height: number };
  /**
   * Lets the test add axe-core with a script tag, which the server's Content-Security-Policy
   * would block. Without it the app runs under its real policy, and a violation is a page error.
   */
  forAxe?: boolean;
}

/**
 * A fresh browser profile (no cookies). Uncaught errors in the page, and anything the
 * Content-Security-Policy blocked, are collected in `pageErrors`, for tests to assert there were none.
 */
export async function newPage(browser: Browser, options: PageOptions = {}) {
  const context: BrowserContext = await browser.newContext({
    viewport: options.viewport ?? desktop,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    bypassCSP: options.forAxe ?? false,
  });
  const page: Page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) pageErrors.push(message.text());
  });
  return { context, page, pageErrors };
}

/** The address the app is at, always on host `localhost`: the session cookie is Secure, which browsers allow over http only there. */
export function onLocalhost(url: string): string {
  const address = new URL(url);
  address.hostname = 'localhost';
  return address.origin;
}

const axePath = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url));

/** Runs axe-core (the page must come from `newPage(browser, { forAxe: true })`) on the page as it is now and returns its serious and critical violations, described for a failure message. */
export async function seriousAccessibilityProblems(page: Page): Promise<string[]> {
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.addScriptTag({ path: axePath });
  const results = await page.evaluate(() => {
    const { axe } = window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } };
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help} (${violation.helpUrl})\n` +
        violation.nodes.map((node) => `    ${node.target.join(' ')}: ${node.failureSummary ?? ''}`).join('\n'),
    );
}
