import { existsSync, readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { type Config, ConfigError, loadConfig } from './config.js';
import { checkOwnerRole } from './db/checks.js';
import { type Database, openDatabase } from './db/database.js';
import { migrateDown, migrateToLatest } from './db/migrate.js';
import { isUuid } from './db/ids.js';
import { type Nation, nations } from './db/enums.js';
import type { DB } from './db/schema.js';
import { type ExportFormat, exportFormats } from './modules/processing/schemas.js';
import { checkRecordedHeads, type OfficeData, verifyAuditChains } from './platform/audit/audit.js';
import { formatHead, HeadFormatError, parseHeads, type RecordedHead } from './platform/audit/chain.js';
import { auditChainKey, withAuditKey } from './platform/audit/key.js';
import { type BankHolidays, holidayCalendar, parseBankHolidays, shippedHolidays } from './platform/calendar/bank-holidays.js';
import { importHolidays, knownHolidays } from './platform/calendar/holidays-store.js';
import { rightsClock } from './platform/calendar/statutory.js';
import { calendarDate } from './platform/http/fields.js';
import { loadMasterKey } from './platform/crypto/master-key.js';

/**
 * The `postbag` command. Each subcommand validates the configuration first. The app itself and
 * its modules are imported by the commands that use them, so that `deadline` and `holidays` start
 * in a fraction of the time.
 */
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
    const [{ startPostbag }, { DEMO_PASSWORD, demoUsers }] = await Promise.all([import('./server.js'), import('./seed/demo.js')]);
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
    const [{ startPostbag }, { seedDemoOffice }] = await Promise.all([import('./server.js'), import('./seed/demo.js')]);
    const postbag = await startPostbag({ ...config, jobs: { ...config.jobs, enabled: false } });
    const { created } = await seedDemoOffice(postbag.database.db, postbag.keystore).finally(() => postbag.close());
    console.log(created ? 'Created the demo office "Example Constituency".' : 'The demo office is already there; nothing changed.');
  });

/** What `audit verify` counts as an office in use, in the office's words. */
const officeData: OfficeData = { persons: 'people', cases: 'cases', messages: 'messages' };

function addHeads(value: string, previous: RecordedHead[]): RecordedHead[] {
  try {
    return [...previous, ...parseHeads(value)];
  } catch (error) {
    if (error instanceof HeadFormatError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}

const audit = program.command('audit').description('the audit log');
audit
  .command('verify')
  .description("walk every office's audit chain, report the first entry changed, removed, re-ordered or forged, and print each head to record elsewhere")
  .option('--expect-head <heads>', 'check heads recorded earlier: lines of <office id>:<position>:<hash> as printed (repeatable)', addHeads, [])
  .option('--heads-only', 'print only the heads on standard output (everything else on standard error), for recording')
  .action(async (opts: { expectHead: RecordedHead[]; headsOnly?: boolean }) => {
    const config = loadConfig();
    const key = auditChainKey(loadMasterKey(config.masterKey, { createIfMissing: false }));
    const { reports, checks } = await withDatabase(config, async (d) => {
      const db = withAuditKey(d.db, key);
      return { reports: await verifyAuditChains(db, officeData), checks: await checkRecordedHeads(db, opts.expectHead) };
    });
    const say = opts.headsOnly ? console.error : console.log;
    for (const r of reports) {
      if (r.problem) say(`office ${r.officeId}: BROKEN at entry ${r.problem.seq}: ${r.problem.reason} (${r.entries} entries before it verified)`);
      else say(`office ${r.officeId}: intact, ${r.entries} entries`);
      if (r.warning) say(`office ${r.officeId}: WARNING: ${r.warning}`);
    }
    for (const c of checks) {
      const line = formatHead(c.head);
      say(c.mismatch ? `recorded head ${line}: MISMATCH: ${c.mismatch}` : `recorded head ${line}: matches`);
    }
    const heads = reports.flatMap((r) => (r.head && !r.problem ? [formatHead(r.head)] : []));
    if (heads.length && !opts.headsOnly) console.log('Record these heads outside this database (e.g. with --heads-only > file) and check them later with --expect-head:');
    for (const head of heads) console.log(head);
    if (reports.some((r) => r.problem) || checks.some((c) => c.mismatch)) process.exitCode = 1;
  });

function exportFormat(value: string): ExportFormat {
  if (!(exportFormats as readonly string[]).includes(value)) throw new InvalidArgumentError('must be csv or json.');
  return value as ExportFormat;
}

function officeId(value: string): string {
  if (!isUuid(value)) throw new InvalidArgumentError("must be an office's id (a UUID).");
  return value;
}

/** The office a command means when none is named: the only one there is. */
async function soleOffice(db: Database<DB>['db']): Promise<string> {
  const { officeIds } = await import('./modules/offices/service.js');
  const ids = await officeIds(db);
  if (ids.length === 1) return ids[0]!;
  if (!ids.length) throw new Error('There is no office in this database yet (`postbag seed` creates the demo office).');
  throw new Error(`This database holds ${ids.length} offices: name one with --office (${ids.join(', ')}).`);
}

const processing = program.command('processing').description('the record of processing (UK GDPR Article 30)');
processing
  .command('export')
  .description('write the record of processing, current and retired purposes, to standard output, for the ICO or an auditor')
  .requiredOption('--format <format>', 'csv or json', exportFormat)
  .option('--office <id>', "the office's id (needed when the database holds more than one office)", officeId)
  .action(async (opts: { format: ExportFormat; office?: string }) => {
    const { exportRecord } = await import('./modules/processing/service.js');
    const file = await withDatabase(loadConfig(), async (d) => exportRecord(d.db, opts.office ?? (await soleOffice(d.db)), opts.format));
    process.stdout.write(file.body);
  });

/** A database made before migration 0038 has nowhere to keep imported holidays. */
async function withHolidaysTable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') throw new Error('This database has no bank holidays table yet: run `postbag migrate` first.', { cause: error });
    throw error;
  }
}

