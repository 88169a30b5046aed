import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { erasePerson } from '../../../erasure.js';
import { systemActor } from '../../../platform/audit/audit.js';
import { KeyDestroyedError } from '../../../platform/crypto/keystore.js';
import { expectUnchanged, tableContents } from '../../../../test/support/unchanged.js';
import { client } from '../../casework/test-fixtures/support.js';
import { officeWithCase } from './test-fixtures/support.js';

/** Drafts saved on a case: resumed, saved over (never over a colleague's newer save), sent through the one send path, discarded. */
let t: TestApp;
let s: Awaited<ReturnType<typeof officeWithCase>>;
let graceUser: Awaited<ReturnType<TestApp['signIn']>>;
let grace: ReturnType<typeof client>;
let acknowledgement: { id: string };

beforeAll(async () => {
  t = await createTestApp();
  s = await officeWithCase(t);
  graceUser = await t.signIn('caseworker2@postbag.example');
  grace = client(t, graceUser);
  await s.managerApi.ok('POST', '/templates/starter-library', {});
  acknowledgement = (await s.api.ok('GET', '/templates?channel=email')).templates.find((x: { name: string }) => x.name === 'Acknowledgement');
});
afterAll(() => t?.close());

const drafts = (caseId = s.theCase.id) => `/cases/${caseId}/drafts`;
const discard = (user: { headers: Record<string, string> }, url: string) => t.app.inject({ method: 'DELETE', url: `/api/v1${url}`, headers: user.headers });
const draftRow = (id: string) => t.database.db.selectFrom('message_drafts').selectAll().where('id', '=', id).executeTakeFirst();
const lastAudit = async () => t.database.db.selectFrom('audit_log').select(['action', 'record_ids']).orderBy('seq', 'desc').limit(2).execute();

/** An e-mail draft begun from the acknowledgement template, its words edited by Owen. */
async function acknowledgementDraft() {
  const filled = await s.api.ok('GET', `/cases/${s.theCase.id}/templates/${acknowledgement.id}`);
  const body = filled.body.replace('within ten working days', 'by Friday');
  return s.api.created(drafts(), { channel: 'email', templateId: acknowledgement.id, subject: filled.subject, body });
}

