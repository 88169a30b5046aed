import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldInWords } from '../../src/platform/errors/errors.js';
import { tokenServed } from '../../src/modules/correspondence/contact-form/test-fixtures/support.js';
import { DEMO_OFFICE_ID } from '../../src/seed/demo.js';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../support/app.js';
import { expectUnchanged, tableContents } from '../support/unchanged.js';

/**
 * Issue 9: text PostgreSQL cannot store (U+0000), dates outside 1900-2100 or not on the calendar,
 * names of nothing visible and line breaks in one-line fields are a 400 naming the field, from
 * every module, and change nothing in any table.
 */

let t: TestApp;
let manager: SignedInClient;
const ids = { person: '', organisation: '', case: '', topic: '', template: '', message: '' };

const API = '/api/v1';
const NUL_TEXT = 'must not contain the null character (U+0000): retype the text rather than pasting it';
const OUT_OF_RANGE = 'must be a date from 1900 to 2100';
const NOT_ON_CALENDAR = 'is not a real date: February 2025 has 28 days';

/** Each bad value, and what the caseworker is told about it. */
const bad = {
  'U+0000': { value: 'Ada\u0000Lovelace', message: NUL_TEXT },
  'only U+200B U+202E U+2066': { value: '\u200B\u202E\u2066', message: 'must contain visible text, not only spaces or invisible characters' },
  'CR LF': { value: 'Ada\r\nLovelace', message: 'must be on one line: remove the line break' },
  '0000-01-01': { value: '0000-01-01', message: OUT_OF_RANGE },
  '99999-01-01': { value: '99999-01-01', message: OUT_OF_RANGE },
  '2025-02-30': { value: '2025-02-30', message: NOT_ON_CALENDAR },
  '0000-01-01T09:00:00Z': { value: '0000-01-01T09:00:00Z', message: OUT_OF_RANGE },
  '99999-01-01T09:00:00Z': { value: '99999-01-01T09:00:00Z', message: OUT_OF_RANGE },
  '2025-02-30T09:00:00Z': { value: '2025-02-30T09:00:00Z', message: NOT_ON_CALENDAR },
} as const;
type Bad = keyof typeof bad;

interface Route {
  method: 'POST' | 'PATCH' | 'PUT' | 'GET';
  url: () => string;
  /** A body the route accepts; each case spoils one field of it. */
  body: () => Record<string, unknown>;
  /** Sent as multipart/form-data, as the staff app sends a call or letter. */
  form?: boolean;
}

const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
const postalAddress = { kind: 'postal_address', lines: ['1 High Street'], postcode: 'B63 3AA', source: 'letter' };

