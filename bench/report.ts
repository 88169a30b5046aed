import { mkdirSync, writeFileSync } from 'node:fs';
import type { SpecialCategoryFigures } from './measure/special-category.js';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';
import type { SuiteOptions } from './suite.js';
import type { RunFigures } from './suite.js';

/*
 * The targets, and what they apply to. They are set for PostgreSQL (the production server); PGlite
 * runs are shown beside them without a mark. Zero non-2xx answers applies to every run.
 */
export const targets = {
  seedMillionSeconds: { limit: 60, text: '1,000,000 in < 60 s', appliesTo: 'postgres' },
  seedOverRaw: { limit: 2.5, text: '< 2.5× the raw COPY', appliesTo: 'postgres' },
  casesSeconds: { limit: 90, text: '300,000 in < 90 s', appliesTo: 'postgres' },
  /** The whole process (app and both embedded databases) at its largest phase snapshot. */
  pgliteRssBytes: { limit: 600 * 1_048_576, text: 'RSS < 600 MB at 100,000 people', appliesTo: 'pglite' },
  mboxPerSecond: { limit: 200, text: '≥ 200 messages/s', appliesTo: 'postgres' },
  /** Each endpoint's p99 limit is its own (Endpoint.targetP99Ms); this says where it applies. */
  loadP99Ms: { appliesTo: 'postgres' },
  non2xx: { limit: 0, text: '0 (else the run fails)', appliesTo: 'all' },
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
  if (run.seeding && applies(targets.seedOverRaw.appliesTo)) {
    const value = run.seeding.seedOverRaw;
    checks.push({ db: run.db, name: 'seed time / raw COPY time', target: targets.seedOverRaw.text, value, pass: value < targets.seedOverRaw.limit });
  }
  if (run.caseSeeding && applies(targets.casesSeconds.appliesTo)) {
    const value = run.caseSeeding.projected300kSeconds;
    checks.push({ db: run.db, name: 'seed 300,000 cases', target: targets.casesSeconds.text, value, pass: value < targets.casesSeconds.limit });
  }
  const peakRss = Math.max(...run.memory.map((m) => m.rssBytes));
  if (run.people === 100_000 && applies(targets.pgliteRssBytes.appliesTo)) {
    checks.push({ db: run.db, name: 'largest RSS', target: targets.pgliteRssBytes.text, value: peakRss, pass: peakRss < targets.pgliteRssBytes.limit });
  }
  if (run.mail && applies(targets.mboxPerSecond.appliesTo)) {
    const value = run.mail.messagesPerSecond;
    checks.push({ db: run.db, name: `mbox import of ${run.mail.imported} messages`, target: targets.mboxPerSecond.text, value, pass: value >= targets.mboxPerSecond.limit });
  }
  for (const load of run.load) {
    if (load.targetP99Ms !== undefined && applies(targets.loadP99Ms.appliesTo)) {
      const value = load.latencyMs.p99;
      checks.push({ db: run.db, name: `${load.name} p99`, target: p99Text(load.targetP99Ms, load.connections), value, pass: value < load.targetP99Ms });
    }
    checks.push({ db: run.db, name: `${load.name} non-2xx`, target: targets.non2xx.text, value: load.non2xx, pass: load.non2xx === 0 });
  }
  return checks;
}

const p99Text = (ms: number, connections: number) => `p99 < ${ms} ms at ${connections} conn.`;

export function writeJson(path: string, report: Report): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}

// ---- the plain-text table ----

