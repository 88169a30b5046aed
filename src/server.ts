import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { type Database, openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import type { DB } from './db/schema.js';
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
import { sealLegacySummaries } from './modules/casework/summaries.js';
import { seedDemoOffice } from './seed/demo.js';

export const defaultWebRoot = fileURLToPath(new URL('../dist/web/', import.meta.url));

export interface Postbag {
  app: FastifyInstance;
  ctx: AppContext;
  database: Database<DB>;
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
  const plain = await openDatabase<DB>(config.database);
  // Every transaction made from this handle carries the audit key to recordAudit.
  const database: Database<DB> = { ...plain, db: withAuditKey(plain.db, auditChainKey(masterKey)) };
  let keystore: KeyStore | undefined;
  try {
    await migrateToLatest(database.db);
    await keyLegacyChains(database.db);
    keystore = await KeyStore.open(config.keystore, masterKey);
    await sealLegacySummaries(database.db, keystore);
    if (options.seedDemo) await seedDemoOffice(database.db, keystore);
    const jobs = new JobRunner({
      db: database.db,
      logger,
      leaseSeconds: config.jobs.leaseSeconds,
      pollMs: config.jobs.pollMs,
      // PGlite has one connection: a second handler would only wait for it.
      concurrency: database.kind === 'pglite' ? 1 : 4,
    });
    registerCaseworkJobs(jobs);
    registerOutboundJobs(jobs, { keystore, smtp: config.smtp });
    registerMailboxJobs(jobs, { db: database.db, keystore, jobs });
    const ctx: AppContext = { config, db: database.db, auth: { db: database.db, config, masterKey, sessions: new SessionCache() }, jobs, keystore };
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
      keystore: opened,
      async close() {
        await jobs.stop();
        await app.close();
        await opened.close();
        await database.close();
      },
    };
  } catch (error) {
    await keystore?.close();
    await database.close();
    throw error;
  }
}
