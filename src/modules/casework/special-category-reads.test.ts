import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type TestApp } from '../../../test/support/app.js';
import { email } from '../correspondence/test-fixtures/mail.js';
import { client, newPerson } from './test-fixtures/support.js';

/** Every read that returns a special category case's text is audited, whatever the route: lists and search too. */
let t: TestApp;
let owen: Awaited<ReturnType<TestApp['signIn']>>;
let api: ReturnType<typeof client>;
let owenId: string;
let flagged: { id: string; reference: string };
let plain: { id: string; reference: string };
let personId: string;

beforeAll(async () => {
  t = await createTestApp();
  owen = await t.signIn(demo.email('caseworker'));
  api = client(t, owen);
  owenId = (await api.ok('GET', '/me')).user.id;
  const person = await newPerson(t, owen, 'Carys');
  personId = person.id;
  flagged = await api.created('/cases', { constituentIds: [person.id], summary: 'Garden ramp delayed; her diabetes makes the stairs dangerous' });
  plain = await api.created('/cases', { constituentIds: [person.id], summary: 'Garden ramp quote for the council flat' });
});
afterAll(() => t?.close());

/** The audit entries written while `read` ran. */
async function auditedDuring(read: () => Promise<unknown>) {
  const before = (await t.database.db.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst())?.seq ?? '0';
  await read();
  return t.database.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'record_type', 'record_ids']).where('seq', '>', before).orderBy('seq').execute();
}

/** Those of `caseIds` flagged as special category, as the database holds them. */
async function flaggedAmong(caseIds: string[]) {
  const rows = await t.database.db.selectFrom('cases').select(['id', 'special_categories']).where('id', 'in', caseIds).execute();
  return caseIds.filter((id) => rows.find((r) => r.id === id)!.special_categories.length > 0);
}

const specialCategoryRead = (caseIds: string[]) => ({ action: 'case.special_category_read', actor_user_id: owenId, record_type: 'case', record_ids: caseIds });

describe('the case list', () => {
  it('audits the flagged cases it shows, with their summaries', async () => {
    let shown: string[] = [];
    const entries = await auditedDuring(async () => {
      const list = (await api.ok('GET', '/cases?limit=200')).cases;
      expect(list.find((c: { id: string }) => c.id === flagged.id)).toMatchObject({ summary: expect.stringContaining('diabetes'), specialCategory: true });
      shown = list.map((c: { id: string }) => c.id);
    });
    const expected = await flaggedAmong(shown);
    expect(expected).toContain(flagged.id);
    expect(entries).toEqual([specialCategoryRead(expected)]);
  });

  it('writes nothing when it shows no flagged case', async () => {
    const entries = await auditedDuring(async () => {
      expect((await api.ok('GET', `/cases?personId=${personId}&sort=reference&order=desc&limit=1`)).cases.map((c: { id: string }) => c.id)).toEqual([plain.id]);
    });
    expect(entries).toEqual([]);
  });
});

describe('search', () => {
  it('audits the flagged cases among its results', async () => {
    let shown: string[] = [];
    const entries = await auditedDuring(async () => {
      const { results } = await api.ok('POST', '/search', { q: 'garden ramp' });
      shown = results.filter((r: { type: string }) => r.type === 'case').map((r: { id: string }) => r.id);
      expect(shown).toEqual(expect.arrayContaining([flagged.id, plain.id]));
    });
    expect(entries).toEqual([specialCategoryRead(await flaggedAmong(shown))]);
  });

  it('audits a flagged case found by its reference', async () => {
    const entries = await auditedDuring(() => api.ok('POST', '/search', { q: flagged.reference }));
    expect(entries).toEqual([specialCategoryRead([flagged.id])]);
  });
});

describe('open tasks', () => {
  it('audits the flagged cases whose task texts the list shows', async () => {
    await api.created(`/cases/${flagged.id}/tasks`, { text: 'Ring the surgery about her insulin', assigneeId: owenId });
    const entries = await auditedDuring(async () => {
      expect((await api.ok('GET', '/tasks')).tasks.map((x: { caseId: string }) => x.caseId)).toContain(flagged.id);
    });
    expect(entries).toEqual([specialCategoryRead([flagged.id])]);
  });
});

describe('the inbox', () => {
  it('audits the flagged case an answer waiting there is about', async () => {
    await api.ok('POST', `/cases/${flagged.id}/article9`, { condition: 'explicit_consent' });
    await api.ok('POST', `/cases/${flagged.id}/status`, { status: 'open' });
    await api.ok('POST', `/cases/${flagged.id}/close`, { outcome: 'resolved', outcomeNote: 'Ramp fitted.', openTasks: 'close' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/messages/import',
      headers: { ...owen.headers, 'content-type': 'message/rfc822' },
      payload: email({ subject: `Thank you, my sugar levels are better [${flagged.reference}]` }),
    });
    expect(res.json().stored, res.body).toBe(1);
    const entries = await auditedDuring(async () => {
      const { messages } = await api.ok('GET', '/inbox');
      expect(messages[0].subject).toContain(flagged.reference);
    });
    expect(entries).toEqual([specialCategoryRead([flagged.id])]);
  });

  it('audits the flagged case a message waiting there came in on, for those who may read it', async () => {
    const onCase = await api.created('/cases', { constituentIds: [personId], summary: 'A ramp, as her multiple sclerosis makes the steps dangerous' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/messages/import',
      headers: { ...owen.headers, 'content-type': 'message/rfc822' },
      payload: email({ subject: `The ramp [${onCase.reference}]`, text: 'The occupational therapist has been.' }),
    });
    expect(res.json().stored, res.body).toBe(1);
    const entries = await auditedDuring(async () => {
      const { messages } = await api.ok('GET', '/inbox');
      expect(messages[0]).toMatchObject({ case: { id: onCase.id }, preview: 'The occupational therapist has been.' });
    });
    // The answer about the closed flagged case (the test before) is still on the page, below it.
    expect(entries).toEqual([specialCategoryRead([onCase.id, flagged.id])]);
  });
});
