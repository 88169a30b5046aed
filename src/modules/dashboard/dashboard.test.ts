import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../test/support/app.js';
import { addDays, ukToday } from '../../platform/calendar/today.js';
import { client, newPerson } from '../casework/test-fixtures/support.js';
import { email, importMail } from '../correspondence/test-fixtures/mail.js';

/**
 * The home dashboard's numbers, on an office with no cases or messages but those made here (the
 * demo office's users, no people), so that every figure is known.
 */
let t: TestApp;
let owen: SignedInClient;
let grace: SignedInClient;
let manager: SignedInClient;
let owenId: string;
const today = ukToday();

const dashboardOf = async (user: SignedInClient) => client(t, user).ok('GET', '/dashboard');
const band = (bands: { band: string; count: number }[], name: string) => bands.find((b) => b.band === name)?.count;

/** A case opened by `user` for a new person; closed after `closedAfterDays` when given (opened that long before now). */
async function openCase(user: SignedInClient, extra: { dueOn?: string; sensitive?: boolean; topicIds?: string[] } = {}, closedAfterDays?: number) {
  const api = client(t, user);
  const person = await newPerson(t, user, 'Carys', `Prosser-${Math.random().toString(36).slice(2, 8)}`);
  const opened = await api.created('/cases', { constituentIds: [person.id], summary: 'Universal Credit sanction, rent arrears building', ...extra });
  if (closedAfterDays !== undefined) {
    await api.ok('POST', `/cases/${opened.id}/status`, { status: 'open' });
    await api.ok('POST', `/cases/${opened.id}/close`, { outcome: 'resolved', outcomeNote: 'Sanction lifted after mandatory reconsideration.' });
    // A case is closed now; it was opened that long ago (set directly: the API dates a case when it is opened).
    await sql`UPDATE cases SET opened_at = closed_at - make_interval(secs => ${closedAfterDays * 86_400}) WHERE id = ${opened.id}`.execute(t.database.db);
  }
  return opened as { id: string; reference: string };
}

beforeAll(async () => {
  t = await createTestApp({}, { demo: { people: 0, cases: 0 } });
  [owen, grace, manager] = await Promise.all([t.signIn(demo.email('caseworker')), t.signIn('caseworker2@postbag.example'), t.signIn(demo.email('manager'))]);
  owenId = (await t.database.db.selectFrom('users').select('id').where('email', '=', demo.email('caseworker')).executeTakeFirstOrThrow()).id;
  const topics: { id: string; name: string }[] = (await client(t, manager).ok('GET', '/topics')).topics;
  const [housing, benefits] = [topics.find((x) => x.name === 'Housing')!, topics.find((x) => x.name === 'Benefits')!];

  // Owen's three open cases: one overdue (housing and benefits), one due in three days (housing), one with no due date nor
  // topic; and one closed after 10.5 days.
  const overdue = await openCase(owen, { dueOn: addDays(today, -2), topicIds: [housing.id, benefits.id] });
  await openCase(owen, { dueOn: addDays(today, 3), topicIds: [housing.id] });
  await openCase(owen);
  await openCase(owen, { topicIds: [housing.id] }, 10.5);
  // Grace's: one open, one open and sensitive (hidden from the manager, who is not named on it), one closed after 17.5 days.
  const gracesCase = await openCase(grace, { dueOn: addDays(today, 30) });
  await openCase(grace, { sensitive: true, dueOn: addDays(today, -5), topicIds: [housing.id] });
  await openCase(grace, { topicIds: [benefits.id] }, 17.5);

  // Owen's tasks: one overdue, one with no date; and one on Grace's case, which she then marks sensitive.
  const owenApi = client(t, owen);
  await owenApi.created(`/cases/${overdue.id}/tasks`, { text: 'Chase DWP for the reconsideration', dueOn: addDays(today, -1) });
  await owenApi.created(`/cases/${overdue.id}/tasks`, { text: 'Ring the landlord' });
  await client(t, grace).created(`/cases/${gracesCase.id}/tasks`, { text: 'Cover the home visit', assigneeId: owenId, dueOn: addDays(today, 2) });
  await client(t, grace).ok('PATCH', `/cases/${gracesCase.id}`, { sensitive: true });

  // Two messages in the inbox: one given to Owen, arrived two days ago; one for no one yet, just in.
  for (const subject of ['Help with my PIP claim', 'Bins not collected on Heol y Nant']) expect((await importMail(t.app, owen, email({ subject }))).json().stored).toBe(1);
  const [older] = await t.database.db.selectFrom('messages').select('id').where('state', '=', 'inbox').orderBy('id').execute();
  await owenApi.ok('POST', `/messages/${older!.id}/assign`, { assigneeId: owenId });
  await sql`UPDATE messages SET received_at = now() - interval '2 days' WHERE id = ${older!.id}`.execute(t.database.db);
});
afterAll(() => t?.close());

