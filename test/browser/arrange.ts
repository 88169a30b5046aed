import type { Page } from 'playwright-core';
import { FROM } from '../../src/modules/correspondence/outbound/test-fixtures/support.js';
import type { startTestApp } from '../support/app.js';

type TestServer = Awaited<ReturnType<typeof startTestApp>>;

/**
 * The API as a signed-in member of staff, for arranging what a test needs (people, organisations,
 * cases) without going through pages that other tests cover. Any answer other than 2xx fails the test.
 */
export async function apiAs(server: TestServer, email: string) {
  const client = await server.postbag.signIn(email);
  async function send<T>(method: 'GET' | 'POST' | 'PUT', path: string, payload?: unknown): Promise<T> {
    const response = await server.postbag.app.inject({ method, url: `/api/v1${path}`, headers: client.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    if (response.statusCode >= 300) throw new Error(`${method} ${path} answered ${response.statusCode}: ${response.body}`);
    return response.json() as T;
  }
  return {
    get: <T>(path: string) => send<T>('GET', path),
    post: <T>(path: string, body: unknown) => send<T>('POST', path, body),
    put: <T>(path: string, body: unknown) => send<T>('PUT', path, body),
  };
}

export const emailOf = {
  owen: 'caseworker@postbag.example',
  grace: 'caseworker2@postbag.example',
  manager: 'manager@postbag.example',
  member: 'member@postbag.example',
  dpo: 'dpo@postbag.example',
} as const;

/**
 * What the tests of writing from a case start from: the office's correspondence settings (a from
 * address, so e-mail can be queued) and Owen's case for Amina Khan, who has an e-mail address.
 */
export async function arrangeCaseToWriteFrom(server: TestServer): Promise<{ id: string; reference: string }> {
  const manager = await apiAs(server, emailOf.manager);
  await manager.put('/office/correspondence', { fromAddress: FROM, signature: 'Member of Parliament for Example', letterheadAddress: 'House of Commons', privacyNoticeUrl: null });
  const owen = await apiAs(server, emailOf.owen);
  const person = await owen.post<{ id: string }>('/people', {
    givenName: 'Amina',
    familyName: 'Khan',
    source: 'email',
    contactPoints: [{ kind: 'email', value: 'amina.khan@example.org', preferred: true, source: 'email' }],
  });
  return owen.post('/cases', { constituentIds: [person.id], summary: 'Universal Credit payment stopped' });
}

/** Waits until no "Loading…" text is left on the page. */
export async function loaded(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.body.textContent?.includes('Loading'));
}

/** The page's own address: path and query. */
export function address(page: Page): string {
  const url = new URL(page.url());
  return url.pathname + url.search;
}

/** Whether the page scrolls sideways (it should not, at any width). */
export function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}
