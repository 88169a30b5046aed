import type { Kysely } from 'kysely';
import { type OfficeTx, withOffice } from '../db/scope.js';
import type { CaseStatus, DB, Role } from '../db/schema.js';
import { recordAudit, systemActor } from '../platform/audit/audit.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { syntheticPeople } from './synthetic.js';
import { newId } from '../db/ids.js';
import { seedDemoMessages } from './demo-messages.js';
import type { KeyStore } from '../platform/crypto/keystore.js';
import { prepareSummaries } from '../modules/casework/summaries.js';
import { addDefaultTopics } from '../modules/casework/topics.js';
import { addStarterTemplates } from '../modules/correspondence/outbound/templates.js';
import { addCouncilsIn, addStarterDirectoryIn, type CouncilName } from '../modules/people/service.js';
import { addStandardPurposes } from '../modules/processing/service.js';
import { createTopicsIn } from '../modules/consent/service.js';

/** The fictional office `npm start` opens on. Everything here is synthetic. */
export const DEMO_OFFICE_ID = '0ff1ce00-0000-4000-8000-000000000001';
export const DEMO_PASSWORD = 'postbag-demo';

export const demoUsers: { email: string; displayName: string; role: Role }[] = [
  { email: 'member@postbag.example', displayName: 'Sam Taylor MP', role: 'member' },
  { email: 'manager@postbag.example', displayName: 'Priya Shah', role: 'manager' },
  { email: 'caseworker@postbag.example', displayName: 'Owen Hughes', role: 'caseworker' },
  { email: 'caseworker2@postbag.example', displayName: 'Grace Okafor', role: 'caseworker' },
  { email: 'volunteer@postbag.example', displayName: 'Tom Reid', role: 'volunteer' },
  { email: 'researcher@postbag.example', displayName: 'Leah Morgan', role: 'researcher' },
  { email: 'dpo@postbag.example', displayName: 'Ade Bello', role: 'data_protection_lead' },
];

const SUMMARIES = [
  'Universal Credit payment stopped after a change of circumstances',
  'Visa application delayed beyond the published service standard',
  'Council housing repair outstanding for damp and mould',
  'PIP assessment appeal and missing evidence',
  'School transport refused for a child with additional needs',
  'HMRC tax code error causing an underpayment demand',
  'Planning objection to a proposed development',
  'Passport renewal urgent for family travel',
  'Child Maintenance Service arrears not being collected',
  'Anti-social behaviour on the estate not addressed by the council',
  'Hospital appointment waiting list for a hip operation',
  'Bus route withdrawal leaving a village without a service',
];
const STATUSES: CaseStatus[] = ['new', 'open', 'open', 'awaiting_agency', 'awaiting_constituent', 'closed'];

/** The demo office is Dudley's: its council and the neighbouring ones its constituents' cases also reach. */
export const demoAreaCouncils = [
  'Dudley Metropolitan Borough Council',
  'Sandwell Council',
  'City of Wolverhampton Council',
  'Birmingham City Council',
  'Staffordshire County Council',
  'Worcestershire County Council',
] as const satisfies readonly CouncilName[];

export interface DemoSize {
  people: number;
  cases: number;
  /** A morning's post in the inbox (the full demo only). */
  withMessages?: boolean;
  /** The starter library of templates, as a new office gets it (the full demo only: tests start from none). */
  withTemplates?: boolean;
  /** The starter directory of agencies, as a new office gets it, and the councils of its area (the full demo only, like the templates). */
  withDirectory?: boolean;
}

/**
 * Creates the demo office once; a second run finds it and changes nothing. All of it is written
 * in one office-scoped transaction, so a crash leaves either the whole office or none of it.
 */
