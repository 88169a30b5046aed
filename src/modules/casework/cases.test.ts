import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../test/support/app.js';
import { DEMO_OFFICE_ID } from '../../seed/demo.js';
import { client, newAgency, newPerson } from './test-fixtures/support.js';
import { expectUnchanged, tableContents } from '../../../test/support/unchanged.js';

/** Cases through the API: opening, need-to-know, the workflow, closing with an outcome. */
let t: TestApp;
let owen: SignedInClient;
let grace: SignedInClient;
let api: ReturnType<typeof client>;
let personId: string;
let agencyId: string;
let housingTopicId: string;

beforeAll(async () => {
  t = await createTestApp();
  owen = await t.signIn(demo.email('caseworker'));
  grace = await t.signIn('caseworker2@postbag.example');
  api = client(t, owen);
  personId = (await newPerson(t, owen, 'Maya')).id;
  agencyId = (await newAgency(t, owen, 'Department for Work and Pensions')).id;
  housingTopicId = (await api.ok('GET', '/topics')).topics.find((x: { name: string }) => x.name === 'Housing').id;
});
afterAll(() => t?.close());

const open = (extra: object = {}) => api.created('/cases', { constituentIds: [personId], summary: 'Universal Credit stopped after a move', ...extra });

describe('opening a case', () => {
  it('gives it the next reference, seals its summary, links topics and agencies, and audits it', async () => {
    const c = await open({ topicIds: [housingTopicId], agencies: [{ organisationId: agencyId, agencyReference: 'UC-123' }], dueOn: '2030-01-31' });
    expect(c.reference).toMatch(/^PB-\d{6}$/);
    expect(c).toMatchObject({
      status: 'new',
      summary: 'Universal Credit stopped after a move',
      owner: { name: 'Owen Hughes' },
      constituents: [{ id: personId, lead: true }],
      topics: [{ id: housingTopicId, name: 'Housing' }],
      agencies: [{ organisationId: agencyId, name: 'Department for Work and Pensions', agencyReference: 'UC-123' }],
      dueOn: '2030-01-31',
      overdue: false,
      nextStatuses: ['open', 'closed'],
    });
    // At rest the summary is ciphertext only, under the case's own key.
    const row = await t.database.db.selectFrom('cases').select(['summary', 'summary_sealed']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.summary).toBeNull();
    expect(row.summary_sealed).toMatch(/^k1\./);
    expect(row.summary_sealed).not.toContain('Universal');
    const [entry] = await t.database.db.selectFrom('audit_log').select(['action', 'record_ids']).orderBy('seq', 'desc').limit(1).execute();
    expect(entry).toMatchObject({ action: 'case.created', record_ids: [c.id] });
  });

  it('refuses ids that are not the office’s own, naming each, and changes nothing', async () => {
    const before = await tableContents(t);
    const missing = '0190a4a0-0000-7000-8000-000000000000';
    const res = await api.send('POST', '/cases', { constituentIds: [personId, missing], summary: 'x', topicIds: [missing] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems).toEqual([
      { path: 'body.constituentIds.1', message: 'is not a person of this office' },
      { path: 'body.topicIds.0', message: 'is not a topic in use of this office' },
    ]);
    const empty = await api.send('POST', '/cases', { constituentIds: [], summary: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.problems.map((p: { path: string }) => p.path)).toEqual(['body.constituentIds', 'body.summary']);
    await expectUnchanged(t, before);
  });
});

describe('need-to-know', () => {
  it('hides a sensitive case from a caseworker it is not owned by or shared with, for reading and for writing alike', async () => {
    const c = await open({ sensitive: true });
    const other = client(t, grace);
    const before = await tableContents(t);
    expect((await other.send('GET', `/cases/${c.id}`)).statusCode).toBe(404);
    expect((await other.send('GET', `/cases/${c.id}/timeline`)).statusCode).toBe(404);
    expect((await other.send('POST', `/cases/${c.id}/notes`, { text: 'peek' })).statusCode).toBe(404);
    expect((await other.send('POST', `/cases/${c.id}/status`, { status: 'open' })).statusCode).toBe(404);
    await expectUnchanged(t, before);
    expect((await other.ok('GET', '/cases?limit=200')).cases.map((x: { id: string }) => x.id)).not.toContain(c.id);

    await api.ok('PATCH', `/cases/${c.id}`, { sharedWithIds: [(await other.ok('GET', '/me')).user.id] });
    expect((await other.ok('GET', `/cases/${c.id}`)).reference).toBe(c.reference);
  });

  it('shows a sensitive case only to its owner and the users named on it, not to the manager', async () => {
    const c = await open({ sensitive: true });
    const manager = client(t, await t.signIn(demo.email('manager')));
    expect((await manager.send('GET', `/cases/${c.id}`)).statusCode).toBe(404);
    expect((await api.ok('GET', `/cases/${c.id}`)).sensitive).toBe(true);
  });
});

describe('the workflow', () => {
  it('refuses a status change that skips a step, and changes nothing', async () => {
    const c = await open();
    const before = await tableContents(t);
    const skip = await api.send('POST', `/cases/${c.id}/status`, { status: 'awaiting_agency' });
    expect(skip.statusCode).toBe(409);
    expect(skip.json().error.message).toBe('A case that is new cannot become awaiting the agency directly: next it can only be open or closed.');
    await expectUnchanged(t, before);
  });

  it('refuses to close without an outcome, closes with one, and reopens; each step is on the timeline', async () => {
    const c = await open();
    await api.ok('POST', `/cases/${c.id}/status`, { status: 'open' });
    expect((await api.ok('POST', `/cases/${c.id}/status`, { status: 'awaiting_agency' })).nextStatuses).toEqual(['open', 'awaiting_constituent', 'closed']);

    const before = await tableContents(t);
    const noOutcome = await api.send('POST', `/cases/${c.id}/close`, { outcomeNote: 'Done' });
    expect(noOutcome.statusCode).toBe(400);
    expect(noOutcome.json().error.problems).toEqual([{ path: 'body.outcome', message: expect.stringContaining('must be the outcome') }]);
    await expectUnchanged(t, before);

    const closed = await api.ok('POST', `/cases/${c.id}/close`, { outcome: 'partly_resolved', outcomeNote: 'Arrears paid; sanction stands' });
    expect(closed).toMatchObject({ status: 'closed', outcome: 'partly_resolved', outcomeNote: 'Arrears paid; sanction stands', nextStatuses: ['open'] });
    const reopened = await api.ok('POST', `/cases/${c.id}/status`, { status: 'open' });
    expect(reopened).toMatchObject({ status: 'open', outcome: null, outcomeNote: null, closedAt: null });

    const { events } = await api.ok('GET', `/cases/${c.id}/timeline`);
    expect(events.map((e: { kind: string; detail: object }) => [e.kind, e.detail])).toEqual([
      ['status_change', { from: 'closed', to: 'open', previousOutcome: 'partly_resolved' }],
      ['status_change', { from: 'awaiting_agency', to: 'closed', outcome: 'partly_resolved' }],
      ['status_change', { from: 'open', to: 'awaiting_agency' }],
      ['status_change', { from: 'new', to: 'open' }],
      ['opened', {}],
    ]);
    expect(events.every((e: { by: string | null }, i: number) => i === events.length - 1 || e.by === 'Owen Hughes')).toBe(true);
  });
});

describe('closing a case', () => {
  const auditOf = async (action: string) =>
    (await t.database.db.selectFrom('audit_log').select('record_ids').where('action', '=', action).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()).record_ids;
  const myTaskIds = async () => (await api.ok('GET', '/tasks')).tasks.map((x: { id: string }) => x.id);

  it('closes a new case at once, with no "open" step first, but never a closed one again', async () => {
    const c = await open();
    expect(c.nextStatuses).toEqual(['open', 'closed']);
    const closed = await api.ok('POST', `/cases/${c.id}/close`, { outcome: 'resolved', outcomeNote: 'Answered on the phone: the form is online.' });
    expect(closed).toMatchObject({ status: 'closed', outcome: 'resolved', openTasks: 0 });
    const { events } = await api.ok('GET', `/cases/${c.id}/timeline`);
    expect(events[0].detail).toEqual({ from: 'new', to: 'closed', outcome: 'resolved' });
    expect(await auditOf('case.closed')).toEqual([c.id]);

    const before = await tableContents(t);
    const again = await api.send('POST', `/cases/${c.id}/close`, { outcome: 'withdrawn', outcomeNote: 'Twice' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('The case is already closed.');
    await expectUnchanged(t, before);
  });

  it('still needs the Article 9 condition of a flagged case, from any state', async () => {
    const c = await open({ summary: 'Her diabetic son’s PIP assessment was cancelled twice' });
    const before = await tableContents(t);
    const refused = await api.send('POST', `/cases/${c.id}/close`, { outcome: 'resolved', outcomeNote: 'Assessment booked' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('Article 9 condition');
    await expectUnchanged(t, before);
  });

  it('asks what becomes of open tasks, and closes them with the case or keeps them in their owners’ lists', async () => {
    const kept = await open();
    await api.ok('POST', `/cases/${kept.id}/status`, { status: 'open' });
    const keptTask = await api.created(`/cases/${kept.id}/tasks`, { text: 'Chase the council in a fortnight', dueOn: '2031-03-01' });
    expect((await api.ok('GET', `/cases/${kept.id}`)).openTasks).toBe(1);

    const before = await tableContents(t);
    const unasked = await api.send('POST', `/cases/${kept.id}/close`, { outcome: 'resolved', outcomeNote: 'Council agreed the repair' });
    expect(unasked.statusCode).toBe(400);
    expect(unasked.json().error.problems).toEqual([{ path: 'body.openTasks', message: 'must say what becomes of its open task: close (with the case) or keep (open)' }]);
    const wrong = await api.send('POST', `/cases/${kept.id}/close`, { outcome: 'resolved', outcomeNote: 'Council agreed', openTasks: 'archive' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.problems[0].path).toBe('body.openTasks');
    await expectUnchanged(t, before);

    const closedKeeping = await api.ok('POST', `/cases/${kept.id}/close`, { outcome: 'resolved', outcomeNote: 'Council agreed the repair', openTasks: 'keep' });
    expect(closedKeeping).toMatchObject({ status: 'closed', openTasks: 1 });
    expect(await myTaskIds()).toContain(keptTask.id);
    expect(await auditOf('case.closed')).toEqual([kept.id]);

    const done = await open();
    const first = await api.created(`/cases/${done.id}/tasks`, { text: 'Ring the constituent back' });
    const second = await api.created(`/cases/${done.id}/tasks`, { text: 'Write to DWP', assigneeId: (await client(t, grace).ok('GET', '/me')).user.id });
    const finished = await api.created(`/cases/${done.id}/tasks`, { text: 'Log the call' });
    await api.ok('POST', `/cases/${done.id}/tasks/${finished.id}/done`);
    const closed = await api.ok('POST', `/cases/${done.id}/close`, { outcome: 'not_resolved', outcomeNote: 'DWP would not move', openTasks: 'close' });
    expect(closed).toMatchObject({ status: 'closed', openTasks: 0 });
    expect(await myTaskIds()).not.toContain(first.id);
    expect((await client(t, grace).ok('GET', '/tasks')).tasks.map((x: { id: string }) => x.id)).not.toContain(second.id);
    expect(await auditOf('case.closed')).toEqual([done.id, first.id, second.id]);
    const { events } = await api.ok('GET', `/cases/${done.id}/timeline`);
    expect(events[0].detail).toEqual({ from: 'new', to: 'closed', outcome: 'not_resolved', tasksClosed: 2 });
    const tasks = events.filter((e: { kind: string }) => e.kind === 'task');
    expect(tasks.every((e: { task: { doneAt: string | null } }) => e.task.doneAt !== null)).toBe(true);
  });
});

describe('the case list', () => {
  it('filters by status, owner, topic and overdue, sorts, and counts', async () => {
    const overdue = await open({ dueOn: '2020-01-01', topicIds: [housingTopicId] });
    const notDue = await open({ dueOn: '2099-01-01' });
    const ids = (list: { cases: { id: string }[] }) => list.cases.map((c) => c.id);

    const mineOverdue = await api.ok('GET', '/cases?owner=me&overdue=true&limit=200');
    expect(ids(mineOverdue)).toContain(overdue.id);
    expect(ids(mineOverdue)).not.toContain(notDue.id);
    expect(mineOverdue.cases.every((c: { overdue: boolean; owner: { name: string } }) => c.overdue && c.owner.name === 'Owen Hughes')).toBe(true);

    const housing = await api.ok('GET', `/cases?topicId=${housingTopicId}&status=new&limit=200`);
    expect(ids(housing)).toContain(overdue.id);
    expect(ids(housing)).not.toContain(notDue.id);
    expect(housing.total).toBe(housing.cases.length);

    const byDue = await api.ok('GET', '/cases?owner=me&sort=due&order=asc&limit=200');
    const dues = byDue.cases.map((c: { dueOn: string | null }) => c.dueOn).filter((d: string | null) => d !== null);
    expect(dues).toEqual([...dues].sort());
    expect(ids(byDue).indexOf(overdue.id)).toBeLessThan(ids(byDue).indexOf(notDue.id));

    const other = (await newPerson(t, owen, 'Other')).id;
    const theirs = await open({ constituentIds: [other, personId] });
    const ofOther = await api.ok('GET', `/cases?personId=${other}`);
    expect(ids(ofOther)).toEqual([theirs.id]);

    const bad = await api.send('GET', '/cases?sort=colour');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.problems[0].path).toBe('querystring.sort');
  });

  it('counts the whole list on every page, and on a page past its end', async () => {
    for (let i = 0; i < 3; i++) await open();
    const all = await api.ok('GET', '/cases?owner=me&limit=200');
    expect(all.total).toBe(all.cases.length);
    expect(all.total).toBeGreaterThan(2);
    expect(await api.ok('GET', '/cases?owner=me&limit=2')).toMatchObject({ total: all.total, totalIsLowerBound: false });
    expect((await api.ok('GET', '/cases?owner=me&limit=2&offset=2')).total).toBe(all.total);
    expect(await api.ok('GET', `/cases?owner=me&limit=2&offset=${all.total + 5}`)).toMatchObject({ cases: [], total: all.total });
  });
});

describe('topics', () => {
  it('are the office’s own list: the manager adds and retires them, a duplicate name is refused, a caseworker cannot edit', async () => {
    const manager = client(t, await t.signIn(demo.email('manager')));
    const topic = await manager.created('/topics', { name: 'Energy bills' });
    expect(topic).toMatchObject({ name: 'Energy bills', retired: false, cases: 0 });
    expect((await manager.send('POST', '/topics', { name: 'energy BILLS' })).statusCode).toBe(409);
    expect((await api.send('POST', '/topics', { name: 'Pets' })).statusCode).toBe(403);

    await open({ topicIds: [topic.id] });
    const retired = await manager.ok('PATCH', `/topics/${topic.id}`, { retired: true });
    expect(retired).toMatchObject({ retired: true, cases: 1 });
    const refused = await api.send('POST', '/cases', { constituentIds: [personId], summary: 'Gas bill', topicIds: [topic.id] });
    expect(refused.statusCode).toBe(400);
  });
});

describe('the staff list', () => {
  it('names current colleagues and says who works cases (for owners, sharing and tasks)', async () => {
    const { staff } = await api.ok('GET', '/office/staff');
    expect(staff).toContainEqual(expect.objectContaining({ name: 'Owen Hughes', role: 'caseworker', worksCases: true }));
    expect(staff).toContainEqual(expect.objectContaining({ name: 'Tom Reid', role: 'volunteer', worksCases: false }));
    const volunteer = client(t, await t.signIn(demo.email('volunteer')));
    expect((await volunteer.send('GET', '/office/staff')).statusCode).toBe(403);
  });
});

describe('the demo office', () => {
  it('has its cases sealed, topics set and search terms written by the seed', async () => {
    const sealed = await t.database.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).where('office_id', '=', DEMO_OFFICE_ID).where('summary', 'is', null).executeTakeFirstOrThrow();
    expect(Number(sealed.n)).toBeGreaterThanOrEqual(30);
    const manager = client(t, await t.signIn(demo.email('manager')));
    const list = await manager.ok('GET', '/cases?limit=5&sort=reference&order=asc');
    expect(list.cases[0]).toMatchObject({ reference: 'PB-000001', summary: 'Universal Credit payment stopped after a change of circumstances' });
  });
});
