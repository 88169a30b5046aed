import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestApp } from '../support/app.js';
import { launchBrowser, onLocalhost } from './browser.js';

/** What the tests expect to find; written out here rather than imported from web/, so the app is checked against it. */
export const OFFICE_NAME = 'Example Constituency';

export const ROLE_LABELS = {
  member: 'Member',
  manager: 'Office manager',
  caseworker: 'Caseworker',
  volunteer: 'Volunteer',
  researcher: 'Researcher',
  data_protection_lead: 'Data protection lead',
} as const;
export type DemoRole = keyof typeof ROLE_LABELS;
export const DEMO_ROLES = Object.keys(ROLE_LABELS) as DemoRole[];

/** Each navigation item and the permission that shows it, in the order they appear. */
export const NAV_ITEMS = [
  { label: 'Inbox', permission: 'inbox:read', path: '/inbox' },
  { label: 'Cases', permission: 'cases:read', path: '/cases' },
  { label: 'People', permission: 'people:read', path: '/people' },
  { label: 'Directory', permission: 'people:read', path: '/directory' },
  { label: 'Newsletters', permission: 'outreach:read', path: '/newsletters' },
  { label: 'Outreach', permission: 'outreach:read', path: '/outreach' },
  { label: 'Record of processing', permission: 'processing:read', path: '/processing' },
  { label: 'Suppression list', permission: 'suppression:manage', path: '/suppressions' },
  { label: 'Rights requests', permission: 'rights:read', path: '/rights-requests' },
  { label: 'Retention', permission: 'retention:read', path: '/retention' },
  { label: 'Disclosures', permission: 'disclosures:read', path: '/disclosures' },
  { label: 'Breaches', permission: 'breaches:read', path: '/breaches' },
  { label: 'Electoral register', permission: 'register:read', path: '/electoral-register' },
  { label: 'Research', permission: 'research:read', path: '/research' },
  { label: 'Jobs', permission: 'jobs:read', path: '/jobs' },
  { label: 'Audit', permission: 'audit:read', path: '/audit' },
  { label: 'Settings', permission: 'office:manage', path: '/settings' },
] as const;

export interface DemoUser {
  email: string;
  role: string;
  displayName: string;
}

export function demoUser(users: readonly DemoUser[], role: DemoRole): DemoUser {
  const user = users.find((candidate) => candidate.role === role);
  if (!user) throw new Error(`The demo office has no user with role ${role}; it should have one of each of ${DEMO_ROLES.join(', ')}`);
  return user;
}

export async function fillSignInForm(page: Page, email: string, password: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Opens the app, signs in through the form and waits for the shell's header. */
export async function signIn(page: Page, baseUrl: string, user: DemoUser, password: string): Promise<void> {
  await page.goto(baseUrl);
  await fillSignInForm(page, user.email, password);
  await page.getByRole('banner').getByText(OFFICE_NAME, { exact: true }).waitFor();
}

export async function navLabels(page: Page): Promise<string[]> {
  const labels = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
  return labels.map((label) => label.trim());
}

/** `GET /api/v1/me` from inside the page, with its cookies: the status and body. */
export async function fetchMe(page: Page): Promise<{ status: number; body: unknown }> {
  return page.evaluate(async () => {
    const response = await fetch('/api/v1/me', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    const text = await response.text();
    try {
      return { status: response.status, body: JSON.parse(text) as unknown };
    } catch {
      return { status: response.status, body: text as unknown };
    }
  });
}

export function permissionsOf(meBody: unknown): string[] {
  const permissions = (meBody as { permissions?: unknown }).permissions;
  if (!Array.isArray(permissions) || !permissions.every((p) => typeof p === 'string')) {
    throw new Error(`GET /api/v1/me gave no permissions array: ${JSON.stringify(meBody)}`);
  }
  return permissions;
}

export function expectedNavLabels(permissions: readonly string[]): string[] {
  return NAV_ITEMS.filter((item) => permissions.includes(item.permission)).map((item) => item.label);
}

/** Starts the real server and Chromium for one test file, and closes both after it. */
export function useStaffApp() {
  const env = {} as { app: Awaited<ReturnType<typeof startTestApp>>; browser: Browser; baseUrl: string };
  beforeAll(async () => {
    [env.app, env.browser] = await Promise.all([startTestApp(), launchBrowser()]);
    env.baseUrl = onLocalhost(env.app.url);
  });
  afterAll(async () => {
    await Promise.all([env.browser?.close(), env.app?.close()]);
  });
  return env;
}
