import { mkdirSync, writeFileSync } from 'node:fs';
import type { SpecialCategoryFigures } from './measure/special-category.js';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { type HttpRun, LOAD_GENERATOR, type LoadFigures } from './measure/load.js';
import type { RunFigures, SuiteOptions } from './suite.js';

/*
 * The targets, and what they apply to. Most are set for PostgreSQL (the production server) and
 * PGlite runs are shown beside them without a mark; PGlite has its own for memory and for p99
 * under load. Zero non-2xx answers applies to every run.
 */
export const targets = {
  seedMillionSeconds: { limit: 60, text: '1,000,000 in < 60 s', appliesTo: 'postgres' },
  seedOverRaw: { limit: 2.5, text: '< 2.5× the raw COPY', appliesTo: 'postgres' },
  casesSeconds: { limit: 90, text: '300,000 in < 90 s', appliesTo: 'postgres' },
  mboxPerSecond: { limit: 200, text: '≥ 200 messages/s', appliesTo: 'postgres' },
  campaignSeconds: { limit: 10, text: '5,000 among 100,000 in < 10 s', appliesTo: 'postgres' },
  suppressionCheckMs: { limit: 1, text: '< 1 ms a recipient', appliesTo: 'all' },
  consentCountSeconds: { limit: 1, text: '< 1 s (75,000 of 1,000,000)', appliesTo: 'all' },
  newsletterPreviewSeconds: { limit: 1, text: '< 1 s', appliesTo: 'all' },
  newsletterRenderSeconds: { limit: 30, text: '< 30 s (audience and every copy)', appliesTo: 'all' },
  newsletterSendPerSecond: { limit: 200, text: '≥ 200 messages/s', appliesTo: 'all' },
  /** Each endpoint's own limits are in its LoadFigures.targets (see endpoints.ts). */
  non2xx: { limit: 0, text: '0 (else the run fails)', appliesTo: 'all' },
  /** The whole process, PGlite (both its databases) inside it; the load generator runs apart. */
  pglitePeakRss: { limit: 600 * 1_048_576, text: '< 600 MB (PGlite, 100,000 people)', appliesTo: 'pglite' },
} as const;

export interface Check {
  db: string;
  name: string;
  target: string;
  value: number;
  pass: boolean;
}

export interface Report {
  benchmark: 'postbag';
  /** Timings on a small shared machine are noisy: compare runs on one machine, not across machines. */
  note: string;
  date: string;
  machine: { cpus: number; cpuModel: string; totalMemoryBytes: number; node: string; platform: string; arch: string };
  loadGenerator: string;
  options: Omit<SuiteOptions, 'databaseUrl'> & { dbs: string[] };
  targets: typeof targets;
  runs: RunFigures[];
  /** The special category recogniser on its own, no database (measured once, before the runs). */
  specialCategory?: SpecialCategoryFigures;
  checks: Check[];
  /** Every run finished without errors, non-2xx answers or connection errors. Target misses do not change it. */
  ok: boolean;
}

export const NOTE =
  'Timings were taken on a noisy 2-core machine: Node (app + load generator) and PostgreSQL share the cores. Compare runs on one machine, not across machines.';

export function buildReport(options: SuiteOptions, dbs: string[], runs: RunFigures[]): Report {
  const { databaseUrl: _hidden, ...shown } = options;
  const cpu = cpus();
  return {
    benchmark: 'postbag',
    note: NOTE,
    date: new Date().toISOString(),
    machine: { cpus: cpu.length, cpuModel: cpu[0]?.model.trim() ?? 'unknown', totalMemoryBytes: totalmem(), node: process.version, platform: process.platform, arch: process.arch },
    loadGenerator: LOAD_GENERATOR,
    options: { ...shown, dbs },
    targets,
    runs,
    checks: runs.flatMap(checksFor),
    ok: runs.every((r) => r.ok),
  };
}

