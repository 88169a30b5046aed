import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { DB } from './db/schema.js';
import type { Jobs } from './job-kinds.js';
import type { AuthDeps } from './platform/auth/service.js';
import type { KeyStore } from './platform/crypto/keystore.js';
import type { PersonDataMap } from './platform/person-data/map.js';

/** What the running app hands to every module's routes. */
export interface AppContext {
  config: Config;
  db: Kysely<DB>;
  auth: AuthDeps;
  /** Enqueue background work here, in the same transaction as the change that needs it. */
  jobs: Jobs;
  /** Encrypts special category data and identifiers with each person's own key. */
  keystore: KeyStore;
  /** Where a person's data lives, every module's tables (modules/person-data.ts). */
  personData: PersonDataMap;
}

export interface ModuleOptions {
  ctx: AppContext;
}