const holidays = program.command('holidays').description("the bank holidays of England and Wales, Scotland and Northern Ireland, for rights requests' deadlines");
holidays
  .command('import')
  .description("store the bank holidays in FILE, in the government's format (https://www.gov.uk/bank-holidays.json): each nation and year it lists replaces the days Postbag had for that nation and year")
  .argument('<file>', 'a bank-holidays JSON file')
  .action(async (file: string) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(`Could not read ${file}: ${(error as Error).message}. Nothing was changed.`, { cause: error });
    }
    const parsed = parseBankHolidays(text);
    const imported = await withDatabase(loadConfig(), (d) => withHolidaysTable(() => importHolidays(d.db, parsed)));
    for (const i of imported) console.log(`${i.nation}: ${i.days} bank holidays for ${i.years.join(', ') || 'no year'}, replacing what Postbag had for those years.`);
  });

function dateOption(value: string): string {
  const parsed = calendarDate().safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues[0]?.message ?? 'must be a date written YYYY-MM-DD');
  return parsed.data;
}

function addClarification(value: string, previous: { askedOn: string; answeredOn: string }[]) {
  const [askedOn, answeredOn, ...rest] = value.split(':');
  if (!askedOn || !answeredOn || rest.length) throw new InvalidArgumentError('must be two dates, asked:answered, e.g. 2025-09-05:2025-09-12.');
  return [...previous, { askedOn: dateOption(askedOn), answeredOn: dateOption(answeredOn) }];
}

/**
 * The holidays the deadline is computed with: the database's (shipped with imports over them)
 * when one is configured (DATABASE_URL) or the embedded one exists; else the shipped data alone,
 * without making a database as a side effect.
 */
async function holidaysForDeadline(config: Config): Promise<BankHolidays> {
  if (config.database.kind === 'pglite' && (config.database.dataDir === 'memory://' || !existsSync(config.database.dataDir))) return shippedHolidays;
  return withDatabase(config, (d) => withHolidaysTable(() => knownHolidays(d.db)));
}

program
  .command('deadline')
  .description("print a rights request's statutory due date (YYYY-MM-DD): a month from receipt, or from when proof of identity arrived, clarification days not counted, moved to a working day")
  .requiredOption('--received <date>', 'the day the request arrived (YYYY-MM-DD)', dateOption)
  .addOption(new Option('--nation <nation>', 'whose bank holidays apply').choices(nations).default('england-and-wales'))
  .option('--id-received <date>', 'the day the proof of identity (or of authority) asked for arrived: the clock starts then', dateOption)
  .option('--clarification <asked:answered>', 'a clarification asked for and answered on these days, whose days do not count (repeatable)', addClarification, [])
  .option('--extended', 'extended for a complex or numerous request: three months instead of one')
  .action(async (opts: { received: string; nation: Nation; idReceived?: string; clarification: { askedOn: string; answeredOn: string }[]; extended?: boolean }) => {
    const holidays = holidayCalendar(await holidaysForDeadline(loadConfig()), opts.nation);
    const clock = rightsClock(
      { receivedOn: opts.received, identity: opts.idReceived ? { receivedOn: opts.idReceived } : null, clarifications: opts.clarification, extended: opts.extended },
      holidays,
    );
    // Every clarification given here is answered, and identity is never awaited: the clock runs.
    if (clock.state !== 'running') throw new Error(`the clock is ${clock.state.replace('_', ' ')}`);
    console.log(clock.dueOn);
  });

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `postbag: ${(error as Error).message}`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