function checksFor(run: RunFigures): Check[] {
  const checks: Check[] = [];
  const applies = (appliesTo: string) => appliesTo === 'all' || appliesTo === run.db;
  if (run.seeding && applies(targets.seedMillionSeconds.appliesTo)) {
    const value = run.seeding.projectedMillionSeconds;
    checks.push({ db: run.db, name: 'seed 1,000,000 people', target: targets.seedMillionSeconds.text, value, pass: value < targets.seedMillionSeconds.limit });
  }
  if (run.campaign && applies(targets.campaignSeconds.appliesTo)) {
    const value = run.campaign.groupingSeconds;
    checks.push({ db: run.db, name: `group ${run.campaign.campaign} campaign messages among ${run.campaign.among}`, target: targets.campaignSeconds.text, value, pass: value < targets.campaignSeconds.limit });
  }
  if (run.consent && applies(targets.suppressionCheckMs.appliesTo)) {
    const value = run.consent.suppressionInOneTransactionMs;
    checks.push({ db: run.db, name: 'suppression check per recipient, 1,000 in a transaction (ms)', target: targets.suppressionCheckMs.text, value, pass: value < targets.suppressionCheckMs.limit });
  }
  if (run.consent && applies(targets.consentCountSeconds.appliesTo)) {
    const value = run.consent.count.p50Ms / 1000;
    checks.push({ db: run.db, name: `count ${run.consent.current} people with current consent (s)`, target: targets.consentCountSeconds.text, value, pass: value < targets.consentCountSeconds.limit });
  }
  if (run.newsletter) {
    const n = run.newsletter;
    checks.push({ db: run.db, name: `newsletter preview among ${n.people} people`, target: targets.newsletterPreviewSeconds.text, value: n.previewSeconds, pass: n.previewSeconds < targets.newsletterPreviewSeconds.limit });
    const rendering = n.fixSeconds + n.renderSeconds;
    checks.push({ db: run.db, name: `newsletter audience and ${n.recipients} copies rendered`, target: targets.newsletterRenderSeconds.text, value: rendering, pass: rendering < targets.newsletterRenderSeconds.limit });
    checks.push({ db: run.db, name: `newsletter sent to ${n.sent}`, target: targets.newsletterSendPerSecond.text, value: n.sentPerSecond, pass: n.sentPerSecond >= targets.newsletterSendPerSecond.limit });
  }
  if (run.seeding && applies(targets.seedOverRaw.appliesTo)) {
    const value = run.seeding.seedOverRaw;
    checks.push({ db: run.db, name: 'seed time / raw COPY time', target: targets.seedOverRaw.text, value, pass: value < targets.seedOverRaw.limit });
  }
  if (run.caseSeeding && applies(targets.casesSeconds.appliesTo)) {
    const value = run.caseSeeding.projected300kSeconds;
    checks.push({ db: run.db, name: 'seed 300,000 cases', target: targets.casesSeconds.text, value, pass: value < targets.casesSeconds.limit });
  }
  if (run.mail && applies(targets.mboxPerSecond.appliesTo)) {
    const value = run.mail.messagesPerSecond;
    checks.push({ db: run.db, name: `mbox import of ${run.mail.imported} messages`, target: targets.mboxPerSecond.text, value, pass: value >= targets.mboxPerSecond.limit });
  }
  const peak = peakRss(run);
  if (peak !== undefined && applies(targets.pglitePeakRss.appliesTo)) {
    checks.push({ db: run.db, name: 'peak memory of the process (RSS)', target: targets.pglitePeakRss.text, value: peak / 1_048_576, pass: peak < targets.pglitePeakRss.limit });
  }
  for (const load of run.load) {
    for (const check of loadChecks(load, run.db)) {
      checks.push({ db: run.db, name: `${load.name} ${figureName[check.figure]}`, target: check.text, value: check.value, pass: check.pass });
    }
    const non2xx = load.oneClient.non2xx + load.loaded.non2xx;
    checks.push({ db: run.db, name: `${load.name} non-2xx`, target: targets.non2xx.text, value: non2xx, pass: non2xx === 0 });
  }
  return checks;
}