const routes = {
  'POST /people': { method: 'POST', url: () => '/people', body: () => ({ givenName: 'Ada', familyName: 'Lovelace', source: 'letter', contactPoints: [postalAddress] }) },
  'PATCH /people/:id': { method: 'PATCH', url: () => `/people/${ids.person}`, body: () => ({ givenName: 'Ada', identifiers: { dateOfBirth: '1980-01-01' } }) },
  'POST /people/:id/contact-points': { method: 'POST', url: () => `/people/${ids.person}/contact-points`, body: () => ({ ...postalAddress }) },
  'POST /people/matches': { method: 'POST', url: () => '/people/matches', body: () => ({ name: 'Ada Lovelace', postcode: 'B63 3AA' }) },
  'POST /organisations': { method: 'POST', url: () => '/organisations', body: () => ({ name: 'Dudley Council', kind: 'public_body', source: 'public_source' }) },
  'POST /organisations/:id/members': {
    method: 'POST',
    url: () => `/organisations/${ids.organisation}/members`,
    body: () => ({ personId: ids.person, role: 'Tenant', source: 'letter' }),
  },
  'POST /cases': { method: 'POST', url: () => '/cases', body: () => ({ constituentIds: [ids.person], summary: 'Damp in the flat', dueOn: '2026-12-31' }) },
  'PATCH /cases/:id': {
    method: 'PATCH',
    url: () => `/cases/${ids.case}`,
    body: () => ({ summary: 'Damp in the flat, worse', dueOn: '2026-12-31', agencies: [{ organisationId: ids.organisation, agencyReference: 'HR-1' }] }),
  },
  'POST /cases/:id/notes': { method: 'POST', url: () => `/cases/${ids.case}/notes`, body: () => ({ text: 'Rang back.' }) },
  'POST /cases/:id/tasks': {
    method: 'POST',
    url: () => `/cases/${ids.case}/tasks`,
    body: () => ({ text: 'Chase the council', dueOn: '2026-12-31', remindAt: new Date(Date.now() + 86_400_000).toISOString() }),
  },
  'POST /cases/:id/agency-contacts': {
    method: 'POST',
    url: () => `/cases/${ids.case}/agency-contacts`,
    body: () => ({ organisationId: ids.organisation, direction: 'outgoing', text: 'Wrote to housing.', at: hourAgo() }),
  },
  'POST /cases/:id/sharing-consents': {
    method: 'POST',
    url: () => `/cases/${ids.case}/sharing-consents`,
    body: () => ({ personId: ids.person, organisationId: ids.organisation, agreed: true, method: 'phone', givenAt: hourAgo() }),
  },
  'POST /cases/:id/close': { method: 'POST', url: () => `/cases/${ids.case}/close`, body: () => ({ outcome: 'resolved', outcomeNote: 'Fixed.', openTasks: 'keep' }) },
  'POST /topics': { method: 'POST', url: () => '/topics', body: () => ({ name: 'Damp and mould' }) },
  'PATCH /topics/:id': { method: 'PATCH', url: () => `/topics/${ids.topic}`, body: () => ({ name: 'Housing repairs' }) },
  'POST /templates': { method: 'POST', url: () => '/templates', body: () => ({ name: 'First reply', channel: 'email', subject: 'Your case', body: 'Dear {{constituent.name}}' }) },
  'PATCH /templates/:id': { method: 'PATCH', url: () => `/templates/${ids.template}`, body: () => ({ subject: 'About your case' }) },
  'POST /cases/:id/emails': { method: 'POST', url: () => `/cases/${ids.case}/emails`, body: () => ({ to: 'ada@example.org', subject: 'Your case', body: 'Hello.' }) },
  'POST /cases/:id/letters': { method: 'POST', url: () => `/cases/${ids.case}/letters`, body: () => ({ recipient: 'constituent', body: 'Dear Ada' }) },
  'POST /messages/notes': {
    method: 'POST',
    url: () => '/messages/notes',
    body: () => ({ channel: 'phone', direction: 'in', occurredAt: hourAgo(), counterpartName: 'Ada Lovelace', summary: 'Rang about damp.' }),
    form: true,
  },
  'POST /messages/social': { method: 'POST', url: () => '/messages/social', body: () => ({ platform: 'x', handle: 'adal', text: 'Help with damp?', sentAt: hourAgo() }) },
  'POST /messages/:id/triage': { method: 'POST', url: () => `/messages/${ids.message}/triage`, body: () => ({ action: 'new_case', summary: 'Damp', constituentIds: [ids.person] }) },
  'POST /mailboxes': {
    method: 'POST',
    url: () => '/mailboxes',
    body: () => ({ host: 'imap.example.org', port: 993, tls: true, username: 'office', password: 'secret', folder: 'INBOX' }),
  },
  'PUT /office/correspondence': {
    method: 'PUT',
    url: () => '/office/correspondence',
    body: () => ({ fromAddress: null, signature: 'MP for Example', letterheadAddress: '1 Parliament Street', privacyNoticeUrl: null }),
  },
  'PATCH /office': { method: 'PATCH', url: () => '/office', body: () => ({ twoFactorRequirement: 'none' }) },
  'POST /search': { method: 'POST', url: () => '/search', body: () => ({ q: 'Lovelace' }) },
  'POST /processing/purposes': {
    method: 'POST',
    url: () => '/processing/purposes',
    body: () => ({
      name: 'Surgeries',
      description: 'Advice surgeries in the constituency.',
      lawfulBasis: 'public_task',
      dataCategories: ['Name and contact details'],
      dataSubjects: ['Constituents'],
      sources: ['The person'],
      recipients: [],
      retentionMonths: 12,
      retentionNote: 'A year.',
      consentRequired: false,
    }),
  },
} satisfies Record<string, Route>;