const int = (n: number) => Math.round(n).toLocaleString('en-GB');
const fixed = (n: number, digits: number) => n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mb = (bytes: number) => `${fixed(bytes / 1_048_576, 0)} MB`;
const mark = (pass: boolean) => (pass ? 'PASS' : 'FAIL');

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
    { label: `Sign-in (${report.options.signIns} sequential, inject)` },
    { label: '  p50 / p99 / mean', cell: (r) => r.signIn && `${fixed(r.signIn.p50Ms, 0)} / ${fixed(r.signIn.p99Ms, 0)} / ${fixed(r.signIn.meanMs, 0)} ms`, target: '≈100 ms (argon2id, by design)' },
    { label: '  of it argon2id verify (p50)', cell: (r) => r.signIn && `${fixed(r.signIn.verifyOnly.p50Ms, 0)} ms` },
    ...loadNames.flatMap((name): Row[] => [
      { label: `${name} (${report.runs.map((r) => load(name, r)?.connections).find((c) => c !== undefined) ?? report.options.connections} conn.)` },
      {
        label: '  latency p50 / p97.5 / p99',
        cell: (r) => {
          const l = load(name, r);
          const text = l && `${l.latencyMs.p50} / ${l.latencyMs.p97_5} / ${l.latencyMs.p99} ms`;
          return l && text && (l.targetP99Ms === undefined ? text : marked(text, l.latencyMs.p99 < l.targetP99Ms, targets.loadP99Ms.appliesTo, r));
        },
        target: (() => {
          const l = report.runs.map((r) => load(name, r)).find((x) => x?.targetP99Ms !== undefined);
          return l?.targetP99Ms === undefined ? undefined : p99Text(l.targetP99Ms, l.connections);
        })(),
      },
      {
        label: '  bare SQL p50 / p99 (1 client)',
        cell: (r) => {
          const b = load(name, r)?.bareSql;
          return b && `${fixed(b.p50Ms, 1)} / ${fixed(b.p99Ms, 1)} ms`;
        },
      },
      { label: '  latency mean / max', cell: (r) => load(name, r) && `${fixed(load(name, r)!.latencyMs.mean, 1)} / ${load(name, r)!.latencyMs.max} ms` },
      { label: '  requests/s (total)', cell: (r) => load(name, r) && `${int(load(name, r)!.requestsPerSecond)} (${int(load(name, r)!.requests)})` },
      {
        label: '  non-2xx / errors / time-outs',
        cell: (r) => {
          const l = load(name, r);
          return l && marked(`${l.non2xx} / ${l.errors} / ${l.timeouts}`, l.ok, targets.non2xx.appliesTo, r);
        },
        target: targets.non2xx.text,
      },
    ]),
    {
      label: 'Memory, this process: RSS / heap (largest RSS)',
      cell: (r) => {
        const peak = Math.max(...r.memory.map((m) => m.rssBytes));
        return r.people === 100_000 ? marked(mb(peak), peak < targets.pgliteRssBytes.limit, targets.pgliteRssBytes.appliesTo, r) : mb(peak);
      },
      target: targets.pgliteRssBytes.text,
    },
    ...phases.map((phase): Row => ({
      label: `  ${phase}`,
      cell: (r) => {
        const m = r.memory.find((s) => s.phase === phase);
        return m && `${mb(m.rssBytes)} / ${mb(m.heapUsedBytes)}`;
      },
    })),
    { label: 'Run', cell: (r) => `${r.ok ? 'ok' : 'FAILED'} in ${fixed(r.totalSeconds, 0)} s` },
  ];
}

export function renderTable(report: Report): string {
  const m = report.machine;
  const header = [
    `Postbag benchmark, ${report.date}`,
    `Machine: ${m.cpus} CPUs (${m.cpuModel}), ${fixed(m.totalMemoryBytes / 1024 ** 3, 1)} GiB, Node ${m.node}, ${m.platform} ${m.arch}`,
    `NOTE: ${report.note}`,
    `People: ${int(report.options.people)}. Load: autocannon, ${report.options.connections} connections, ${report.options.warmupSeconds} s warm-up then ${report.options.durationSeconds} s, ` +
      `${report.options.clientWorkers > 0 ? `client on ${report.options.clientWorkers} worker thread(s)` : 'client on the main thread'}; latencies in whole ms.`,
    `Targets are for PostgreSQL; PGlite figures are shown unmarked.`,
    ...report.runs.map((r) => `${r.db}: ${r.serverVersion ? `PostgreSQL ${r.serverVersion}, ` : ''}${r.where ?? ''}`),
    '',
  ];
  const table = rows(report).map((row) => [row.label, ...report.runs.map((r) => (row.cell ? (row.cell(r) ?? '-') : '')), row.target ?? '']);
  const titles = ['Figure', ...report.runs.map((r) => r.db), 'Target'];
  const widths = titles.map((t, i) => Math.max(t.length, ...table.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const notes = report.runs.flatMap((r) => r.notes.map((n) => `${r.db}: ${n}`));
  const failures = report.runs.flatMap((r) => r.failures.map((f) => `${r.db}: ${f.split('\n')[0]}`));
  const missed = report.checks.filter((c) => !c.pass).map((c) => `${c.db}: ${c.name} = ${fixed(c.value, 1)} (target ${c.target})`);
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
