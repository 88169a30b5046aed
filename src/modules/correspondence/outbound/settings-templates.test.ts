import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../../test/support/app.js';
import { client } from '../../casework/test-fixtures/support.js';
import { FROM, multipart, officeWithCase, png, sendAs } from './test-fixtures/support.js';
import { expectUnchanged, tableContents } from '../../../../test/support/unchanged.js';

/** The office's correspondence settings, its logo, and its templates with merge fields. */
let t: TestApp;
let manager: SignedInClient;
let owen: SignedInClient;

beforeAll(async () => {
  t = await createTestApp();
  ({ manager, owen } = await officeWithCase(t));
});
afterAll(() => t?.close());

const lastAudit = async () => (await t.database.db.selectFrom('audit_log').select(['action', 'record_ids']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()).action;
const uploadLogo = (user: SignedInClient, filename: string, type: string, content: Buffer) => {
  const form = multipart(filename, type, content);
  return t.app.inject({ method: 'PUT', url: '/api/v1/office/correspondence/logo', headers: { ...user.headers, ...form.headers }, payload: form.payload });
};

describe('correspondence settings', () => {
  it('are saved by a manager, audited, and read by caseworkers', async () => {
    const settings = await client(t, owen).ok('GET', '/office/correspondence');
    expect(settings).toMatchObject({ fromAddress: FROM, signature: 'Member of Parliament for Example', letterheadAddress: 'House of Commons\nLondon SW1A 0AA', logo: null });
    const changed = await sendAs(t, manager, 'PUT', '/office/correspondence', { ...settings, logo: undefined, updatedAt: undefined, signature: 'MP for Example' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().signature).toBe('MP for Example');
    expect(await lastAudit()).toBe('office.correspondence_changed');
  });

  it('refuses a caseworker, a bad from address and a non-web privacy link, changing nothing', async () => {
    const before = await client(t, owen).ok('GET', '/office/correspondence');
    const body = { fromAddress: FROM, signature: '', letterheadAddress: '', privacyNoticeUrl: null };
    expect((await sendAs(t, owen, 'PUT', '/office/correspondence', body)).statusCode).toBe(403);
    const bad = await sendAs(t, manager, 'PUT', '/office/correspondence', { ...body, fromAddress: 'office at example', privacyNoticeUrl: 'javascript:alert(1)' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.problems.map((p: { path: string }) => p.path).sort()).toEqual(['body.fromAddress', 'body.privacyNoticeUrl']);
    expect(await client(t, owen).ok('GET', '/office/correspondence')).toEqual(before);
  });

  it('takes a PNG logo by its bytes, serves it back, and refuses other files and files over 1 MB', async () => {
    const image = png();
    const saved = await uploadLogo(manager, 'logo.png', 'image/png', image);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().logo).toEqual({ contentType: 'image/png', url: '/api/v1/office/correspondence/logo' });
    const served = await t.app.inject({ method: 'GET', url: '/api/v1/office/correspondence/logo', headers: { cookie: owen.cookie } });
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.rawPayload.equals(image)).toBe(true);

    // A GIF named and declared as PNG: judged by its bytes.
    const gif = await uploadLogo(manager, 'logo.png', 'image/png', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'));
    expect(gif.statusCode).toBe(415);
    expect(gif.json().error.message).toMatch(/PNG or JPEG/);
    const damaged = await uploadLogo(manager, 'logo.png', 'image/png', image.subarray(0, 30));
    expect(damaged.statusCode).toBe(415);
    expect(damaged.json().error.message).toMatch(/cannot be read/);
    const big = await uploadLogo(manager, 'big.png', 'image/png', Buffer.concat([image, Buffer.alloc(1024 * 1024)]));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.message).toMatch(/larger than 1 MB/);
    expect((await uploadLogo(owen, 'logo.png', 'image/png', image)).statusCode).toBe(403);
    const notAForm = await sendAs(t, manager, 'PUT', '/office/correspondence/logo', { logo: 'x' });
    expect(notAForm.statusCode).toBe(415);
    // Still the first logo.
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/office/correspondence/logo', headers: { cookie: owen.cookie } });
    expect(after.rawPayload.equals(image)).toBe(true);
  });
});

describe('templates', () => {
  const body = 'Dear {{constituent.givenName}},\n\nI have written to {{ agency.name }} about your case {{case.reference}}.\n\n{{member.name}}';

  it('are written by a manager with the merge fields they use, listed for caseworkers, edited and retired', async () => {
    const managerApi = client(t, manager);
    const created = await managerApi.created('/templates', { name: 'Written to agency', channel: 'email', subject: 'Your case: {{case.reference}}', body });
    expect(created).toMatchObject({ channel: 'email', fields: ['case.reference', 'constituent.givenName', 'agency.name', 'member.name'], retiredAt: null });
    expect(await lastAudit()).toBe('template.created');

    const edited = await managerApi.ok('PATCH', `/templates/${created.id}`, { body: 'Dear {{constituent.name}}' });
    expect(edited.fields).toEqual(['case.reference', 'constituent.name']);
    const listed = await client(t, owen).ok('GET', '/templates?channel=email');
    expect(listed.templates.map((x: { id: string }) => x.id)).toContain(created.id);

    await managerApi.ok('POST', `/templates/${created.id}/retire`);
    expect(await lastAudit()).toBe('template.retired');
    expect((await client(t, owen).ok('GET', '/templates')).templates.map((x: { id: string }) => x.id)).not.toContain(created.id);
    expect((await client(t, owen).ok('GET', '/templates?includeRetired=true')).templates.find((x: { id: string }) => x.id === created.id).retiredAt).not.toBeNull();
  });

  it('refuse an unknown merge field, a stray brace, a taken name, an e-mail without subject, and a caseworker, saving nothing', async () => {
    const managerApi = client(t, manager);
    await managerApi.created('/templates', { name: 'Acknowledgement', channel: 'letter', body: 'Thank you, {{constituent.name}}.' });
    const before = await tableContents(t);

    const unknown = await managerApi.send('POST', '/templates', { name: 'Typo', channel: 'letter', body: 'Dear {{constituent.firstName}}, {{case.reference}' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('{{constituent.firstName}}, which is not a merge field');
    expect(unknown.json().error.message).toContain('without its other half');
    expect(unknown.json().error.message).toContain('{{constituent.givenName}}');

    const taken = await managerApi.send('POST', '/templates', { name: 'ACKNOWLEDGEMENT', channel: 'letter', body: 'Hello' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.message).toContain('already a template called "ACKNOWLEDGEMENT"');

    const noSubject = await managerApi.send('POST', '/templates', { name: 'No subject', channel: 'email', body: 'Hello' });
    expect(noSubject.statusCode).toBe(400);
    expect(noSubject.json().error.problems).toEqual([{ path: 'body.subject', message: 'must not be empty for an e-mail template' }]);

    expect((await client(t, owen).send('POST', '/templates', { name: 'Mine', channel: 'letter', body: 'Hello' })).statusCode).toBe(403);
    expect((await managerApi.send('PATCH', '/templates/0190b5d2-0000-7000-8000-000000000000', { body: 'x' })).statusCode).toBe(404);
    await expectUnchanged(t, before);
  });
});

it('a volunteer can read neither settings nor templates', async () => {
  const volunteer = await t.signIn(demo.email('volunteer'));
  expect((await client(t, volunteer).send('GET', '/templates')).statusCode).toBe(403);
  expect((await client(t, volunteer).send('GET', '/office/correspondence')).statusCode).toBe(403);
});
