import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../test/support/app.js';
import { latestAudit, otherOffice } from './test-fixtures/support.js';
import { expectUnchanged, tableContents } from '../../../test/support/unchanged.js';

/** Organisations and their members through the API. */
let t: TestApp;
let caseworker: SignedInClient;
let personId: string;
let other: Awaited<ReturnType<typeof otherOffice>>;

beforeAll(async () => {
  t = await createTestApp();
  caseworker = await t.signIn(demo.email('caseworker'));
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/people', headers: caseworker.headers, payload: { givenName: 'Ola', familyName: 'Nowak', source: 'event' } });
  personId = res.json().id;
  other = await otherOffice(t.database.db);
});
afterAll(() => t?.close());

const post = (url: string, payload: object, client = caseworker) => t.app.inject({ method: 'POST', url, headers: client.headers, payload });
const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: caseworker.cookie } });
const createOrganisation = async () => {
  const res = await post('/api/v1/organisations', { name: 'Halesowen Food Bank', kind: 'charity', source: 'public_source' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};

describe('organisations', () => {
  it('are created, audited, and read back', async () => {
    const organisation = await createOrganisation();
    expect(organisation).toMatchObject({ name: 'Halesowen Food Bank', kind: 'charity', source: 'public_source', members: [] });
    const [entry] = await latestAudit(t.database.db, 1);
    expect(entry).toMatchObject({ action: 'organisation.created', record_ids: [organisation.id] });
    expect((await get(`/api/v1/organisations/${organisation.id}`)).json()).toEqual(organisation);
  });

  it('take members with a role, shown on both the organisation and the person', async () => {
    const organisation = await createOrganisation();
    const res = await post(`/api/v1/organisations/${organisation.id}/members`, { personId, role: 'Volunteer coordinator', source: 'event' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ personId, organisationId: organisation.id, role: 'Volunteer coordinator', givenName: 'Ola' });
    const [entry] = await latestAudit(t.database.db, 1);
    expect(entry).toMatchObject({ action: 'organisation.member_added', record_ids: [res.json().id, organisation.id, personId] });

    expect((await get(`/api/v1/organisations/${organisation.id}`)).json().members).toHaveLength(1);
    const person = (await get(`/api/v1/people/${personId}`)).json();
    expect(person.organisations).toContainEqual(expect.objectContaining({ organisationId: organisation.id, name: 'Halesowen Food Bank', role: 'Volunteer coordinator' }));

    const before = await tableContents(t);
    const twice = await post(`/api/v1/organisations/${organisation.id}/members`, { personId, source: 'event' });
    expect(twice.statusCode).toBe(409);
    await expectUnchanged(t, before);
  });

  it("answer 404 for another office's organisation or person, and change nothing", async () => {
    const organisation = await createOrganisation();
    const before = await tableContents(t);
    expect((await get(`/api/v1/organisations/${other.organisationId}`)).statusCode).toBe(404);
    const foreignOrg = await post(`/api/v1/organisations/${other.organisationId}/members`, { personId, source: 'event' });
    expect(foreignOrg.statusCode).toBe(404);
    expect(foreignOrg.json().error.message).toMatch(/No organisation/);
    const foreignPerson = await post(`/api/v1/organisations/${organisation.id}/members`, { personId: other.personId, source: 'event' });
    expect(foreignPerson.statusCode).toBe(404);
    expect(foreignPerson.json().error.message).toMatch(/No person/);
    await expectUnchanged(t, before);
  });

  it('take the starter directory once: national bodies with their contact route marked "check before use", audited', async () => {
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/organisations/starter-directory', headers: caseworker.headers });
    expect(first.statusCode, first.body).toBe(200);
    const added: { id: string; name: string }[] = first.json().added;
    expect(added.map((a) => a.name)).toEqual(expect.arrayContaining(['HM Revenue and Customs (HMRC)', 'DWP Universal Credit', 'HM Passport Office']));
    const [entry] = await latestAudit(t.database.db, 1);
    expect(entry).toMatchObject({ action: 'organisation.directory_added', record_ids: added.map((a) => a.id) });
    const hmrc = (await get(`/api/v1/organisations/${added.find((a) => a.name.includes('HMRC'))!.id}`)).json();
    expect(hmrc).toMatchObject({ kind: 'government_agency', checkBeforeUse: true, contactRoute: expect.stringContaining('MP') });

    const again = await t.app.inject({ method: 'POST', url: '/api/v1/organisations/starter-directory', headers: caseworker.headers });
    expect(again.json().added).toEqual([]);
  });

  it.each([
    ['an unknown kind', { name: 'X', kind: 'club', source: 'event' }, 'body.kind'],
    ['an empty name', { name: '  ', kind: 'school', source: 'event' }, 'body.name'],
    ['an over-long name', { name: 'x'.repeat(201), kind: 'school', source: 'event' }, 'body.name'],
    ['an unknown field', { name: 'X', kind: 'school', source: 'event', website: 'x' }, 'body'],
  ])('refuse %s with a message naming the field, and change nothing', async (_label, payload, path) => {
    const before = await tableContents(t);
    const res = await post('/api/v1/organisations', payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems.map((p: { path: string }) => p.path)).toContain(path);
    await expectUnchanged(t, before);
  });

  it('are closed to a volunteer', async () => {
    const volunteer = await t.signIn(demo.email('volunteer'));
    const organisation = await createOrganisation();
    expect((await post('/api/v1/organisations', { name: 'X', kind: 'school', source: 'event' }, volunteer)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/organisations/${organisation.id}`, headers: { cookie: volunteer.cookie } })).statusCode).toBe(403);
  });
});

describe('the directory', () => {
  const patch = (id: string, payload: object) => t.app.inject({ method: 'PATCH', url: `/api/v1/organisations/${id}`, headers: caseworker.headers, payload });
  const list = (query: string) => get(`/api/v1/organisations?${query}`);
  let dwp: { id: string; checkBeforeUse: boolean };

  beforeAll(async () => {
    await t.app.inject({ method: 'POST', url: '/api/v1/organisations/starter-directory', headers: caseworker.headers });
    dwp = (await list('q=work%20and%20pensions')).json().organisations[0];
  });

  it('is found by part of a name and filtered by kind', async () => {
    const byName = (await list('q=dwp')).json();
    expect(byName.organisations.map((o: { name: string }) => o.name)).toEqual(expect.arrayContaining(['Department for Work and Pensions (DWP)', 'DWP Universal Credit']));
    expect(byName.organisations.every((o: { name: string }) => /dwp/i.test(o.name))).toBe(true);
    const nhs = (await list('kind=nhs_trust')).json();
    expect(nhs.total).toBeGreaterThan(0);
    expect(nhs.organisations.every((o: { kind: string }) => o.kind === 'nhs_trust')).toBe(true);
    expect((await list('q=%25')).json().total).toBe(0);
  });

  it('takes an edit with its source: a confirmed route is no longer "check before use", audited', async () => {
    expect(dwp.checkBeforeUse).toBe(true);
    const res = await patch(dwp.id, { contactRoute: 'MP hotline 0800 000 0000', notes: 'Ask for the MP team', source: 'phone' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ contactRoute: 'MP hotline 0800 000 0000', notes: 'Ask for the MP team', checkBeforeUse: false, source: 'phone' });
    const [entry] = await latestAudit(t.database.db, 1);
    expect(entry).toMatchObject({ action: 'organisation.updated', record_ids: [dwp.id] });

    const hmrc = (await list('q=hmrc')).json().organisations[0];
    const confirmed = await patch(hmrc.id, { confirmed: true, source: 'public_source' });
    expect(confirmed.json()).toMatchObject({ checkBeforeUse: false, contactRoute: hmrc.contactRoute });
  });

  it('keeps the contact route in parts as people type them: e-mail, phone, postal address, web page', async () => {
    const created = await post('/api/v1/organisations', {
      name: 'Dudley Council',
      kind: 'local_council',
      contactRoute: 'Members’ enquiries; quote the council tax account number',
      contactEmail: ' MembersEnquiries@Dudley.gov.uk ',
      contactPhone: '0300 555 2345',
      contactAddress: 'Council House\nPriory Road\nDudley DY1 1HF',
      contactWeb: 'www.dudley.gov.uk/contact',
      source: 'public_source',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      contactEmail: 'membersenquiries@dudley.gov.uk',
      contactPhone: '+443005552345',
      contactAddress: 'Council House\nPriory Road\nDudley DY1 1HF',
      contactWeb: 'https://www.dudley.gov.uk/contact',
      checkBeforeUse: false,
    });
    const edited = await patch(created.json().id, { contactPhone: null, contactWeb: 'https://www.dudley.gov.uk/', source: 'phone' });
    expect(edited.json()).toMatchObject({ contactPhone: null, contactWeb: 'https://www.dudley.gov.uk/', contactEmail: 'membersenquiries@dudley.gov.uk' });
  });

  it('clears "check before use" when any part of the route is written', async () => {
    const ukvi = (await list('q=ukvi')).json().organisations[0];
    expect(ukvi.checkBeforeUse).toBe(true);
    const res = await patch(ukvi.id, { contactEmail: 'mp.enquiries@example.gov.uk', source: 'email' });
    expect(res.json()).toMatchObject({ checkBeforeUse: false, contactEmail: 'mp.enquiries@example.gov.uk', contactRoute: ukvi.contactRoute });
  });

  it.each([
    ['a bad e-mail address', { contactEmail: 'mp team at dwp', source: 'phone' }, 'body.contactEmail'],
    ['a phone number that is not one', { contactPhone: '0800 12', source: 'phone' }, 'body.contactPhone'],
    ['a script for a web page', { contactWeb: 'javascript:alert(1)', source: 'phone' }, 'body.contactWeb'],
    ['a web page with no domain', { contactWeb: 'intranet', source: 'phone' }, 'body.contactWeb'],
    ['an address of spaces', { contactAddress: ' \u200b ', source: 'phone' }, 'body.contactAddress'],
  ])('refuses a route with %s, naming the field, and changes nothing', async (_label, payload, path) => {
    const before = await tableContents(t);
    const res = await patch(dwp.id, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems.map((p: { path: string }) => p.path)).toContain(path);
    await expectUnchanged(t, before);
  });

  it.each([
    ['an unknown kind', { kind: 'club', source: 'phone' }, 'body.kind'],
    ['no source', { name: 'DWP' }, 'body.source'],
    ['an empty name', { name: ' ', source: 'phone' }, 'body.name'],
    ['an over-long route', { contactRoute: 'x'.repeat(2001), source: 'phone' }, 'body.contactRoute'],
    ['confirmed: false', { confirmed: false, source: 'phone' }, 'body.confirmed'],
  ])('refuses an edit with %s, naming the field, and changes nothing', async (_label, payload, path) => {
    const before = await tableContents(t);
    const res = await patch(dwp.id, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems.map((p: { path: string }) => p.path)).toContain(path);
    await expectUnchanged(t, before);
  });

  it("refuses an edit to another office's organisation, and changes nothing", async () => {
    const before = await tableContents(t);
    expect((await patch(other.organisationId, { name: 'Mine now', source: 'phone' })).statusCode).toBe(404);
    await expectUnchanged(t, before);
  });

  it('is refused a bad filter', async () => {
    const res = await list('kind=club');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems.map((p: { path: string }) => p.path)).toContain('querystring.kind');
  });
});

describe("the councils of the office's area", () => {
  const councils = async () => (await get('/api/v1/organisations/councils')).json().councils as { name: string; region: string; inDirectory: boolean }[];
  const addCouncils = (payload: object) => post('/api/v1/organisations/councils', payload);

  it('are listed by region, and the chosen ones join the directory once, to check before use, audited', async () => {
    const listed = await councils();
    expect(listed).toContainEqual({ name: 'Dudley Metropolitan Borough Council', region: 'West Midlands', inDirectory: expect.any(Boolean) });
    expect(listed.filter((c) => c.region === 'Scotland')).toHaveLength(32);
    expect(listed.filter((c) => c.region === 'Wales')).toHaveLength(22);
    expect(listed.filter((c) => c.region === 'Northern Ireland')).toHaveLength(11);
    expect(listed.find((c) => c.name === 'Worcestershire County Council')?.inDirectory).toBe(false);

    const res = await addCouncils({ names: ['Worcestershire County Council', 'Sandwell Council', 'Sandwell Council'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().added.map((a: { name: string }) => a.name)).toEqual(['Worcestershire County Council', 'Sandwell Council']);
    const [entry] = await latestAudit(t.database.db, 1);
    expect(entry).toMatchObject({ action: 'organisation.directory_added', record_ids: res.json().added.map((a: { id: string }) => a.id) });
    const sandwell = (await get('/api/v1/organisations?q=sandwell')).json().organisations;
    expect(sandwell).toEqual([expect.objectContaining({ name: 'Sandwell Council', kind: 'local_council', checkBeforeUse: true, source: 'public_source', contactRoute: expect.stringContaining('members’ enquiries') })]);
    expect((await councils()).find((c) => c.name === 'Sandwell Council')?.inDirectory).toBe(true);

    // One the office has already (here added by hand, in other capitals) is not added again.
    await post('/api/v1/organisations', { name: 'DUDLEY METROPOLITAN BOROUGH COUNCIL', kind: 'local_council', source: 'phone' });
    expect((await addCouncils({ names: ['Dudley Metropolitan Borough Council', 'Sandwell Council'] })).json().added).toEqual([]);
  });

  it.each([
    ['a council not on the list', { names: ['Sandwell Council', 'Gotham City Council'] }, 'body.names.1'],
    ['a name in other capitals', { names: ['sandwell council'] }, 'body.names.0'],
    ['no council', { names: [] }, 'body.names'],
    ['no list', {}, 'body.names'],
  ])('refuse %s, naming it, and add none', async (_label, payload, path) => {
    const before = await tableContents(t);
    const res = await addCouncils(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems.map((p: { path: string }) => p.path)).toContain(path);
    await expectUnchanged(t, before);
  });

  it('are added by staff who change the directory only', async () => {
    const volunteer = await t.signIn(demo.email('volunteer'));
    const before = await tableContents(t);
    expect((await post('/api/v1/organisations/councils', { names: ['Walsall Council'] }, volunteer)).statusCode).toBe(403);
    await expectUnchanged(t, before);
  });
});

describe('a new office', () => {
  it('starts with the starter directory, every route marked "check before use"; the demo office, Dudley’s, with its area’s councils', async () => {
    const office = await createTestApp({}, { demo: { people: 0, cases: 0, withDirectory: true } });
    try {
      const manager = await office.signIn(demo.email('caseworker'));
      const res = await office.app.inject({ method: 'GET', url: '/api/v1/organisations?limit=200', headers: { cookie: manager.cookie } });
      expect(res.json().organisations.map((o: { name: string }) => o.name)).toContain('Department for Work and Pensions (DWP)');
      expect(res.json().organisations.every((o: { checkBeforeUse: boolean }) => o.checkBeforeUse)).toBe(true);
      const councils = await office.app.inject({ method: 'GET', url: '/api/v1/organisations?kind=local_council&limit=200', headers: { cookie: manager.cookie } });
      expect(councils.json().organisations.map((o: { name: string }) => o.name).sort()).toEqual([
        'Birmingham City Council',
        'City of Wolverhampton Council',
        'Dudley Metropolitan Borough Council',
        'Sandwell Council',
        'Staffordshire County Council',
        'Worcestershire County Council',
      ]);
      const listed = (await office.app.inject({ method: 'GET', url: '/api/v1/organisations/councils', headers: { cookie: manager.cookie } })).json().councils;
      expect(listed.find((c: { name: string }) => c.name === 'Dudley Metropolitan Borough Council')).toMatchObject({ inDirectory: true });
    } finally {
      await office.close();
    }
  });
});