const peakRss = (run: RunFigures) => (run.memory.length ? Math.max(...run.memory.map((m) => m.rssBytes)) : undefined);

type LoadFigure = 'oneClient' | 'loaded' | 'ratio';
const figureName: Record<LoadFigure, string> = { oneClient: 'p99, 1 client', loaded: 'p99 under load', ratio: 'app / bare SQL req/s' };

interface LoadCheck {
  figure: LoadFigure;
  text: string;
  value: number;
  pass: boolean;
}

/** The endpoint's targets that apply to a run on `db`. */
function loadChecks(load: LoadFigures, db: string): LoadCheck[] {
  const t = load.targets;
  const p99 = (figure: LoadFigure, limit: number, run: HttpRun): LoadCheck => ({
    figure,
    text: `p99 < ${limit} ms at ${run.connections} conn.`,
    value: run.latencyMs.p99,
    // A run that answered nothing has no latency to meet a target with.
    pass: run.requests > 0 && run.latencyMs.p99 < limit,
  });
  const checks: LoadCheck[] = [];
  if (db === 'postgres') {
    if (t.oneClientP99Ms !== undefined) checks.push(p99('oneClient', t.oneClientP99Ms, load.oneClient));
    if (t.p99Ms !== undefined) checks.push(p99('loaded', t.p99Ms, load.loaded));
    if (t.bareRatio !== undefined && load.bareRatio !== undefined) {
      checks.push({ figure: 'ratio', text: `≥ ${t.bareRatio} at ${load.loaded.connections} conn.`, value: load.bareRatio, pass: load.bareRatio >= t.bareRatio });
    }
  }
  if (db === 'pglite' && t.pgliteP99Ms !== undefined) checks.push(p99('loaded', t.pgliteP99Ms, load.loaded));
  return checks;
}

/** The target column of a load figure's row: each database's limit, named. */
function loadTargetText(load: LoadFigures | undefined, figure: LoadFigure): string | undefined {
  if (!load) return undefined;
  const texts = [
    ...loadChecks(load, 'postgres').filter((c) => c.figure === figure).map((c) => `${c.text} (PostgreSQL)`),
    ...loadChecks(load, 'pglite').filter((c) => c.figure === figure).map((c) => `${c.text.replace(/ at .*/, '')} (PGlite, 100,000 people)`),
  ];
  return texts.length ? texts.join('; ') : undefined;
}

export function writeJson(path: string, report: Report): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}

// ---- the plain-text table ----

const int = (n: number) => Math.round(n).toLocaleString('en-GB');
const fixed = (n: number, digits: number) => n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mb = (bytes: number) => `${fixed(bytes / 1_048_576, 0)} MB`;
const mark = (pass: boolean) => (pass ? 'met' : 'MISSED');

type Cell = (run: RunFigures) => string | undefined;
interface Row {
  label: string;
  cell?: Cell;
  target?: string;
}

/** A cell with its target's mark, when the target applies to this run's database. */
function marked(value: string, pass: boolean, appliesTo: string, run: RunFigures): string {
  return appliesTo === 'all' || appliesTo === run.db ? `${value}  ${mark(pass)}` : value;
}