describe("a caseworker's dashboard", () => {
  it('counts their own open cases by age and due date, their tasks on cases they may see, and the messages waiting', async () => {
    const mine = await dashboardOf(owen);
    expect(mine.scope).toBe('mine');
    expect(mine.office).toBeNull();
    expect(mine.openCases.total).toBe(3);
    expect(mine.openCases.byDue).toEqual([
      { band: 'overdue', count: 1 },
      { band: 'week', count: 1 },
      { band: 'later', count: 0 },
      { band: 'none', count: 1 },
    ]);
    expect(band(mine.openCases.byAge, 'week')).toBe(3);
    // The task on Grace's case no longer counts: it became sensitive, and Owen is not named on it.
    expect(mine.tasks).toEqual({
      total: 2,
      byDue: [
        { band: 'overdue', count: 1 },
        { band: 'week', count: 0 },
        { band: 'later', count: 0 },
        { band: 'none', count: 1 },
      ],
    });
    expect(mine.messages).toMatchObject({ total: 2, givenToYou: 1, unassigned: 1 });
    expect(mine.messages.byAge).toEqual([
      { band: 'day', count: 1 },
      { band: 'three_days', count: 1 },
      { band: 'week', count: 0 },
      { band: 'older', count: 0 },
    ]);
    expect(Date.now() - Date.parse(mine.messages.oldestReceivedAt)).toBeGreaterThan(2 * 86_400_000 - 60_000);
  });

  it('counts for another caseworker their own cases, the sensitive one included', async () => {
    const hers = await dashboardOf(grace);
    expect(hers.openCases.total).toBe(2);
    expect(band(hers.openCases.byDue, 'overdue')).toBe(1);
    expect(band(hers.openCases.byDue, 'later')).toBe(1);
    expect(hers.tasks.total).toBe(0);
    expect(hers.messages).toMatchObject({ total: 2, givenToYou: 0, unassigned: 1 });
  });
});

describe("a manager's dashboard", () => {
  it('counts the whole office as the manager may see it: open and overdue by caseworker and by topic, the weeks, and the time to close by topic', async () => {
    const office = await dashboardOf(manager);
    expect(office.scope).toBe('office');
    expect(office.tasks).toBeNull();
    // Owen's three and Grace's two, which are sensitive now (her second, and the one with Owen's task), are not the manager's to see.
    expect(office.openCases.total).toBe(3);
    expect(band(office.openCases.byDue, 'overdue')).toBe(1);
    expect(office.office.byOwner).toEqual([{ userId: owenId, name: 'Owen Hughes', open: 3, overdue: 1 }]);
    // A case counts under each of its topics; Grace's sensitive housing case is not counted.
    expect(office.office.openByTopic).toEqual([
      { topicId: expect.any(String), name: 'Housing', open: 2, overdue: 1 },
      { topicId: expect.any(String), name: 'Benefits', open: 1, overdue: 1 },
      { topicId: null, name: null, open: 1, overdue: 0 },
    ]);

    expect(office.office.weeks).toHaveLength(12);
    const thisWeek = office.office.weeks.at(-1);
    expect(thisWeek.weekStarting <= today && today < addDays(thisWeek.weekStarting, 7)).toBe(true);
    // Opened this week: the three open; the closed two were opened 10.5 and 17.5 days ago, in earlier weeks, and closed this one.
    expect(thisWeek).toMatchObject({ opened: 3, closed: 2 });
    expect(office.office.weeks.reduce((n: number, w: { opened: number }) => n + w.opened, 0)).toBe(5);

    expect(office.office.closing).toEqual({
      closed: 2,
      medianDays: 14,
      byTopic: [
        { topicId: expect.any(String), name: 'Benefits', closed: 1, medianDays: 17.5 },
        { topicId: expect.any(String), name: 'Housing', closed: 1, medianDays: 10.5 },
      ],
    });
    expect(office.messages).toMatchObject({ total: 2, givenToYou: 0, unassigned: 1 });
  });

  it('counts a case no one owns yet under no owner', async () => {
    const person = await newPerson(t, manager, 'Iolo', 'Bevan');
    const unowned = await client(t, manager).created('/cases', { constituentIds: [person.id], summary: 'Blue badge renewal refused', ownerId: null });
    const office = await dashboardOf(manager);
    expect(office.office.byOwner).toEqual([
      { userId: owenId, name: 'Owen Hughes', open: 3, overdue: 1 },
      { userId: null, name: null, open: 1, overdue: 0 },
    ]);
    await t.database.db.deleteFrom('cases').where('id', '=', unowned.id).execute();
  });
});

describe('other roles', () => {
  it('gives the data protection lead the office without the inbox, and refuses a volunteer', async () => {
    const dpo = await dashboardOf(await t.signIn('dpo@postbag.example'));
    expect(dpo).toMatchObject({ scope: 'office', messages: null, tasks: null });
    const refused = await client(t, await t.signIn('volunteer@postbag.example')).send('GET', '/dashboard');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
  });
});
