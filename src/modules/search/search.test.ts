import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type SignedInClient, type TestApp } from '../../../test/support/app.js';
import { client } from '../casework/test-fixtures/support.js';

/** The one search box, through the API. */
let t: TestApp;
let owen: SignedInClient;
let api: ReturnType<typeof client>;
let person: { id: string };
let caseId: string;
let reference: string;

beforeAll(async () => {
  t = await createTestApp();
  owen = await t.signIn(demo.email('caseworker'));
  api = client(t, owen);
  person = await api.created('/people', {
    givenName: 'Marguerite',
    familyName: 'Okonkwo-Smith',
    source: 'letter',
    contactPoints: [
      { kind: 'email', value: 'm.okonkwo@example.org', source: 'letter' },
      { kind: 'phone', value: '07911 123456', source: 'phone' },
      { kind: 'postal_address', lines: ['4 Mill Lane'], postcode: 'ze1 0aa', source: 'letter' },
    ],
  });
  await api.created('/organisations', { name: 'Shetland Islands Council', kind: 'local_council', source: 'public_source' });
  const opened = await api.created('/cases', { constituentIds: [person.id], summary: 'Ferry timetable cut leaves commuters stranded' });
  caseId = opened.id;
  reference = opened.reference;
  await api.created(`/cases/${caseId}/notes`, { text: 'Spoke to the harbourmaster about the winter schedule' });
});
afterAll(() => t?.close());

const search = async (q: string, as = api) => (await as.ok('POST', '/search', { q })).results as { type: string; id: string; title: string; matched: string; detail: string | null; email: string | null; postcode: string | null }[];

describe('search', () => {
  it('finds a person by part of their name, e-mail, phone as typed, or postcode with or without its space', async () => {
    for (const q of ['margu okonk', 'm.okonkwo@', '07911 123', '+447911123456', 'ZE1 0AA', 'ze10aa', 'ZE1']) {
      const results = await search(q);
      expect(results.find((r) => r.id === person.id), q).toBeDefined();
    }
    expect((await search('07911 123456'))[0]).toMatchObject({ type: 'person', id: person.id, matched: 'phone', detail: '+447911123456' });
    expect((await search('okonkwo-smith'))[0]).toMatchObject({ type: 'person', title: 'Marguerite Okonkwo-Smith', matched: 'name' });
  });

  it('forgives a one-letter typo in a name, and tells two people of one name apart by e-mail and postcode', async () => {
    await api.created('/people', {
      givenName: 'Marguerite',
      familyName: 'Okonkwo-Smith',
      source: 'phone',
      contactPoints: [{ kind: 'postal_address', lines: ['9 Quay Road'], postcode: 'ZE2 9AB', source: 'phone' }],
    });
    for (const q of ['okonkow', 'margurite okonkwo', 'okonkwo-smyth']) {
      expect((await search(q)).find((r) => r.id === person.id), q).toMatchObject({ matched: 'name', email: 'm.okonkwo@example.org', postcode: 'ZE1 0AA' });
    }
    const both = (await search('marguerite okonkwo')).filter((r) => r.type === 'person');
    expect(both.map((r) => [r.email, r.postcode])).toEqual(
      expect.arrayContaining([
        ['m.okonkwo@example.org', 'ZE1 0AA'],
        [null, 'ZE2 9AB'],
      ]),
    );
    expect(await search('zzqxv')).toEqual([]);
  });

  it('finds an organisation by name and a case by reference or by the beginnings of words in its summary and notes', async () => {
    expect(await search('shetland coun')).toContainEqual(expect.objectContaining({ type: 'organisation', title: 'Shetland Islands Council', detail: 'local_council' }));
    const digits = reference.replace(/^PB-0*/, '');
    for (const q of [reference, digits, `pb${digits}`]) expect((await search(q))[0], q).toMatchObject({ type: 'case', id: caseId, matched: 'reference' });
    for (const q of ['ferry timet', 'harbourm winter', 'STRANDED']) {
      expect(await search(q), q).toContainEqual(expect.objectContaining({ type: 'case', id: caseId, matched: 'text', detail: 'Ferry timetable cut leaves commuters stranded' }));
    }
    // Every word must be found in the case.
    expect((await search('ferry aeroplane')).some((r) => r.id === caseId)).toBe(false);
  });

  it('never shows a case the user may not see', async () => {
    const grace = client(t, await t.signIn('caseworker2@postbag.example'));
    // By default every caseworker sees a case not marked sensitive; the office may keep cases to those named on them.
    expect((await search('harbourmaster', grace)).some((r) => r.id === caseId)).toBe(true);
    const manager = client(t, await t.signIn(demo.email('manager')));
    await manager.ok('PATCH', '/office', { caseworkersSeeAllCases: false });
    expect((await search('harbourmaster', grace)).some((r) => r.id === caseId)).toBe(false);
    expect((await search(reference, grace)).some((r) => r.id === caseId)).toBe(false);
    await manager.ok('PATCH', '/office', { caseworkersSeeAllCases: true });
  });

  it('refuses an empty query, and a role without access to people', async () => {
    const empty = await api.send('POST', '/search', { q: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.problems[0].path).toBe('body.q');
    const volunteer = client(t, await t.signIn(demo.email('volunteer')));
    expect((await volunteer.send('POST', '/search', { q: 'ferry' })).statusCode).toBe(403);
  });
});
