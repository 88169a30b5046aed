import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demo, type TestApp } from '../../../test/support/app.js';
import { DEMO_OFFICE_ID } from '../../seed/demo.js';
import { sealLegacySummaries } from './summaries.js';
import { client } from './test-fixtures/support.js';

/** Summaries written in clear before case text was sealed (migration 0006) are sealed at start-up. */
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('sealing legacy summaries', () => {
  it('seals each plaintext summary, makes it searchable and flags special category words; a second run finds nothing to do', async () => {
    const db = t.database.db;
    const person = await db.selectFrom('persons').select('id').where('office_id', '=', DEMO_OFFICE_ID).executeTakeFirstOrThrow();
    const owen = await db.selectFrom('users').select('id').where('email', '=', demo.email('caseworker')).executeTakeFirstOrThrow();
    // As a row from before migration 0006 looks: a clear summary, nothing sealed.
    const legacy = await db
      .insertInto('cases')
      .values({ office_id: DEMO_OFFICE_ID, reference: 'PB-900001', person_id: person.id, owner_user_id: owen.id, summary: 'Wheelchair ramp refused by the landlord' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('case_constituents').values({ office_id: DEMO_OFFICE_ID, case_id: legacy.id, person_id: person.id }).execute();

    expect(await sealLegacySummaries(db, t.keystore)).toBe(1);
    const row = await db.selectFrom('cases').select(['summary', 'summary_sealed', 'special_categories']).where('id', '=', legacy.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ summary: null, special_categories: ['health'] });
    expect(row.summary_sealed).not.toContain('Wheelchair');

    const api = client(t, await t.signIn(demo.email('caseworker')));
    expect((await api.ok('GET', `/cases/${legacy.id}`)).summary).toBe('Wheelchair ramp refused by the landlord');
    const { results } = await api.ok('POST', '/search', { q: 'wheelch ramp' });
    expect(results).toContainEqual(expect.objectContaining({ type: 'case', id: legacy.id }));
    expect(await sealLegacySummaries(db, t.keystore)).toBe(0);
  });
});