export async function seedDemoOffice(db: Kysely<DB>, keystore: KeyStore, size: DemoSize = { people: 600, cases: 240, withMessages: true, withTemplates: true, withDirectory: true }): Promise<{ created: boolean }> {
  const exists = await db.selectFrom('offices').select('id').where('id', '=', DEMO_OFFICE_ID).executeTakeFirst();
  if (exists) return { created: false };
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  await withOffice(db, DEMO_OFFICE_ID, async (tx) => {
    const office = DEMO_OFFICE_ID;
    await tx.insertInto('offices').values({ id: office, name: 'Example Constituency', member_name: 'Sam Taylor MP', nation: 'england-and-wales' }).execute();
    const users = await tx
      .insertInto('users')
      .values(demoUsers.map((u) => ({ office_id: office, email: u.email, display_name: u.displayName, role: u.role, password_hash: passwordHash })))
      .returning(['id', 'email'])
      .execute();
    const userId = (email: string) => users.find((u) => u.email === email)?.id ?? null;
    const [owen, grace] = [userId('caseworker@postbag.example'), userId('caseworker2@postbag.example')];

    const synthetic = [...syntheticPeople(size.people, 7)];
    const people = synthetic.length
      ? await tx
          .insertInto('persons')
          .values(synthetic.map((p) => ({ office_id: office, id: p.id, given_name: p.givenName, family_name: p.familyName, source: p.source })))
          .returning('id')
          .execute()
      : [];
    const contactPoints = synthetic.flatMap((p) => [
      { office_id: office, person_id: p.id, kind: 'email' as const, value: p.email, preferred: true, source: p.source },
      { office_id: office, person_id: p.id, kind: 'postal_address' as const, value: p.postcode, address_lines: JSON.stringify(p.addressLines), postcode: p.postcode, preferred: true, source: p.source },
    ]);
    if (contactPoints.length) await tx.insertInto('contact_points').values(contactPoints).execute();

    await addDefaultTopics(tx, office);
    // Every office keeps a record of processing from its first day (Article 30).
    await addStandardPurposes(tx, office, systemActor);
    await addDemoSubscriptionTopics(tx, office);
    if (size.withTemplates) await addStarterTemplates(tx, office, systemActor);
    if (size.withDirectory) {
      await addStarterDirectoryIn(tx, office, systemActor);
      await addCouncilsIn(tx, office, systemActor, demoAreaCouncils);
    }
    const topics = await tx.selectFrom('topics').select(['id', 'name']).where('office_id', '=', office).orderBy('name').execute();
    const cases = Array.from({ length: people.length ? size.cases : 0 }, (_, i) => ({
      office_id: office,
      id: newId(),
      reference: `PB-${String(i + 1).padStart(6, '0')}`,
      person_id: people[(i * 7) % people.length]!.id,
      status: STATUSES[i % STATUSES.length]!,
      owner_user_id: i % 6 === 0 ? null : i % 2 ? owen : grace,
      // Every fifth case is sensitive (e.g. safeguarding): only its owner and named users see it.
      sensitive: i % 5 === 3,
      opened_at: new Date(Date.UTC(2025, 10, 1) + i * 36 * 3_600_000),
      due_on: i % 3 === 0 ? new Date(Date.UTC(2025, 11, 1) + i * 40 * 3_600_000).toISOString().slice(0, 10) : null,
    }));
    const prepared = await prepareSummaries(keystore, office, cases.map((c, i) => ({ id: c.id, summary: SUMMARIES[i % SUMMARIES.length]! })));
    if (cases.length) {
      await tx
        .insertInto('cases')
        .values(
          cases.map((c, i) => ({
            ...c,
            summary_sealed: prepared[i]!.sealed,
            special_categories: prepared[i]!.categories,
            // Flagged demo cases rest on paragraph 23; closed ones were resolved.
            ...(prepared[i]!.categories.length ? { article9_condition: 'dpa_sch1_para23' as const, article9_recorded_at: c.opened_at } : {}),
            ...(c.status === 'closed' ? { outcome: 'resolved' as const, closed_at: new Date(c.opened_at.getTime() + 20 * 86_400_000) } : {}),
          })),
        )
        .execute();
      await tx.insertInto('case_constituents').values(cases.map((c) => ({ office_id: office, case_id: c.id, person_id: c.person_id }))).execute();
      await tx.insertInto('case_topics').values(cases.map((c, i) => ({ office_id: office, case_id: c.id, topic_id: topics[i % topics.length]!.id }))).execute();
      await tx.insertInto('case_events').values(cases.map((c) => ({ office_id: office, case_id: c.id, kind: 'opened' as const, at: c.opened_at }))).execute();
      const terms = prepared.flatMap((p) => p.terms);
      for (let i = 0; i < terms.length; i += 5000) await tx.insertInto('case_search_terms').values(terms.slice(i, i + 5000)).onConflict((oc) => oc.doNothing()).execute();
    }
    // Some of Grace's cases are shared with Owen, as a caseworker covering a colleague's leave would be.
    const shared = cases.filter((c, i) => c.owner_user_id === grace && i % 4 === 2 && owen);
    if (shared.length) {
      await tx.insertInto('case_access').values(shared.map((c) => ({ office_id: office, case_id: c.id, user_id: owen! }))).execute();
    }
    await tx.insertInto('office_counters').values({ office_id: office, name: 'case_reference', value: size.cases }).execute();
    if (size.withMessages) {
      const senders = synthetic.slice(0, 4).map((p) => ({ email: p.email, name: `${p.givenName} ${p.familyName}` }));
      await seedDemoMessages(tx, keystore, office, senders, cases.find((c) => c.status === 'open' && !c.sensitive)?.reference ?? null);
    }
    await recordAudit(tx, office, systemActor, { action: 'office.seeded_demo', recordType: 'office', recordIds: [office] });
  });
  return { created: true };
}

/** What the demo office's constituents can subscribe to, each under a purpose of its record that rests on consent. */
export const demoSubscriptionTopics = [
  { purpose: 'Communications', name: 'Monthly newsletter', description: "Sam Taylor's monthly round-up of work in the constituency and in Parliament." },
  { purpose: 'Communications', name: 'Local surveys', description: 'Short surveys about local services, roads and planning.' },
  { purpose: 'Campaigning', name: 'Campaign updates', description: 'News of campaigns Sam Taylor is running, such as saving the Halesowen library.' },
  { purpose: 'Events and photography', name: 'Surgeries and events', description: 'Invitations to advice surgeries, public meetings and community events.' },
] as const;

async function addDemoSubscriptionTopics(tx: OfficeTx, office: string): Promise<void> {
  const purposes = await tx.selectFrom('processing_purposes').select(['id', 'name']).where('office_id', '=', office).execute();
  const purposeId = (name: string) => purposes.find((p) => p.name === name)!.id;
  await createTopicsIn(tx, office, systemActor, demoSubscriptionTopics.map((t) => ({ name: t.name, description: t.description, purposeId: purposeId(t.purpose) })));
}
