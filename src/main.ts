import { Command } from 'commander';
import { type Config, ConfigError, loadConfig } from './config.js';
import { checkOwnerRole } from './db/checks.js';
import { type Database, openDatabase } from './db/database.js';
import { migrateDown, migrateToLatest } from './db/migrate.js';
import type { DB } from './db/schema.js';
import { verifyAuditChains } from './platform/audit/audit.js';
import { DEMO_PASSWORD, demoUsers, seedDemoOffice } from './seed/demo.js';
import { startPostbag } from './server.js';

/** The `postbag` command. Each subcommand validates the configuration first. */
const program = new Command('postbag').description('Postbag: casework and constituent communications with UK GDPR built in.');

async function withDatabase<T>(config: Config, work: (db: Database<DB>) => Promise<T>): Promise<T> {
  const database = await openDatabase<DB>(config.database);
  try {
    if (database.kind === 'postgres') await checkOwnerRole(database.db);
    return await work(database);
  } finally {
    await database.close();
  }
}

program
  .command('serve')
  .description('run the web app, the API and the background jobs')
  .option('--demo', 'create the demo office "Example Constituency" if it is not there yet')
  .action(async (opts: { demo?: boolean }) => {
    const config = loadConfig();
    const postbag = await startPostbag(config, { seedDemo: opts.demo });
    const address = await postbag.app.listen({ host: config.host, port: config.port });
    const shown = address.replace('127.0.0.1', 'localhost');
    console.log(`\nPostbag is running at ${shown}`);
    if (opts.demo) {
      console.log(`Demo sign-in (password "${DEMO_PASSWORD}" for every account):`);
      for (const u of demoUsers) console.log(`  ${u.email.padEnd(30)} ${u.role}`);
    }
    const stop = () =>
      postbag.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(`postbag: could not shut down cleanly: ${(error as Error).message}`);
          process.exit(1);
        },
      );
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('migrate')
  .description('bring the database schema up to date')
  .option('--down', 'revert the newest migration instead')
  .action(async (opts: { down?: boolean }) => {
    const lines = await withDatabase(loadConfig(), (d) => (opts.down ? migrateDown(d.db) : migrateToLatest(d.db)));
    console.log(lines.length ? lines.join('\n') : 'The schema is already up to date.');
  });

program
  .command('seed')
  .description('create the demo office with synthetic constituents and cases')
  .action(async () => {
    // The whole app, not just the database: case text is sealed with keys from the key store.
    const config = loadConfig();
    const postbag = await startPostbag({ ...config, jobs: { ...config.jobs, enabled: false } });
    const { created } = await seedDemoOffice(postbag.database.db, postbag.keystore).finally(() => postbag.close());
    console.log(created ? 'Created the demo office "Example Constituency".' : 'The demo office is already there; nothing changed.');
  });

const audit = program.command('audit').description('the audit log');
audit
  .command('verify')
  .description("walk every office's audit chain and report the first entry changed, removed or re-ordered")
  .action(async () => {
    const reports = await withDatabase(loadConfig(), (d) => verifyAuditChains(d.db));
    let broken = 0;
    for (const r of reports) {
      if (r.problem) {
        broken++;
        console.log(`office ${r.officeId}: BROKEN at entry ${r.problem.seq}: ${r.problem.reason} (${r.entries} entries before it verified)`);
      } else {
        console.log(`office ${r.officeId}: intact, ${r.entries} entries, head ${r.headHash}`);
      }
    }
    if (broken) process.exitCode = 1;
  });

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `postbag: ${(error as Error).message}`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
