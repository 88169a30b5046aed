import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../test/support/app.js';
import { client, newAgency, newPerson } from './test-fixtures/support.js';
import { expectUnchanged, tableContents } from '../../../test/support/unchanged.js';

/** The case timeline, special category flags and consent to share with agencies. */
let t: TestApp;
let owen: SignedInClient;
let api: ReturnType<typeof client>;
let personId: string;
let agencyId: string;

beforeAll(async () => {
  t = await createTestApp();
  owen = await t.signIn(demo.email('caseworker'));
  api = client(t, owen);
  personId = (await newPerson(t, owen, 'Idris')).id;
  agencyId = (await newAgency(t, owen, 'Home Office (UK Visas and Immigration)')).id;
});
afterAll(() => t?.close());

const open = (summary = 'Visa application delayed', extra: object = {}) => api.created('/cases', { constituentIds: [personId], summary, ...extra });
const auditActions = async (limit: number) =>
  (await t.database.db.selectFrom('audit_log').select('action').orderBy('seq', 'desc').limit(limit).execute()).map((r) => r.action);

describe('special category data', () => {
  it('flags a case whose text mentions health or religion, shows the words, audits reads, and asks for the Article 9 condition before closing', async () => {
    const c = await open('Hospital appointment cancelled twice; she is diabetic and her church is helping');
    expect(c.specialCategory).toEqual({
      found: [
        { category: 'health', words: ['diabetic', 'hospital appointment'] },
        { category: 'religious_or_philosophical_beliefs', words: ['church'] },
      ],
      condition: null,
      recordedAt: null,
      recordedBy: null,
      needsCondition: true,
    });
    expect(c.specialCategory).toBeDefined();
    await api.ok('GET', `/cases/${c.id}`);
    expect(await auditActions(1)).toEqual(['case.special_category_read']);

    await api.ok('POST', `/cases/${c.id}/status`, { status: 'open' });
    const before = await tableContents(t);
    const refused = await api.send('POST', `/cases/${c.id}/close`, { outcome: 'resolved', outcomeNote: 'New date given' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('Article 9 condition');
    await expectUnchanged(t, before);

    const recorded = await api.ok('POST', `/cases/${c.id}/article9`, { condition: 'dpa_sch1_para23' });
    expect(recorded.specialCategory).toMatchObject({ condition: 'dpa_sch1_para23', recordedBy: 'Owen Hughes', needsCondition: false });
    expect((await api.ok('POST', `/cases/${c.id}/close`, { outcome: 'resolved', outcomeNote: 'New date given' })).status).toBe('closed');
    expect((await api.send('POST', `/cases/${c.id}/article9`, { condition: 'sometimes' })).statusCode).toBe(400);
  });

  it('leaves a case without such words unflagged, and reads of it unaudited; a later note can flag it', async () => {
    const c = await open('Bus route withdrawn from the village');
    expect(c.specialCategory).toMatchObject({ found: [], needsCondition: false });
    const n = (await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
    await api.ok('GET', `/cases/${c.id}`);
    expect((await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n).toBe(n);

    await api.ok('POST', `/cases/${c.id}/article9`, { condition: 'not_special_category' });
    await api.created(`/cases/${c.id}/notes`, { text: 'He was arrested at the protest last year' });
    const after = await api.ok('GET', `/cases/${c.id}`);
    // Reviewed as "not special category" before; the new words need a review again.
    expect(after.specialCategory).toMatchObject({ found: [{ category: 'criminal_offences', words: ['arrested'] }], condition: null, needsCondition: true });
    expect(after.specialCategory).toBeTruthy();
    expect((await api.ok('GET', '/cases?limit=200')).cases.find((x: { id: string }) => x.id === c.id).specialCategory).toBe(true);
  });
});

describe('the timeline', () => {
  it('keeps notes and agency contacts with who and when, sealed at rest; an agency contacted joins the case', async () => {
    const c = await open();
    const note = await api.created(`/cases/${c.id}/notes`, { text: 'Called the constituent: biometrics done in May' });
    expect(note).toMatchObject({ kind: 'note', by: 'Owen Hughes', text: 'Called the constituent: biometrics done in May' });
    const contact = await api.created(`/cases/${c.id}/agency-contacts`, { organisationId: agencyId, direction: 'outgoing', text: 'MP enquiry sent to the UKVI MP account' });
    expect(contact).toMatchObject({ kind: 'agency_contact', detail: { direction: 'outgoing' }, organisation: { id: agencyId } });
    expect((await api.ok('GET', `/cases/${c.id}`)).agencies).toEqual([expect.objectContaining({ organisationId: agencyId })]);

    const rows = await t.database.db.selectFrom('case_events').select('text_sealed').where('case_id', '=', c.id).where('text_sealed', 'is not', null).execute();
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r.text_sealed).not.toMatch(/biometrics|UKVI/);
    const { events } = await api.ok('GET', `/cases/${c.id}/timeline`);
    expect(events.map((e: { kind: string }) => e.kind)).toEqual(['agency_contact', 'note', 'opened']);

    const before = await tableContents(t);
    expect((await api.send('POST', `/cases/${c.id}/notes`, { text: '' })).statusCode).toBe(400);
    const future = await api.send('POST', `/cases/${c.id}/agency-contacts`, { organisationId: agencyId, direction: 'outgoing', text: 'x', at: '2099-01-01T00:00:00Z' });
    expect(future.json().error.problems).toEqual([{ path: 'body.at', message: 'must not be in the future' }]);
    await expectUnchanged(t, before);
  });

  it('sets tasks with a due date and a reminder that the job runner delivers; done once', async () => {
    const c = await open();
    const remindAt = new Date(Date.now() + 3_600_000).toISOString();
    const task = await api.created(`/cases/${c.id}/tasks`, { text: 'Chase UKVI if no reply', dueOn: '2020-02-01', remindAt });
    expect(task.task).toMatchObject({ assignee: { name: 'Owen Hughes' }, dueOn: '2020-02-01', remindedAt: null, doneAt: null, overdue: true });
    const job = await t.database.db.selectFrom('jobs').select(['id', 'kind', 'payload', 'run_at']).where('dedupe_key', '=', task.id).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ kind: 'case.task_reminder', payload: { taskId: task.id } });
    expect(job.run_at.toISOString()).toBe(remindAt);

    expect((await t.ctx.jobs.runDue()).claimed).toBe(0); // not due yet
    await t.database.db.updateTable('jobs').set({ run_at: new Date() }).where('id', '=', job.id).execute();
    expect(await t.ctx.jobs.runDue()).toMatchObject({ claimed: 1, succeeded: 1 });
    const mine = await api.ok('GET', '/tasks');
    expect(mine.tasks).toContainEqual(expect.objectContaining({ id: task.id, reference: c.reference, text: 'Chase UKVI if no reply', reminded: true, overdue: true }));

    const done = await api.ok('POST', `/cases/${c.id}/tasks/${task.id}/done`);
    expect(done.task.doneAt).not.toBeNull();
    const again = await api.ok('POST', `/cases/${c.id}/tasks/${task.id}/done`);
    expect(again.task.doneAt).toBe(done.task.doneAt);
    expect((await api.ok('GET', '/tasks')).tasks.map((x: { id: string }) => x.id)).not.toContain(task.id);
  });

  it('will not give a task to a colleague who cannot see the case, nor set a reminder in the past', async () => {
    const c = await open('Tribunal date', { sensitive: true });
    const grace = await t.signIn('caseworker2@postbag.example');
    const graceId = (await client(t, grace).ok('GET', '/me')).user.id;
    const before = await tableContents(t);
    const res = await api.send('POST', `/cases/${c.id}/tasks`, { text: 'Cover this', assigneeId: graceId });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems).toEqual([{ path: 'body.assigneeId', message: 'must be a current member of staff who can see the case' }]);
    const past = await api.send('POST', `/cases/${c.id}/tasks`, { text: 'Too late', remindAt: '2020-01-01T09:00:00Z' });
    expect(past.json().error.problems).toEqual([{ path: 'body.remindAt', message: 'must be in the future' }]);
    await expectUnchanged(t, before);
  });
});