/** [route, field (a path into the body), bad value]. */
const cases: [keyof typeof routes, string, Bad][] = [
  ['POST /people', 'givenName', 'U+0000'],
  ['POST /people', 'givenName', 'only U+200B U+202E U+2066'],
  ['POST /people', 'familyName', 'CR LF'],
  ['POST /people', 'identifiers.dateOfBirth', '0000-01-01'],
  ['POST /people', 'identifiers.dateOfBirth', '99999-01-01'],
  ['POST /people', 'identifiers.dateOfBirth', '2025-02-30'],
  ['POST /people', 'collectedAt', '0000-01-01T09:00:00Z'],
  ['POST /people', 'contactPoints.0.lines.0', 'CR LF'],
  ['PATCH /people/:id', 'givenName', 'U+0000'],
  ['PATCH /people/:id', 'givenName', 'only U+200B U+202E U+2066'],
  ['PATCH /people/:id', 'familyName', 'CR LF'],
  ['PATCH /people/:id', 'identifiers.dateOfBirth', '2025-02-30'],
  ['POST /people/:id/contact-points', 'lines.0', 'U+0000'],
  ['POST /people/:id/contact-points', 'lines.0', 'CR LF'],
  ['POST /people/:id/contact-points', 'collectedAt', '99999-01-01T09:00:00Z'],
  ['POST /people/matches', 'name', 'U+0000'],
  ['POST /organisations', 'name', 'U+0000'],
  ['POST /organisations', 'name', 'only U+200B U+202E U+2066'],
  ['POST /organisations', 'name', 'CR LF'],
  ['POST /organisations', 'collectedAt', '2025-02-30T09:00:00Z'],
  ['POST /organisations/:id/members', 'role', 'CR LF'],
  ['POST /cases', 'summary', 'U+0000'],
  ['POST /cases', 'summary', 'only U+200B U+202E U+2066'],
  ['POST /cases', 'dueOn', '0000-01-01'],
  ['POST /cases', 'dueOn', '99999-01-01'],
  ['POST /cases', 'dueOn', '2025-02-30'],
  ['PATCH /cases/:id', 'summary', 'U+0000'],
  ['PATCH /cases/:id', 'dueOn', '2025-02-30'],
  ['PATCH /cases/:id', 'agencies.0.agencyReference', 'CR LF'],
  ['POST /cases/:id/notes', 'text', 'U+0000'],
  ['POST /cases/:id/notes', 'text', 'only U+200B U+202E U+2066'],
  ['POST /cases/:id/tasks', 'text', 'U+0000'],
  ['POST /cases/:id/tasks', 'dueOn', '0000-01-01'],
  ['POST /cases/:id/tasks', 'dueOn', '2025-02-30'],
  ['POST /cases/:id/tasks', 'remindAt', '99999-01-01T09:00:00Z'],
  ['POST /cases/:id/agency-contacts', 'text', 'U+0000'],
  ['POST /cases/:id/agency-contacts', 'at', '0000-01-01T09:00:00Z'],
  ['POST /cases/:id/sharing-consents', 'givenAt', '2025-02-30T09:00:00Z'],
  ['POST /cases/:id/close', 'outcomeNote', 'U+0000'],
  ['POST /topics', 'name', 'U+0000'],
  ['POST /topics', 'name', 'only U+200B U+202E U+2066'],
  ['POST /topics', 'name', 'CR LF'],
  ['PATCH /topics/:id', 'name', 'CR LF'],
  ['POST /templates', 'name', 'CR LF'],
  ['POST /templates', 'subject', 'CR LF'],
  ['POST /templates', 'body', 'U+0000'],
  ['PATCH /templates/:id', 'subject', 'CR LF'],
  ['POST /cases/:id/emails', 'subject', 'CR LF'],
  ['POST /cases/:id/emails', 'subject', 'U+0000'],
  ['POST /cases/:id/emails', 'body', 'U+0000'],
  ['POST /cases/:id/letters', 'body', 'U+0000'],
  ['POST /messages/notes', 'counterpartName', 'U+0000'],
  ['POST /messages/notes', 'counterpartName', 'CR LF'],
  ['POST /messages/notes', 'counterpartName', 'only U+200B U+202E U+2066'],
  ['POST /messages/notes', 'summary', 'U+0000'],
  ['POST /messages/notes', 'occurredAt', '0000-01-01T09:00:00Z'],
  ['POST /messages/notes', 'occurredAt', '2025-02-30T09:00:00Z'],
  ['POST /messages/social', 'text', 'U+0000'],
  ['POST /messages/social', 'handle', 'CR LF'],
  ['POST /messages/social', 'sentAt', '99999-01-01T09:00:00Z'],
  ['POST /messages/:id/triage', 'summary', 'U+0000'],
  ['POST /mailboxes', 'username', 'CR LF'],
  ['POST /mailboxes', 'folder', 'U+0000'],
  ['PUT /office/correspondence', 'signature', 'U+0000'],
  ['PUT /office/correspondence', 'letterheadAddress', 'U+0000'],
  ['PATCH /office', 'twoFactorRequirement', 'U+0000'],
  ['POST /search', 'q', 'U+0000'],
  ['POST /search', 'q', 'CR LF'],
  ['POST /search', 'q', 'only U+200B U+202E U+2066'],
  ['POST /processing/purposes', 'name', 'CR LF'],
  ['POST /processing/purposes', 'description', 'U+0000'],
  ['POST /processing/purposes', 'dataCategories.0', 'CR LF'],
  ['POST /processing/purposes', 'retentionNote', 'only U+200B U+202E U+2066'],
];