function rows(report: Report): Row[] {
  const people = report.options.people;
  const million = people === 1_000_000;
  const phases = [...new Set(report.runs.flatMap((r) => r.memory.map((m) => m.phase)))];
  const loadNames = [...new Set(report.runs.flatMap((r) => r.load.map((l) => l.name)))];
  const load = (name: string, run: RunFigures) => run.load.find((l) => l.name === name);

  return [
    { label: 'Start: open + migrate, demo users', cell: (r) => r.openSeconds !== undefined ? `${fixed(r.openSeconds, 2)} s` : undefined },
    { label: `Seeding (${int(people)} people)` },
    { label: '  generate rows only (no writes)', cell: (r) => r.seeding && `${fixed(r.seeding.generate.seconds, 2)} s` },
    { label: '    rate', cell: (r) => r.seeding && `${int(r.seeding.generate.rowsPerSecond)} rows/s` },
    { label: '  seedPeople into persons', cell: (r) => r.seeding && `${fixed(r.seeding.seed.seconds, 2)} s` },
    { label: '    rate', cell: (r) => r.seeding && `${int(r.seeding.seed.peoplePerSecond)} people/s` },
    {
      label: million ? '  1,000,000 people (measured)' : '  1,000,000 people (projected)',
      cell: (r) =>
        r.seeding &&
        marked(`${fixed(r.seeding.projectedMillionSeconds, 1)} s`, r.seeding.projectedMillionSeconds < targets.seedMillionSeconds.limit, targets.seedMillionSeconds.appliesTo, r),
      target: targets.seedMillionSeconds.text,
    },
    { label: '  raw COPY, bare table', cell: (r) => r.seeding && `${fixed(r.seeding.rawCopy.seconds, 2)} s` },
    { label: '    rate', cell: (r) => r.seeding && `${int(r.seeding.rawCopy.rowsPerSecond)} rows/s` },
    {
      label: '  seed time / raw COPY time',
      cell: (r) => r.seeding && marked(`${fixed(r.seeding.seedOverRaw, 2)}×`, r.seeding.seedOverRaw < targets.seedOverRaw.limit, targets.seedOverRaw.appliesTo, r),
      target: targets.seedOverRaw.text,
    },
    { label: '  ANALYZE persons, contact_points', cell: (r) => r.seeding && `${fixed(r.seeding.analyzeSeconds, 2)} s` },
    { label: '  persons on disk (of it indexes)', cell: (r) => r.seeding && `${mb(r.seeding.personsBytes.total)} (${mb(r.seeding.personsBytes.indexes)})` },
    { label: `Cases (${int(report.options.cases)}), sealed, with search terms` },
    { label: '  seedCases', cell: (r) => r.caseSeeding && `${fixed(r.caseSeeding.seconds, 1)} s (${int(r.caseSeeding.casesPerSecond)} cases/s)` },
    {
      label: report.options.cases === 300_000 ? '  300,000 cases (measured)' : '  300,000 cases (projected)',
      cell: (r) =>
        r.caseSeeding &&
        marked(`${fixed(r.caseSeeding.projected300kSeconds, 1)} s`, r.caseSeeding.projected300kSeconds < targets.casesSeconds.limit, targets.casesSeconds.appliesTo, r),
      target: targets.casesSeconds.text,
    },
    { label: '  search-term rows', cell: (r) => r.caseSeeding && int(r.caseSeeding.searchTerms) },
    { label: `E-mail (mbox of ${int(report.options.mbox)}, then ${int(report.options.messages)} messages in all)` },
    {
      label: '  mbox import: match, thread, seal, store',
      cell: (r) =>
        r.mail && marked(`${fixed(r.mail.importSeconds, 1)} s (${int(r.mail.messagesPerSecond)} msg/s)`, r.mail.messagesPerSecond >= targets.mboxPerSecond.limit, targets.mboxPerSecond.appliesTo, r),
      target: targets.mboxPerSecond.text,
    },
    { label: '  of them filed on cases; mbox size', cell: (r) => r.mail && `${int(r.mail.filed)}; ${fixed(r.mail.mboxMegabytes, 1)} MB` },
    { label: '  seedMessages (the rest)', cell: (r) => r.mail && `${fixed(r.mail.seedSeconds, 1)} s` },
    { label: `Campaign mail (${int(report.options.campaign)} copies of one letter, four mail programs)` },
    {
      label: '  grouping (normalise, HMAC, join group)',
      cell: (r) =>
        r.campaign && marked(`${fixed(r.campaign.groupingSeconds, 1)} s among ${int(r.campaign.among)}`, r.campaign.groupingSeconds < targets.campaignSeconds.limit, targets.campaignSeconds.appliesTo, r),
      target: targets.campaignSeconds.text,
    },
    { label: '  the whole import (parse, seal, store, group)', cell: (r) => r.campaign && `${fixed(r.campaign.seconds, 1)} s (${int(r.campaign.messagesPerSecond)} msg/s)`, target: targets.mboxPerSecond.text },
    { label: '  groups formed; inbox / campaign page', cell: (r) => r.campaign && `${r.campaign.groups}; ${fixed(r.campaign.inboxMs, 0)} / ${fixed(r.campaign.campaignMs, 0)} ms` },
    { label: 'Consent (7.5% of people consenting to the newsletter; withdrawals, objections, bounces)' },
    {
      label: '  suppression check, a transaction per recipient, p50 / p99 (bare SELECT)',
      cell: (r) =>
        r.consent &&
        marked(
          `${fixed(r.consent.suppressionCheck.p50Ms, 2)} / ${fixed(r.consent.suppressionCheck.p99Ms, 2)} ms (${fixed(r.consent.suppressionCheckBare.p50Ms, 2)} / ${fixed(r.consent.suppressionCheckBare.p99Ms, 2)})`,
          r.consent.suppressionCheck.p50Ms < targets.suppressionCheckMs.limit,
          'none',
          r,
        ),
    },
    {
      label: '  the same, 1,000 in one transaction / in one query, per recipient',
      cell: (r) =>
        r.consent &&
        marked(
          `${fixed(r.consent.suppressionInOneTransactionMs, 3)} / ${fixed(r.consent.suppressionBatchedMs, 3)} ms (${r.consent.suppressedOfThousand} suppressed)`,
          r.consent.suppressionInOneTransactionMs < targets.suppressionCheckMs.limit,
          targets.suppressionCheckMs.appliesTo,
          r,
        ),
      target: targets.suppressionCheckMs.text,
    },
    { label: '  the whole marketing check per recipient, p50 / p99', cell: (r) => r.consent && `${fixed(r.consent.mayMarket.p50Ms, 2)} / ${fixed(r.consent.mayMarket.p99Ms, 2)} ms` },
    {
      label: '  people with current consent, counted (bare, no RLS)',
      cell: (r) =>
        r.consent &&
        marked(
          `${int(r.consent.current)}: ${fixed(r.consent.count.p50Ms, 0)} ms (${fixed(r.consent.countBare.p50Ms, 0)} ms)`,
          r.consent.count.p50Ms < targets.consentCountSeconds.limit * 1000,
          targets.consentCountSeconds.appliesTo,
          r,
        ),
      target: targets.consentCountSeconds.text,
    },
    { label: '  ledger seeded (COPY)', cell: (r) => r.consent && `${int(r.consent.events)} entries, ${int(r.consent.suppressed)} suppressed, ${fixed(r.consent.seedSeconds, 1)} s` },
    { label: 'Newsletter (7.5% of the people consent; withdrawals, objections, suppressions mixed in)' },
    {
      label: '  preview: who gets it, who is left out and why',
      cell: (r) => r.newsletter && marked(`${fixed(r.newsletter.previewSeconds, 2)} s, ${int(r.newsletter.recipients)} of ${int(r.newsletter.consenting)}`, r.newsletter.previewSeconds < targets.newsletterPreviewSeconds.limit, targets.newsletterPreviewSeconds.appliesTo, r),
      target: targets.newsletterPreviewSeconds.text,
    },
    {
      label: '  audience fixed + every copy rendered',
      cell: (r) => {
        const n = r.newsletter;
        return n && marked(`${fixed(n.fixSeconds, 1)} + ${fixed(n.renderSeconds, 1)} s`, n.fixSeconds + n.renderSeconds < targets.newsletterRenderSeconds.limit, targets.newsletterRenderSeconds.appliesTo, r);
      },
      target: targets.newsletterRenderSeconds.text,
    },
    {
      label: '  sent through the job runner to loopback SMTP',
      cell: (r) => r.newsletter && marked(`${int(r.newsletter.sent)} in ${fixed(r.newsletter.sendSeconds, 1)} s (${int(r.newsletter.sentPerSecond)}/s)`, r.newsletter.sentPerSecond >= targets.newsletterSendPerSecond.limit, targets.newsletterSendPerSecond.appliesTo, r),
      target: targets.newsletterSendPerSecond.text,
    },
    { label: `Sign-in (${report.options.signIns} sequential, inject)` },
    { label: '  p50 / p99 / mean', cell: (r) => r.signIn && `${fixed(r.signIn.p50Ms, 0)} / ${fixed(r.signIn.p99Ms, 0)} / ${fixed(r.signIn.meanMs, 0)} ms`, target: '≈100 ms (argon2id, by design)' },
    { label: '  of it argon2id verify (p50)', cell: (r) => r.signIn && `${fixed(r.signIn.verifyOnly.p50Ms, 0)} ms` },
    ...loadNames.flatMap((name): Row[] => {
      const first = report.runs.map((r) => load(name, r)).find((l) => l !== undefined);
      const ms = (n: number) => fixed(n, 1);
      const checked = (r: RunFigures, figure: LoadFigure, text: string) => {
        const check = loadChecks(load(name, r)!, r.db).find((c) => c.figure === figure);
        return check ? `${text}  ${mark(check.pass)}` : text;
      };
      const http = (pick: (l: LoadFigures) => HttpRun, figure: LoadFigure): Cell => (r) => {
        const l = load(name, r);
        if (!l) return undefined;
        const h = pick(l);
        return checked(r, figure, `${h.latencyMs.p50} / ${h.latencyMs.p99} ms, ${int(h.requestsPerSecond)}/s`);
      };
      const connections = first?.loaded.connections ?? report.options.connections;
      return [
        { label: name },
        { label: '  app, 1 client: p50 / p99, req/s', cell: http((l) => l.oneClient, 'oneClient'), target: loadTargetText(first, 'oneClient') },
        { label: `  app, ${connections} conn.: p50 / p99, req/s`, cell: http((l) => l.loaded, 'loaded'), target: loadTargetText(first, 'loaded') },
        { label: '  bare SQL, 1 client: p50 / p99', cell: (r) => { const b = load(name, r)?.bareSql; return b && `${ms(b.p50Ms)} / ${ms(b.p99Ms)} ms`; } },
        {
          label: `  bare SQL, ${connections} conn.: p50 / p99, req/s`,
          cell: (r) => { const b = load(name, r)?.bareLoaded; return b && `${ms(b.p50Ms)} / ${ms(b.p99Ms)} ms, ${int(b.requestsPerSecond)}/s`; },
        },
        {
          label: `  app / bare SQL req/s at ${connections} conn.`,
          cell: (r) => { const l = load(name, r); return l?.bareRatio === undefined ? undefined : checked(r, 'ratio', fixed(l.bareRatio, 2)); },
          target: loadTargetText(first, 'ratio'),
        },
        { label: '  round trips per request: app / bare', cell: (r) => { const l = load(name, r); return l && `${fixed(l.roundTrips, 1)} / ${l.bareRoundTrips ?? '-'}`; } },
        {
          label: '  main statement: planning / execution',
          cell: (r) => { const p = load(name, r)?.plan; return p && `${fixed(p.main.planningMs, 2)} / ${fixed(p.main.executionMs, 2)} ms`; },
        },
        {
          label: '  all its queries: planning / execution',
          cell: (r) => { const p = load(name, r)?.plan; return p && `${fixed(p.planningMs, 2)} / ${fixed(p.executionMs, 2)} ms (${p.statements})`; },
        },
        {
          label: '  non-2xx / errors / time-outs',
          cell: (r) => {
            const l = load(name, r);
            if (!l) return undefined;
            const sum = (pick: (h: HttpRun) => number) => pick(l.oneClient) + pick(l.loaded);
            return marked(`${sum((h) => h.non2xx)} / ${sum((h) => h.errors)} / ${sum((h) => h.timeouts)}`, l.ok, targets.non2xx.appliesTo, r);
          },
          target: targets.non2xx.text,
        },
      ];
    }),
    { label: 'Memory, this process: RSS / heap' },
    ...phases.map((phase): Row => ({
      label: `  ${phase}`,
      cell: (r) => {
        const m = r.memory.find((s) => s.phase === phase);
        return m && `${mb(m.rssBytes)} / ${mb(m.heapUsedBytes)}`;
      },
    })),
    {
      label: '  peak',
      cell: (r) => {
        const peak = peakRss(r);
        return peak === undefined ? undefined : marked(mb(peak), peak < targets.pglitePeakRss.limit, targets.pglitePeakRss.appliesTo, r);
      },
      target: targets.pglitePeakRss.text,
    },
    { label: 'Run', cell: (r) => `${r.ok ? 'ok' : 'FAILED'} in ${fixed(r.totalSeconds, 0)} s` },
  ];
}