describe('consent to share with agencies', () => {
  it('records whether, how and when the constituent agreed; a later answer supersedes the earlier one', async () => {
    const c = await open('Visa delay', { agencies: [{ organisationId: agencyId }] });
    const given = await api.ok('POST', `/cases/${c.id}/sharing-consents`, { personId, organisationId: agencyId, agreed: true, method: 'email', givenAt: '2026-01-05T10:00:00Z' });
    expect(given.sharingConsents).toEqual([expect.objectContaining({ agreed: true, method: 'email', recordedBy: 'Owen Hughes', current: true })]);
    const withdrawn = await api.ok('POST', `/cases/${c.id}/sharing-consents`, { personId, organisationId: agencyId, agreed: false, method: 'phone', givenAt: '2026-02-01T10:00:00Z' });
    expect(withdrawn.sharingConsents.map((x: { agreed: boolean; current: boolean }) => [x.agreed, x.current])).toEqual([
      [false, true],
      [true, false],
    ]);
    expect(await auditActions(1)).toEqual(['case.sharing_consent_recorded']);
  });

  it('refuses consent for an agency not on the case or someone not a constituent of it, and changes nothing', async () => {
    const c = await open();
    const stranger = await newPerson(t, owen, 'Stranger');
    const before = await tableContents(t);
    const res = await api.send('POST', `/cases/${c.id}/sharing-consents`, { personId: stranger.id, organisationId: agencyId, agreed: true, method: 'in_person', givenAt: '2026-01-05T10:00:00Z' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems.map((p: { path: string }) => p.path)).toEqual(['body.personId', 'body.organisationId']);
    await expectUnchanged(t, before);
  });
});