describe('saving a draft and coming back to it', () => {
  it('keeps the edited words sealed with the case key, and shows who started it and when it was last edited', async () => {
    const saved = await acknowledgementDraft();
    expect(saved).toMatchObject({ channel: 'email', templateId: acknowledgement.id, to: null, version: 1, startedBy: { name: 'Owen Hughes' }, lastEditedBy: { name: 'Owen Hughes' } });
    expect(saved.body).toContain('by Friday');

    const row = await draftRow(saved.id);
    expect(row).toMatchObject({ case_id: s.theCase.id, body_sealed: expect.stringMatching(/^k1\./), subject_sealed: expect.stringMatching(/^k1\./) });
    expect(JSON.stringify(row)).not.toContain('Friday');
    // Sealed with the case's key: it opens as case text, under the case's id.
    expect(await t.ctx.keystore.decryptField(row!.office_id, 'case', s.theCase.id, `message_draft.body/${saved.id}`, row!.body_sealed)).toBe(saved.body);
    expect((await lastAudit())[0]).toEqual({ action: 'draft.saved', record_ids: [saved.id, s.theCase.id] });

    // A colleague who may see the case finds it on the case and resumes it as it was left.
    const manager = s.managerApi;
    const listed = (await manager.ok('GET', drafts())).drafts;
    expect(listed.map((d: { id: string }) => d.id)).toContain(saved.id);
    expect(await manager.ok('GET', `${drafts()}/${saved.id}`)).toEqual(saved);
  });

  it('saves over the version opened, and refuses a save over a colleague’s newer one, naming them and changing nothing', async () => {
    const saved = await acknowledgementDraft();
    const edited = await s.managerApi.ok('PUT', `${drafts()}/${saved.id}`, { channel: 'email', version: 1, templateId: acknowledgement.id, subject: saved.subject, body: `${saved.body}\nP.S. Priya` });
    expect(edited).toMatchObject({ version: 2, startedBy: { name: 'Owen Hughes' }, lastEditedBy: { name: 'Priya Shah' } });
    expect(new Date(edited.lastEditedAt).getTime()).toBeGreaterThanOrEqual(new Date(saved.lastEditedAt).getTime());
    expect((await lastAudit())[0]).toEqual({ action: 'draft.updated', record_ids: [saved.id, s.theCase.id] });

    // Owen still has version 1 open.
    const before = await tableContents(t);
    const stale = await s.api.send('PUT', `${drafts()}/${saved.id}`, { channel: 'email', version: 1, subject: saved.subject, body: 'My version' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toMatch(/^Priya Shah saved this draft on \d{1,2} \w+ \d{4} at \d\d:\d\d \(version 2\) after you opened version 1: open it again to see their changes, then make yours\. Nothing was changed\.$/);
    const staleSend = await s.api.send('POST', `${drafts()}/${saved.id}/send`, { version: 1 });
    expect(staleSend.statusCode).toBe(409);
    expect((await discard(s.owen, `${drafts()}/${saved.id}?version=1`)).statusCode).toBe(409);
    await expectUnchanged(t, before);
    expect((await s.api.ok('GET', `${drafts()}/${saved.id}`)).body).toContain('P.S. Priya');
  });
});

describe('sending a draft', () => {
  it('queues the e-mail through the one send path with the template it came from, and the draft is gone', async () => {
    const saved = await acknowledgementDraft();
    const sent = await s.api.created(`${drafts()}/${saved.id}/send`, { version: 1 });
    expect(sent.letter).toBeNull();
    expect(sent.email).toMatchObject({ to: 'idris.jones@example.org', state: 'queued', subject: `${saved.subject} [${s.theCase.reference}]`, body: saved.body });

    const message = await t.database.db.selectFrom('messages').select(['detail', 'state', 'channel']).where('id', '=', sent.email.id).executeTakeFirstOrThrow();
    expect(message).toMatchObject({ channel: 'email', state: 'queued', detail: { templateId: acknowledgement.id } });
    expect(await draftRow(saved.id)).toBeUndefined();
    expect((await s.api.send('GET', `${drafts()}/${saved.id}`)).statusCode).toBe(404);
    expect((await s.api.ok('GET', `/cases/${s.theCase.id}/emails`)).emails.map((e: { id: string }) => e.id)).toContain(sent.email.id);
    expect(await lastAudit()).toEqual([
      { action: 'message.email_queued', record_ids: [sent.email.id, s.theCase.id] },
      { action: 'draft.sent', record_ids: [saved.id, s.theCase.id, sent.email.id] },
    ]);

    // Sent once: sending it again finds no draft, and nothing more is queued.
    const before = await tableContents(t);
    const again = await s.api.send('POST', `${drafts()}/${saved.id}/send`, { version: 1 });
    expect(again.statusCode).toBe(404);
    expect(again.json().error.message).toContain('it may have been sent or discarded by a colleague');
    await expectUnchanged(t, before);
  });

  it('makes a letter to an agency on the case from a letter draft, keeping its template', async () => {
    const template = (await s.api.ok('GET', '/templates?channel=letter')).templates.find((x: { name: string }) => x.name === 'Letter to an agency');
    const filled = await s.api.ok('GET', `/cases/${s.theCase.id}/templates/${template.id}?agencyId=${s.agency.id}`);
    const saved = await s.api.created(drafts(), { channel: 'letter', templateId: template.id, recipient: { agencyId: s.agency.id }, subject: filled.subject, body: filled.body });
    expect(saved).toMatchObject({ recipient: { agencyId: s.agency.id }, to: null });

    const sent = await s.api.created(`${drafts()}/${saved.id}/send`, { version: 1 });
    expect(sent.email).toBeNull();
    expect(sent.letter).toMatchObject({ recipientName: 'Home Office (UK Visas and Immigration)', subject: 'Our constituent: Idris Jones' });
    const message = await t.database.db.selectFrom('messages').select('detail').where('id', '=', sent.letter.id).executeTakeFirstOrThrow();
    expect(message.detail).toEqual({ templateId: template.id, agencyId: s.agency.id });
    expect(await draftRow(saved.id)).toBeUndefined();
  });

  it('refuses an e-mail draft with no subject yet, leaving it a draft', async () => {
    const saved = await s.api.created(drafts(), { channel: 'email', body: 'Dear Mr Jones, a quick word.' });
    const before = await tableContents(t);
    const res = await s.api.send('POST', `${drafts()}/${saved.id}/send`, { version: 1 });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toBe('The draft e-mail has no subject: add one and save the draft, then send it. Nothing was sent.');
    await expectUnchanged(t, before);
  });
});

describe('discarding a draft', () => {
  it('deletes it, audited', async () => {
    const saved = await acknowledgementDraft();
    expect((await discard(s.owen, `${drafts()}/${saved.id}?version=1`)).statusCode).toBe(204);
    expect(await draftRow(saved.id)).toBeUndefined();
    expect((await lastAudit())[0]).toEqual({ action: 'draft.discarded', record_ids: [saved.id, s.theCase.id] });
  });
});

describe('who sees drafts', () => {
  it('someone who may not see the case gets 404 for its drafts, and changes nothing', async () => {
    const private_ = await s.openCase();
    await s.api.ok('PATCH', `/cases/${private_.id}`, { sensitive: true, sharedWithIds: [] });
    const saved = await s.api.created(drafts(private_.id), { channel: 'email', subject: 'Private', body: 'Not for Grace' });
    const before = await tableContents(t);
    const url = `${drafts(private_.id)}/${saved.id}`;
    for (const res of [
      await grace.send('GET', drafts(private_.id)),
      await grace.send('GET', url),
      await grace.send('POST', drafts(private_.id), { channel: 'email', subject: 'Hi', body: 'Hello' }),
      await grace.send('PUT', url, { channel: 'email', version: 1, subject: 'Mine', body: 'Mine now' }),
      await grace.send('POST', `${url}/send`, { version: 1 }),
      await discard(graceUser, `${url}?version=1`),
    ]) {
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json().error.message).toBe('No case with that id exists, or you do not have access to it.');
    }
    await expectUnchanged(t, before);
  });
});

describe('erasing the constituent', () => {
  it('takes the drafts of the cases erased with them, and their words cannot be read again', async () => {
    const person = await s.api.created('/people', { givenName: 'Zephyrine', familyName: 'Alone', source: 'email' });
    const theirs = await s.openCase(person.id);
    const saved = await s.api.created(drafts(theirs.id), { channel: 'letter', body: 'Dear Zephyrine, about your flat.' });
    const sealed = (await draftRow(saved.id))!;
    await erasePerson(t.ctx, systemActor, sealed.office_id, person.id);
    expect(await draftRow(saved.id)).toBeUndefined();
    await expect(t.ctx.keystore.decryptField(sealed.office_id, 'case', theirs.id, `message_draft.body/${saved.id}`, sealed.body_sealed)).rejects.toThrow(KeyDestroyedError);
  });
});

describe('bad input', () => {
  it.each([
    ['no text', { channel: 'email', subject: 'Hello' }, [{ path: 'body.body', message: 'must not be empty' }]],
    ['an unknown kind', { channel: 'fax', body: 'Hello' }, [{ path: 'body.channel', message: 'must be "email" or "letter"' }]],
    ['an address on a letter', { channel: 'letter', to: 'a@example.org', body: 'Hello' }, [{ path: 'body', message: 'has unknown field(s) "to"; check the spelling' }]],
    ['an address that is not one', { channel: 'email', to: 'not-an-address', body: 'Hello' }, [{ path: 'body.to', message: 'must be an e-mail address, e.g. name@example.org' }]],
    ['a template id that is not one', { channel: 'email', templateId: 'x', body: 'Hello' }, [{ path: 'body.templateId', message: 'must be a template id (a UUID)' }]],
  ])('%s is refused with the field named, and nothing changes', async (_what, payload, problems) => {
    const before = await tableContents(t);
    const res = await s.api.send('POST', drafts(), payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems).toEqual(problems);
    await expectUnchanged(t, before);
  });

  it('an agency not on the case, a missing version and a draft id that is not one are refused, changing nothing', async () => {
    const saved = await acknowledgementDraft();
    const other = await client(t, s.owen).created('/organisations', { name: 'DVLA', kind: 'government_agency', source: 'public_source' });
    const before = await tableContents(t);
    const notOnCase = await s.api.send('POST', drafts(), { channel: 'letter', recipient: { agencyId: other.id }, body: 'Dear DVLA' });
    expect(notOnCase.statusCode).toBe(400);
    expect(notOnCase.json().error).toMatchObject({ message: 'The draft was not saved. Agency must be an agency on this case. Nothing was changed.', problems: [{ path: 'body.recipient.agencyId', message: 'must be an agency on this case' }] });
    const noVersion = await s.api.send('PUT', `${drafts()}/${saved.id}`, { channel: 'email', subject: 'x', body: 'y' });
    expect(noVersion.statusCode).toBe(400);
    expect(noVersion.json().error.problems).toEqual([{ path: 'body.version', message: 'must be the version you opened (a number)' }]);
    const discardUnversioned = await discard(s.owen, `${drafts()}/${saved.id}`);
    expect(discardUnversioned.statusCode).toBe(400);
    expect(discardUnversioned.json().error.problems).toEqual([{ path: 'querystring.version', message: 'must be the version you opened (a number)' }]);
    const otherKind = await s.api.send('PUT', `${drafts()}/${saved.id}`, { channel: 'letter', version: 1, body: 'y' });
    expect(otherKind.statusCode).toBe(400);
    expect(otherKind.json().error.problems).toEqual([{ path: 'body.channel', message: 'must stay "email": a draft e-mail cannot become another kind' }]);
    const badId = await s.api.send('GET', `${drafts()}/not-an-id`);
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.problems).toEqual([{ path: 'params.draftId', message: 'must be a draft id (a UUID)' }]);
    await expectUnchanged(t, before);
  });
});
