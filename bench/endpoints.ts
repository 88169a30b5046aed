import { withOffice } from '../src/db/scope.js';
import { dashboard } from '../src/modules/dashboard/service.js';
import * as caseRepo from '../src/modules/casework/repo.js';
import { caseListQuery } from '../src/modules/casework/schemas.js';
import * as caseSearch from '../src/modules/casework/search-repo.js';
import * as messages from '../src/modules/correspondence/repo.js';
import { queryTerms } from '../src/modules/casework/text.js';
import { findMatchHits } from '../src/modules/people/match-repo.js';
import { findPersonDetail } from '../src/modules/people/repo.js';
import * as peopleSearch from '../src/modules/people/search-repo.js';
import { readQuery } from '../src/modules/search/service.js';
import type { SignedInUser } from '../src/platform/access/access.js';
import { ukToday } from '../src/platform/calendar/today.js';
import { DEMO_OFFICE_ID, DEMO_PASSWORD, demoUsers } from '../src/seed/demo.js';
import type { Postbag } from '../src/server.js';
import { signIn, type SignedInClient } from '../test/support/app.js';
import type { Endpoint, EndpointTargets } from './measure/load.js';

/**
 * Targets from the issues, for PostgreSQL at 1,000,000 people and 300,000 cases (issue 12: every
 * page p99 under 10 ms with one client, at 32 connections under 20 ms for a record or matching and
 * under 50 ms for lists and search, and half its bare SQL's throughput; PGlite at 100,000 people
 * under 100 ms at 32). The dashboard's is its own issue's, at the 4 connections of an office's managers.
 */
const page = (p99Ms: number): EndpointTargets => ({ p99Ms, oneClientP99Ms: 10, pgliteP99Ms: 100, bareRatio: 0.5 });
const TARGET = { record: page(20), matching: page(20), search: page(50), caseList: page(50), inbox: page(50), dashboard: { p99Ms: 1000 } };

export const MANAGER = demoUsers.find((u) => u.role === 'manager')!.email;

/** The demo office's manager signed in through the API: the client's session, and who the server sees. */
export async function signInManager(postbag: Postbag): Promise<{ session: SignedInClient; manager: SignedInUser }> {
  const session = await signIn(postbag.app, MANAGER, DEMO_PASSWORD);
  const { db } = postbag.database;
  const user = await db.selectFrom('users').select('id').where('email', '=', MANAGER).executeTakeFirstOrThrow();
  const row = await db.selectFrom('sessions').select('id').where('user_id', '=', user.id).orderBy('created_at', 'desc').limit(1).executeTakeFirstOrThrow();
  return { session, manager: { userId: user.id, sessionId: row.id, officeId: DEMO_OFFICE_ID, role: 'manager' } };
}

/**
 * The endpoints under load, each with the statements it runs for the bare-SQL figure. Values are
 * taken from the seeded data (one person half-way through, their e-mail, name and postcode).
 */