/** A copy of `body` with the field at `path` (e.g. 'contactPoints.0.lines.0') set to `value`. */
function spoil(body: Record<string, unknown>, path: string, value: string): Record<string, unknown> {
  const copy = structuredClone(body);
  const keys = path.split('.');
  const last = keys.pop()!;
  let at: Record<string, unknown> = copy;
  for (const key of keys) at = (at[key] ??= {}) as Record<string, unknown>;
  at[last] = value;
  return copy;
}

/** A multipart body of text fields, as a browser encodes a form. */
async function multipart(fields: Record<string, unknown>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, String(value));
  const encoded = new Response(form);
  return { contentType: encoded.headers.get('content-type')!, payload: Buffer.from(await encoded.arrayBuffer()) };
}

async function send(route: Route, body: Record<string, unknown>) {
  const url = `${API}${route.url()}`;
  if (!route.form) return t.app.inject({ method: route.method, url, headers: manager.headers, payload: body });
  const { contentType, payload } = await multipart(body);
  return t.app.inject({ method: route.method, url, headers: { ...manager.headers, 'content-type': contentType }, payload });
}

async function created(route: keyof typeof routes, body?: Record<string, unknown>): Promise<{ id?: string; messageId?: string }> {
  const res = await send(routes[route], body ?? routes[route].body());
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

beforeAll(async () => {
  t = await createTestApp();
  manager = await t.signIn(demo.email('manager'));
  ids.person = (await created('POST /people')).id!;
  ids.organisation = (await created('POST /organisations')).id!;
  ids.case = (await created('POST /cases', { constituentIds: [ids.person], summary: 'Damp in the flat', agencies: [{ organisationId: ids.organisation }] })).id!;
  ids.topic = (await created('POST /topics')).id!;
  ids.template = (await created('POST /templates')).id!;
  ids.message = (await created('POST /messages/notes')).messageId!;
});
afterAll(() => t?.close());

describe('bad input through the API is a 400 naming the field, and changes nothing', () => {
  it('passes each route’s unspoilt body (so a 400 below is the bad value’s doing)', async () => {
    // Some are answered by the service (a 409: no sending address yet, the address already held), none by validation.
    for (const [name, route] of Object.entries(routes)) {
      const res = await send(route, route.body());
      expect([200, 201, 409], `${name}: ${res.body}`).toContain(res.statusCode);
    }
  });

  it.each(cases)('%s with %s = %s', async (name, field, kind) => {
    const route: Route = routes[name];
    const before = await tableContents(t);
    const res = await send(route, spoil(route.body(), field, bad[kind].value));
    expect(res.statusCode, res.body).toBe(400);
    const { error } = res.json() as { error: { code: string; message: string; problems?: { path: string; message: string }[] } };
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.problems).toContainEqual({ path: `body.${field}`, message: bad[kind].message });
    // The summary names the field as the office would, not by its path in the request.
    expect(error.message).toContain(`${fieldInWords(field)} ${bad[kind].message}`);
    expect(error.message).not.toContain('body.');
    await expectUnchanged(t, before);
  });
});

