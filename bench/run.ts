/*
 * Postbag benchmark: `npm run bench -- [--db pglite|postgres|both] [--people 100000] [--out bench/results/<name>.json]`
 *
 * Seeding speed, sign-in latency, API latency under load and memory, on fresh throw-away
 * databases (PostgreSQL databases created and dropped through --database-url; PGlite in a
 * temporary directory). Prints a plain table and writes every figure to a JSON file.
 *
 * THE TIMINGS ARE FOR A NOISY 2-CORE MACHINE: Node (the app and the load generator) and the
 * PostgreSQL server share the two cores, and neighbours on shared hardware come and go. Compare
 * runs made on one machine, not figures across machines, and repeat a run before trusting a change.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { interrupted } from './cleanup.js';
import { Interrupted, runInChild } from './isolate.js';
import { measureSpecialCategory, renderSpecialCategory } from './measure/special-category.js';
import { buildReport, renderTable, writeJson } from './report.js';
import { runSuite, type RunFigures, type SuiteOptions } from './suite.js';
import type { DbKind } from './setup.js';

const usage = `Usage: tsx bench/run.ts [options]
  --db pglite|postgres|both   databases to measure (default both)
  --people N                  synthetic people to seed (default 100000; the target is 1000000 on PostgreSQL)
  --cases N                   synthetic cases to seed (default 30% of people; the target is 300000 on PostgreSQL)
  --messages N                messages in the office for the inbox page (default 100000)
  --mbox N                    of which imported from an mbox archive, timed (default 10000)
  --campaign N                copies of one campaign letter imported and grouped after them, timed (default 5000)
  --newsletter N              a newsletter's audience (7.5% of the people consent) previewed, fixed and rendered,
                              then a mailing to N of them sent to a loopback SMTP server (default 2000; 0: none)
  --out FILE                  JSON results (default bench/results/<date>-<db>-<people>.json)
  --database-url URL          PostgreSQL admin connection (default postgres://postgres@127.0.0.1:5432/test)
  --duration S                seconds of each load run (default 10)
  --warmup S                  seconds of warm-up before each load run (default 2)
  --connections N             concurrent load connections (default 32)
  --sign-ins N                sequential sign-ins to time (default 30)
  --only TEXT                 load only the endpoints whose name contains TEXT (e.g. dashboard)`;

function positiveInt(name: string, value: string, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number of at least ${min}, not "${value}"`);
  return n;
}

function parse(): { dbs: DbKind[]; options: SuiteOptions; out: string; childOut: string | undefined } {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'both' },
      people: { type: 'string', default: '100000' },
      cases: { type: 'string' },
      messages: { type: 'string', default: '100000' },
      mbox: { type: 'string', default: '10000' },
      campaign: { type: 'string', default: '5000' },
      newsletter: { type: 'string', default: '2000' },
      out: { type: 'string' },
      'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      connections: { type: 'string', default: '32' },
      'sign-ins': { type: 'string', default: '30' },
      only: { type: 'string' },
      // internal: run one database and write its figures to this file (see isolate.ts)
      'child-out': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const db = values.db;
  if (db !== 'pglite' && db !== 'postgres' && db !== 'both') throw new Error(`--db must be pglite, postgres or both, not "${db}"`);
  const dbs: DbKind[] = db === 'both' ? ['pglite', 'postgres'] : [db];
  const options: SuiteOptions = {
    people: positiveInt('people', values.people),
    cases: values.cases === undefined ? Math.round(positiveInt('people', values.people) * 0.3) : positiveInt('cases', values.cases, 0),
    messages: positiveInt('messages', values.messages, 0),
    mbox: positiveInt('mbox', values.mbox, 0),
    campaign: positiveInt('campaign', values.campaign, 0),
    newsletter: positiveInt('newsletter', values.newsletter, 0),
    databaseUrl: values['database-url'],
    durationSeconds: positiveInt('duration', values.duration),
    warmupSeconds: positiveInt('warmup', values.warmup, 0),
    connections: positiveInt('connections', values.connections),
    signIns: positiveInt('sign-ins', values['sign-ins']),
    ...(values.only === undefined ? {} : { only: values.only }),
  };
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const out = values.out ?? `bench/results/${stamp}-${db}-${options.people}.json`;
  return { dbs, options, out, childOut: values['child-out'] };
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    process.exitCode = 2;
    return;
  }
  const { dbs, options, out, childOut } = parsed;
  if (childOut) {
    const [db] = dbs;
    if (dbs.length !== 1 || !db) throw new Error('--child-out runs one database');
    const run = await runSuite(db, options);
    if (!interrupted()) writeFileSync(childOut, JSON.stringify(run));
    return;
  }
  // Pure CPU, so measured first, while the machine is quiet.
  console.error('measuring special category recognition');
  const specialCategory = measureSpecialCategory();
  const runs: RunFigures[] = [];
  // One database at a time, so each run has the machine to itself; with more than one, each in a
  // process of its own, so that one run's memory and JIT state do not leak into the next's figures.
  try {
    for (const db of dbs) runs.push(dbs.length > 1 ? await runInChild(db, options) : await runSuite(db, options));
  } catch (error) {
    if (!(error instanceof Interrupted)) throw error;
    console.error('Interrupted: no figures written.');
    process.exit(130);
  }
  // Ctrl-C during a run: the signal handler is dropping the databases and will exit; write nothing.
  if (interrupted()) return;
  const report = { ...buildReport(options, dbs, runs), specialCategory };
  process.stdout.write(renderTable(report));
  process.stdout.write(renderSpecialCategory(specialCategory));
  writeJson(out, report);
  console.log(`Figures written to ${out}`);
  if (!report.ok) process.exitCode = 1;
}

await main();
