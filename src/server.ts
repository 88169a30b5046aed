import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { type Database, openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import type { DB } from './db/schema.js';
import { cookieSecret, loadMasterKey } from './platform/crypto/master-key.js';
import { KeyStore } from './platform/crypto/keystore.js';
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
  const masterKey = loadMasterKey(config.masterKey, { createIfMissing: config.env !== 'production' });
  const database = await openDatabase<DB>(config.database);
  let keystore: KeyStore | undefined;
  try {
    await migrateToLatest(database.db);
    keystore = await KeyStore.open(config.keystore, masterKey);
    if (options.seedDemo) await seedDemoOffice(database.db);
    const ctx: AppContext = { config, db: database.db, auth: { db: database.db, config, masterKey } };
    const app = await buildApp(ctx, {
      cookieSecret: cookieSecret(masterKey),
      webRoot: options.webRoot ?? defaultWebRoot,
      signInsPerMinute: options.signInsPerMinute,
    });
    const opened = keystore;
    return {
      app,
      ctx,
      database,
      keystore: opened,
      async close() {
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
