/**
 * Where each table lives on a deployment for many offices (Citus, docs/ARCHITECTURE.md). Every
 * table is distributed by `office_id`, all of them co-located, except the tables named here.
 * `src/db/citus-ready.test.ts` reads the catalogue and fails unless every table missing from this
 * list keeps `office_id` in each of its keys and indexes, and migration 0030 places each table as
 * this list says.
 */
export const DISTRIBUTION_COLUMN = 'office_id';

/** reference: a copy on every node, so any shard joins it and may reference it; coordinator: one copy, on the coordinator. */
export type Placement = 'reference' | 'coordinator';

export const undistributedTables: Readonly<Record<string, { placement: Placement; reason: string }>> = {
  offices: {
    placement: 'reference',
    reason: 'the tenants themselves (one row an office, its id is the office_id): every office table references it',
  },
  users: {
    placement: 'reference',
    reason: 'the sign-in e-mail is unique across the deployment, which only an unsharded table can enforce; a few rows an office, read beside cases, sessions and notes',
  },
  jobs: {
    placement: 'coordinator',
    reason: 'deployment-wide jobs have no office (office_id NULL), and the runner claims due jobs of every office in one locking query',
  },
  sign_in_failures: {
    placement: 'coordinator',
    reason: 'keyed by an HMAC of the address tried and the client, before any office is known; joined with nothing',
  },
  bank_holidays: {
    placement: 'reference',
    reason: "the UK's bank holidays, the same for every office (migration 0038): a few hundred rows every office's deadlines read",
  },
};
