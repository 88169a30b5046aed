import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { checkKeystoreIsSeparate, checkOwnerRole, checkRequestRole, identityOf } from './db/checks.js';
import { type Database, openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import type { DB } from './db/schema.js';
import { type JobPayloads, jobPayloads } from './job-kinds.js';
import { keyLegacyChains } from './platform/audit/audit.js';
import { auditChainKey, withAuditKey } from './platform/audit/key.js';
import { SessionCache } from './platform/auth/session-cache.js';
import { cookieSecret, loadMasterKey } from './platform/crypto/master-key.js';
import { KeyStore } from './platform/crypto/keystore.js';
import { JobRunner } from './platform/jobs/runner.js';
import { createLogger } from './platform/logging.js';
import { registerCaseworkJobs } from './modules/casework/jobs.js';
import { registerMailboxJobs } from './modules/correspondence/mailboxes/jobs.js';
import { registerOutboundJobs } from './modules/correspondence/outbound/send-job.js';
import { registerNewsletterJobs } from './modules/newsletters/jobs.js';
import { sealLegacySummaries } from './modules/casework/summaries.js';
import { personDataMap } from './modules/person-data.js';
import { sealLegacyCounterparts } from './modules/correspondence/service.js';
import { seedDemoOffice } from './seed/demo.js';
import { replayErasureJournal, sortLegacyKeys } from './erasure.js';

export const defaultWebRoot = fileURLToPath(new URL('../dist/web/', import.meta.url));

export interface Postbag {
  app: FastifyInstance;
  ctx: AppContext;
  /** The main database as its owner: for migrations, seeding and arranging tests across offices. */
  database: Database<DB>;
  /** The main database as the request role (on PGlite, the same connection as `database`). */
  requests: Database<DB>;
  keystore: KeyStore;
  close(): Promise<void>;
}

export interface StartOptions {
  seedDemo?: boolean;
  webRoot?: string;
  signInsPerMinute?: number;
}

/** Opens both databases, brings the schema up to date, and builds the app (not yet listening). */
export async function startPostbag(config: Config, options: StartOptions = {}): Promise<Postbag> {
  const logger = createLogger(config.logLevel);
  // A key is made only for a new embedded installation: anywhere else a missing key file means a
  // misconfiguration, and a new key would leave the data already sealed unreadable.
  const newEmbedded = config.database.kind === 'pglite' && !existsSync(config.database.dataDir) && config.env !== 'production';
  const masterKey = loadMasterKey(config.masterKey, { createIfMissing: newEmbedded });
  // Every transaction made from these handles carries the audit key to recordAudit.
  const auditKey = auditChainKey(masterKey);
  const keyed = (opened: Database<DB>): Database<DB> => ({ ...opened, db: withAuditKey(opened.db, auditKey) });
  const database = keyed(await openDatabase<DB>(config.database));
  let requests: Database<DB> | undefined;
  let keystore: KeyStore | undefined;
  try {
    // On PGlite one user is both: row level security binds it inside withOffice (SET LOCAL ROLE).
    // On a server, everything that can be checked before writing anything is checked first.
    const main = database.kind === 'postgres' ? await identityOf(database.db) : null;
    if (main) await checkOwnerRole(database.db);
    if (main && config.keystore.kind === 'postgres') await checkKeystoreIsSeparate(main, config.keystore.url);
    await migrateToLatest(database.db);
    await keyLegacyChains(database.db);
    // The request role is made by migration 0012, so it can connect only now.
    if (main && config.requests) {
      requests = keyed(await openDatabase<DB>(config.requests));
      await checkRequestRole(requests.db, main);
    }
    keystore = await KeyStore.open(config.keystore, masterKey);
    await sortLegacyKeys({ db: database.db, keystore });
    await sealLegacySummaries(database.db, keystore);
    await sealLegacyCounterparts(database.db, keystore);
    // A main database restored from a backup must not bring back a person erased since.
    await replayErasureJournal({ db: database.db, keystore }, logger);
    if (options.seedDemo) await seedDemoOffice(database.db, keystore);
    const jobs = new JobRunner<JobPayloads>({
      db: database.db,
      payloads: jobPayloads,
      logger,
      leaseSeconds: config.jobs.leaseSeconds,
      pollMs: config.jobs.pollMs,
      // Also on PGlite's one connection: jobs wait on mail servers between their steps, holding none.
      concurrency: 4,
    });
    registerCaseworkJobs(jobs);
    registerOutboundJobs(jobs, { keystore, smtp: config.smtp, unsubscribe: { masterKey, publicUrl: config.publicUrl } });
    registerMailboxJobs(jobs, { db: database.db, keystore, jobs });
    registerNewsletterJobs(jobs, { keystore });
    // Requests go through the request role; the job runner stays on the owner's connection, as it
    // claims jobs across offices (each handler then runs in withOffice).
    const served = requests ?? database;
    const ctx: AppContext = { config, db: served.db, auth: { db: served.db, config, masterKey, sessions: new SessionCache() }, jobs, keystore, personData: personDataMap };
    const app = await buildApp(ctx, {
      logger,
      cookieSecret: cookieSecret(masterKey),
      webRoot: options.webRoot ?? defaultWebRoot,
      signInsPerMinute: options.signInsPerMinute,
    });
    if (config.jobs.enabled) jobs.start();
    const opened = keystore;
    return {
      app,
      ctx,
      database,
      requests: served,
      keystore: opened,
      async close() {
        await jobs.stop();
        await app.close();
        await opened.close();
        await requests?.close();
        await database.close();
      },
    };
  } catch (error) {
    await keystore?.close();
    await requests?.close();
    await database.close();
    throw error;
  }
}