describe('U+0000 is refused before any route sees it', () => {
  it('in a key of a JSON body, which no schema names', async () => {
    const before = await tableContents(t);
    const res = await send(routes['POST /people'], { ...routes['POST /people'].body(), 'nick\u0000name': 'Ada' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems).toEqual([{ path: 'body.nick\\u0000name', message: NUL_TEXT }]);
    await expectUnchanged(t, before);
  });

  it('in a query string, with its own reason rather than the field’s', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${API}/cases?status=open%00`, headers: { cookie: manager.cookie } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems).toEqual([{ path: 'querystring.status', message: NUL_TEXT }]);
  });
});

describe('bad input on the public contact form is the form again with the reason, and changes nothing', () => {
  const good = () => ({
    formToken: tokenServed(t, DEMO_OFFICE_ID, 60_000),
    website: '',
    givenName: 'Jo',
    familyName: 'Webformer',
    addressLine1: '1 High Street',
    addressLine2: '',
    town: 'Halesowen',
    postcode: 'b63 3aa',
    email: 'jo.webformer@example.net',
    phone: '',
    message: 'My Universal Credit stopped after I moved house.',
  });
  let address = 1;
  const post = async (fields: Record<string, string>) => {
    const { contentType, payload } = await multipart(fields);
    // Each its own address, so that the hourly limit per address is not what answers.
    return t.app.inject({ method: 'POST', url: `/contact/${DEMO_OFFICE_ID}`, headers: { 'content-type': contentType }, payload, remoteAddress: `127.0.8.${address++}` });
  };

  it.each([
    ['givenName', 'U+0000', 'First name contains a character that cannot be kept: type it again rather than pasting it'],
    ['givenName', 'only U+200B U+202E U+2066', 'Enter your first name'],
    ['familyName', 'CR LF', 'Last name must be on one line'],
    ['addressLine2', 'CR LF', 'Address line 2 must be on one line'],
    ['message', 'U+0000', 'Your message contains a character that cannot be kept: type it again rather than pasting it'],
  ] as [string, Bad, string][])('%s = %s', async (field, kind, message) => {
    const before = await tableContents(t);
    const res = await post({ ...good(), [field]: bad[kind].value });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(`<a href="#f-${field}">${message}</a>`);
    expect(res.body).toContain(`id="f-${field}-error"`);
    await expectUnchanged(t, before);
  });

  it('a form token holding U+0000', async () => {
    const before = await tableContents(t);
    const res = await post({ ...good(), formToken: `${tokenServed(t, DEMO_OFFICE_ID, 60_000)}\u0000` });
    expect(res.statusCode).toBe(400);
    await expectUnchanged(t, before);
  });
});
