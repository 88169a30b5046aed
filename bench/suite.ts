import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { DEMO_PASSWORD } from '../src/seed/demo.js';
import type { Postbag } from '../src/server.js';
import { benchEndpoints, MANAGER, signInManager } from './endpoints.js';
import { type CampaignFigures, measureCampaign } from './measure/campaign.js';
import { type ConsentFigures, measureConsent } from './measure/consent.js';
import { type CaseSeedingFigures, measureCaseSeeding } from './measure/cases.js';
import { type LoadFigures, type LoadOptions, measureLoad } from './measure/load.js';
import { type MailFigures, measureMail } from './measure/mail.js';
import { MemoryLog, type MemorySnapshot } from './measure/memory.js';
import { measureNewsletter, type NewsletterFigures } from './measure/newsletter.js';
import { measureSeeding, type SeedingFigures } from './measure/seeding.js';
import { measureSignIn, type SignInFigures } from './measure/sign-in.js';
import { type DbKind, prepareDatabases, startBenchApp } from './setup.js';

export interface SuiteOptions extends LoadOptions {
  people: number;
  cases: number;
  /** Messages in the office for the inbox page; the first `mbox` of them come through an mbox import. */
  messages: number;
  mbox: number;
  /** Copies of one campaign letter imported after the messages, grouped as they arrive (0: none). */
  campaign: number;
  /** A mailing sent to this many of the people who consent, after the audience of all of them is measured (0: none). */
  newsletter: number;
  databaseUrl: string;
  signIns: number;
  /** Load only the endpoints whose name contains this. */
  only?: string;
}

/** Every figure of one database kind; a phase that did not finish leaves its figure out. */
export interface RunFigures {
  db: DbKind;
  people: number;
  where?: string;
  serverVersion?: string;
  /** startPostbag (open and migrate both databases) plus the demo office with its users. */
  openSeconds?: number;
  seeding?: SeedingFigures;
  caseSeeding?: CaseSeedingFigures;
  mail?: MailFigures;
  campaign?: CampaignFigures;
  consent?: ConsentFigures;
  newsletter?: NewsletterFigures;
  signIn?: SignInFigures;
  load: LoadFigures[];
  memory: MemorySnapshot[];
  totalSeconds: number;
  /** What the reader should know about this run that is not a failure. */
  notes: string[];
  /** Why the run failed: an error, or a load run with non-2xx answers or connection errors. */
  failures: string[];
  ok: boolean;
}

export async function runSuite(db: DbKind, options: SuiteOptions): Promise<RunFigures> {
  const started = performance.now();
  const log = (message: string) => console.error(`[${db} ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);
  const memory = new MemoryLog();
  const after = (phase: string) => void memory.snap(phase);
  const run: RunFigures = { db, people: options.people, load: [], memory: memory.snapshots, totalSeconds: 0, notes: [], failures: [], ok: false };

  after('start');
  let postbag: Postbag | undefined;
  log('creating databases');
  const databases = await prepareDatabases(db, options.databaseUrl);
  run.where = databases.where;
  try {
    const startedApp = performance.now();
    const opened = await startBenchApp(databases.config);
    run.openSeconds = (performance.now() - startedApp) / 1000;
    postbag = opened.postbag;
    run.notes.push(...opened.notes);
    const version = await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(postbag.database.db);
    run.serverVersion = version.rows[0]?.v;
    after('opened');

    run.seeding = await measureSeeding(postbag.database, options.people, after, log);

    log(`${options.signIns} sequential sign-ins`);
    run.signIn = await measureSignIn(postbag.app, MANAGER, DEMO_PASSWORD, options.signIns);
    after('signed in');

    if (options.cases > 0) {
      run.caseSeeding = await measureCaseSeeding(postbag.database, postbag.keystore, options.cases, log);
      after('cases seeded');
    }

    const { session, manager } = await signInManager(postbag);
    if (options.messages > 0) {
      run.mail = await measureMail(postbag, manager, Math.min(options.mbox, options.messages), options.messages, log);
      after('mail imported and seeded');
    }
    if (options.campaign > 0) {
      run.campaign = await measureCampaign(postbag, manager, session.headers, options.campaign, log);
      after('campaign grouped');
    }
    if (options.people > 0) {
      run.consent = await measureConsent(postbag, options.people, log);
      after('consent measured');
    }
    // The mailing goes to the ledger measureConsent seeded.
    if (options.newsletter > 0 && run.consent) {
      run.newsletter = await measureNewsletter(postbag, manager, options.people, options.newsletter, log);
      after('newsletter measured');
    }

    const baseUrl = await postbag.app.listen({ host: '127.0.0.1', port: 0 });
    const endpoints = (await benchEndpoints(postbag, manager, options.people)).filter((e) => options.only === undefined || e.name.includes(options.only));
    for (const endpoint of endpoints) {
      log(`load: ${endpoint.name}, ${endpoint.connections ?? options.connections} connections, ${options.warmupSeconds} s warm-up + ${options.durationSeconds} s`);
      const figures = await measureLoad(baseUrl, endpoint, session.headers, options);
      run.load.push(figures);
      after(`load ${endpoint.name.replace(/^(GET|POST) \/api\/v1/, '')}`);
      for (const http of [figures.oneClient, figures.loaded]) {
        if (http.non2xx || http.errors || http.timeouts || !http.requests) {
          run.failures.push(`${endpoint.name}, ${http.connections} conn.: ${http.non2xx} non-2xx, ${http.errors} errors, ${http.timeouts} time-outs, ${http.requests} requests`);
        }
      }
    }
  } catch (error) {
    run.failures.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
    log(`failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    log('closing and dropping databases');
    try {
      await postbag?.close();
    } finally {
      await databases.drop();
    }
  }
  run.totalSeconds = (performance.now() - started) / 1000;
  run.ok = run.failures.length === 0;
  return run;
}