export async function benchEndpoints(postbag: Postbag, signedIn: SignedInUser, people: number): Promise<Endpoint[]> {
  // A manager's sight of cases does not depend on the office's choice for caseworkers.
  const manager = { ...signedIn, caseworkersSeeAllCases: true };
  const { db } = postbag.database;
  // The bare SQL goes through the pool requests use, as the request role.
  const requests = postbag.requests.db;
  const office = DEMO_OFFICE_ID;
  const scoped = <T>(work: (tx: Parameters<Parameters<typeof withOffice>[2]>[0]) => Promise<T>) => () => withOffice(requests, office, work);
  const person = await db.selectFrom('persons').select('id').where('office_id', '=', office).orderBy('id').offset(Math.floor(people / 2)).limit(1).executeTakeFirstOrThrow();
  const contact = await db
    .selectFrom('contact_points as e')
    .innerJoin('contact_points as a', (j) => j.onRef('a.person_id', '=', 'e.person_id').on('a.kind', '=', 'postal_address'))
    .innerJoin('persons as p', 'p.id', 'e.person_id')
    .select(['e.value as email', 'a.postcode', 'p.given_name', 'p.family_name'])
    .where('e.person_id', '=', person.id)
    .where('e.kind', '=', 'email')
    .executeTakeFirstOrThrow();
  const owner = await db.selectFrom('users').select('id').where('office_id', '=', office).where('role', '=', 'caseworker').orderBy('email').executeTakeFirstOrThrow();
  const name = `${contact.given_name} ${contact.family_name}`;

  const search = (label: string, q: string): Endpoint => {
    const read = readQuery(q);
    const hashes = postbag.keystore.searchTermHashes(office, queryTerms(read.whole));
    return {
      name: `POST /api/v1/search (${label})`,
      path: '/api/v1/search',
      body: { q },
      targets: TARGET.search,
      bare: scoped(async (tx) => {
        if (read.email) await peopleSearch.personsByContact(tx, office, 'email', read.email, 10);
        if (read.phone) await peopleSearch.personsByContact(tx, office, 'phone', read.phone, 10);
        if (read.postcode) await peopleSearch.personsByPostcode(tx, office, read.postcode, 10);
        if (read.nameWords.length) {
          const byName = await peopleSearch.personsByName(tx, office, read.nameWords, 10);
          // The typo fallback, as searchPeople asks it.
          if (byName.length === 0 && !read.email && !read.postcode && read.nameWords.every((w) => w.length >= 3)) await peopleSearch.personsByNameLike(tx, office, read.nameWords, 10);
          await peopleSearch.organisationsByName(tx, office, read.nameWords, read.whole, 10);
        }
        if (read.reference) await caseSearch.caseByReference(tx, office, manager, read.reference);
        if (hashes.length) await caseSearch.casesWithTerms(tx, office, manager, hashes, 10);
      }),
    };
  };
  const caseList = (label: string, query: Record<string, string>): Endpoint => {
    const parsed = caseListQuery.parse(query);
    return {
      name: `GET /api/v1/cases (${label})`,
      path: `/api/v1/cases?${new URLSearchParams(query)}`,
      targets: TARGET.caseList,
      bare: scoped((tx) => caseRepo.listCases(tx, office, manager, parsed, ukToday())),
    };
  };

  return [
    { name: 'GET /api/v1/people/:id', path: `/api/v1/people/${person.id}`, targets: TARGET.record, bare: scoped((tx) => findPersonDetail(tx, office, person.id)) },
    { name: 'GET /api/v1/me', path: '/api/v1/me', targets: {} },
    {
      name: 'POST /api/v1/people/matches (e-mail)',
      path: '/api/v1/people/matches',
      body: { email: contact.email },
      targets: TARGET.matching,
      bare: scoped((tx) => findMatchHits(tx, office, { email: contact.email })),
    },
    {
      name: 'POST /api/v1/people/matches (name, postcode)',
      path: '/api/v1/people/matches',
      body: { name, postcode: contact.postcode },
      targets: TARGET.matching,
      bare: scoped((tx) => findMatchHits(tx, office, { name, postcode: contact.postcode ?? undefined })),
    },
    caseList('first page', { limit: '25' }),
    caseList('a caseworker’s active cases', { limit: '25', owner: owner.id, status: 'active', sort: 'due', order: 'asc' }),
    search('name as typed', `${contact.given_name.slice(0, 4)} ${contact.family_name.slice(0, 3)}`),
    search('words in cases', 'housing repai'),
    search('postcode', contact.postcode ?? 'B63 3AA'),
    search('case reference', 'PB-000123'),
    {
      name: 'GET /api/v1/inbox (first page)',
      path: '/api/v1/inbox?limit=50',
      targets: TARGET.inbox,
      // The page brings its count and its campaign groups' sizes (inboxCount is for an empty page only).
      bare: scoped((tx) => messages.inboxPage(tx, office, caseRepo.caseVisibleTo(manager), { limit: 50 })),
    },
    {
      // A manager's home page: the whole office counted. Opened by the office's few staff, not 32 at once.
      name: 'GET /api/v1/dashboard (manager)',
      path: '/api/v1/dashboard',
      targets: TARGET.dashboard,
      connections: 4,
      // Its statements in their one transaction, as the service runs them (it opens the transaction itself).
      bare: () => dashboard({ db: requests }, signedIn),
    },
  ];
}