export function renderTable(report: Report): string {
  const m = report.machine;
  const header = [
    `Postbag benchmark, ${report.date}`,
    `Machine: ${m.cpus} CPUs (${m.cpuModel}), ${fixed(m.totalMemoryBytes / 1024 ** 3, 1)} GiB, Node ${m.node}, ${m.platform} ${m.arch}`,
    `NOTE: ${report.note}`,
    `People: ${int(report.options.people)}. Load: ${report.loadGenerator}, ${report.options.connections} connections, ${report.options.warmupSeconds} s warm-up then ${report.options.durationSeconds} s; ` +
      'app latencies in whole ms. Bare SQL: the endpoint\'s statements through the pool requests use, in the same run. ' +
      'Round trips: statements sent, counted by wrapping node-postgres\'s Client.query in this process (no pg_stat_statements). ' +
      'Planning / execution: EXPLAIN (ANALYZE, SUMMARY) of each query in its own transaction, median of 5; the main statement is the slowest.',
    `Targets are for PostgreSQL unless they name PGlite; a figure without a mark has no target on that database.`,
    ...report.runs.map((r) => `${r.db}: ${r.serverVersion ? `PostgreSQL ${r.serverVersion}, ` : ''}${r.where ?? ''}`),
    '',
  ];
  const table = rows(report).map((row) => [row.label, ...report.runs.map((r) => (row.cell ? (row.cell(r) ?? '-') : '')), row.target ?? '']);
  const titles = ['Figure', ...report.runs.map((r) => r.db), 'Target'];
  const widths = titles.map((t, i) => Math.max(t.length, ...table.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const notes = report.runs.flatMap((r) => r.notes.map((n) => `${r.db}: ${n}`));
  const failures = report.runs.flatMap((r) => r.failures.map((f) => `${r.db}: ${f.split('\n')[0]}`));
  const missed = report.checks.filter((c) => !c.pass).map((c) => `${c.db}: ${c.name} = ${fixed(c.value, 2)} (target ${c.target})`);
  return [
    ...header,
    line(titles),
    line(widths.map((w) => '-'.repeat(w))),
    ...table.map(line),
    '',
    ...(notes.length ? ['Notes:', ...notes.map((n) => `  ${n}`)] : []),
    failures.length ? `RUN FAILED:\n${failures.map((f) => `  ${f}`).join('\n')}` : 'All runs completed with no errors and no non-2xx answers.',
    missed.length ? `Targets missed:\n${missed.map((f) => `  ${f}`).join('\n')}` : 'All targets that apply were met.',
    '',
  ].join('\n');
}
