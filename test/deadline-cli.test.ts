import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import type { DB } from '../src/db/schema.js';
import { createTestDatabases, postgresEnv, type TestDatabases } from './support/database.js';
import { finished, type Run } from './support/run.js';
import { changedTables, tableContents } from './support/unchanged.js';

/**
 * `postbag deadline` and `postbag holidays import` as an operator runs them: the built command
 * (dist/, so `npm run build` first), each run a separate process. Without a database the shipped
 * holidays decide; with one, the imported holidays laid over them.
 */
const root = join(import.meta.dirname, '..');
const command = join(root, 'bin', 'postbag.mjs');
const dir = mkdtempSync(join(tmpdir(), 'postbag-deadline-'));
const hangs = { timeout: 10 * 60_000 };
const running = new Set<ChildProcess>();

function postbag(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const child = spawn(process.execPath, [command, ...args], { cwd: root, env });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return finished(child);
}

const noDatabase = join(dir, 'no-database');
const bare = { PATH: process.env.PATH, POSTBAG_LOG_LEVEL: 'silent', POSTBAG_DATA_DIR: noDatabase };
const deadline = (args: string[], env: NodeJS.ProcessEnv = bare) => postbag(['deadline', ...args], env);

/** The due date printed, failing with what the command said if it printed anything else. */
async function dueDate(args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const run = await deadline(args, env);
  expect({ status: run.status, stderr: run.stderr }, `postbag deadline ${args.join(' ')}`).toEqual({ status: 0, stderr: '' });
  expect(run.stdout).toMatch(/^\d{4}-\d{2}-\d{2}\n$/);
  return run.stdout.trim();
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'main.js'))) {
    throw new Error('test/deadline-cli.test.ts runs the built command, and dist/ is missing: run `npm run build` first (`npm test` does).');
  }
});
afterAll(() => {
  for (const child of running) child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('postbag deadline, with the shipped bank holidays', hangs, () => {
  // [received, further options, due]: each worked example of ../shared/uk-rules.md, then our own.
  const cases: [string, string[], string, string][] = [
    ['2025-09-03', [], '2025-10-03', 'uk-rules: the corresponding date'],
    ['2024-11-25', [], '2024-12-27', 'uk-rules: 25 and 26 December are bank holidays'],
    ['2025-01-31', [], '2025-02-28', 'uk-rules: no 31 February'],
    ['2026-03-31', [], '2026-04-30', 'uk-rules: no 31 April'],
    ['2025-09-03', ['--extended'], '2025-12-03', 'uk-rules: extended to three months'],
    ['2025-09-03', ['--id-received', '2025-09-10'], '2025-10-10', 'uk-rules: the clock starts when identity arrives'],
    ['2025-09-03', ['--clarification', '2025-09-10:2025-09-15'], '2025-10-08', 'five days stopped for clarification'],
    ['2025-09-03', ['--clarification', '2025-09-04:2025-09-06', '--clarification', '2025-09-20:2025-09-21'], '2025-10-06', 'two clarifications'],
    ['2025-09-03', ['--id-received', '2025-09-10', '--clarification', '2025-09-12:2025-09-15', '--extended'], '2025-12-15', 'all at once'],
    // Leap years.
    ['2024-01-31', [], '2024-02-29', 'to a leap day'],
    ['2024-01-29', [], '2024-02-29', 'to a leap day on its own date'],
    ['2024-02-29', [], '2024-04-02', 'from a leap day: 29 March is Good Friday, then a weekend and Easter Monday'],
    ['2024-02-29', ['--nation', 'scotland'], '2024-04-01', 'from a leap day in Scotland, where Easter Monday is a working day'],
    ['2024-02-29', ['--extended'], '2024-05-29', 'from a leap day, extended'],
    ['2023-11-30', ['--extended'], '2024-02-29', 'extended into a leap February'],
    ['2024-11-30', ['--extended'], '2025-02-28', 'extended into an ordinary February'],
    // Year ends.
    ['2025-12-01', [], '2026-01-02', 'New Year’s Day'],
    ['2025-12-01', ['--nation', 'scotland'], '2026-01-05', 'New Year’s Day and 2 January in Scotland, then a weekend'],
    ['2021-12-03', [], '2022-01-04', 'New Year’s Day on a Saturday: Monday 3 January instead'],
    ['2021-12-03', ['--nation', 'scotland'], '2022-01-05', 'Scotland: 3 and 4 January instead'],
    ['2022-11-27', [], '2022-12-28', 'Christmas Day on a Sunday: Tuesday 27 December instead'],
    ['2024-12-31', [], '2025-01-31', 'over the year end'],
    // Each nation's own days.
    ['2025-10-30', ['--nation', 'scotland'], '2025-12-02', 'St Andrew’s Day on a Sunday: Monday 1 December instead'],
    ['2025-10-30', [], '2025-12-01', 'not a holiday in England'],
    ['2025-06-12', ['--nation', 'northern-ireland'], '2025-07-15', 'the Boyne on a Saturday: Monday 14 July instead'],
    ['2025-06-12', [], '2025-07-14', 'an ordinary Monday in England'],
    ['2026-02-17', ['--nation', 'northern-ireland'], '2026-03-18', 'St Patrick’s Day'],
    ['2026-02-17', ['--nation', 'scotland'], '2026-03-17', 'not a holiday in Scotland'],
    ['2022-08-19', [], '2022-09-20', 'the Queen’s state funeral'],
    ['2023-04-08', ['--nation', 'northern-ireland'], '2023-05-09', 'the coronation'],
    // Received on a bank holiday: the day still counts.
    ['2025-12-25', [], '2026-01-26', 'received on Christmas Day'],
    ['2025-05-26', [], '2025-06-26', 'received on the spring bank holiday'],
  ];

  it.each(cases)('received %s %j is due %s (%s)', async (received, options, due) => {
    expect(await dueDate(['--received', received, ...options])).toBe(due);
  });

  it('made no database to find the holidays in', () => {
    expect(existsSync(noDatabase) ? readdirSync(noDatabase) : []).toEqual([]);
  });

  it('refuses bad input on standard error, exiting non-zero and printing no date', async () => {
    const refusals: [string[], RegExp][] = [
      [['--received', '2025-02-29'], /'2025-02-29' is invalid\. is not a real date: February 2025 has 28 days/],
      [['--received', '3/9/2025'], /'3\/9\/2025' is invalid\. must be a date written YYYY-MM-DD/],
      [[], /required option '--received <date>' not specified/],
      [['--received', '2025-09-03', '--nation', 'wales'], /'wales' is invalid\. Allowed choices are england-and-wales, scotland, northern-ireland/],
      [['--received', '2025-09-03', '--clarification', '2025-09-10:2025-09-05'], /A clarification cannot end before it starts: asked for on 2025-09-10, answered on 2025-09-05/],
      [['--received', '2025-09-03', '--clarification', '2025-09-10'], /must be two dates, asked:answered/],
      [['--received', '2025-09-03', '--id-received', '2025-09-01'], /Proof of identity received on 2025-09-01 cannot come before the request itself \(2025-09-03\)/],
      [['--received', '2030-12-20'], /There are no bank holidays for england-and-wales in 2031: import that year/],
    ];
    for (const [args, message] of refusals) {
      const run = await deadline(args);
      expect(run.status, args.join(' ')).not.toBe(0);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe('');
    }
  });
});

describe('postbag holidays import, then deadline with the database', hangs, () => {
  let targets: TestDatabases;
  let env: NodeJS.ProcessEnv;
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const contents = async () => {
    const d = await openDatabase<DB>(targets.main);
    try {
      return await tableContents({ main: d.db });
    } finally {
      await d.close();
    }
  };

  beforeAll(async () => {
    const withDatabase = join(dir, 'with-database');
    targets = await createTestDatabases(withDatabase, { migrated: true });
    env = { ...bare, ...(postgresEnv(targets) ?? { POSTBAG_DATA_DIR: withDatabase }) };
  }, hangs.timeout);
  afterAll(() => targets?.drop());

  it("lays an imported year over the shipped one: a new day in 2026 moves a deadline, a year beyond 2030 becomes known, another nation's days stay", async () => {
    expect(await dueDate(['--received', '2026-05-15'], env)).toBe('2026-06-15');
    const events = [
      { title: 'New Year’s Day', date: '2026-01-01', notes: '', bunting: true },
      { title: 'A day declared later', date: '2026-06-15', notes: '', bunting: true },
      { title: 'New Year’s Day', date: '2031-01-01', notes: '', bunting: true },
    ];
    const imported = await postbag(['holidays', 'import', file('later.json', { 'england-and-wales': { division: 'england-and-wales', events } })], env);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toBe('england-and-wales: 3 bank holidays for 2026, 2031, replacing what Postbag had for those years.\n');

    expect(await dueDate(['--received', '2026-05-15'], env)).toBe('2026-06-16');
    // The file's 2026 replaced every shipped day of that year: Christmas 2026 is no longer known.
    expect(await dueDate(['--received', '2026-11-25'], env)).toBe('2026-12-25');
    expect(await dueDate(['--received', '2030-12-01'], env)).toBe('2031-01-02');
    expect(await dueDate(['--received', '2026-05-15', '--nation', 'scotland'], env)).toBe('2026-06-15');
    // The shipped data alone, without the database, is untouched.
    expect(await dueDate(['--received', '2026-05-15'])).toBe('2026-06-15');

    // The government's file for the same year replaces the import before it.
    const again = await postbag(['holidays', 'import', file('again.json', { 'england-and-wales': { division: 'england-and-wales', events: [events[0]] } })], env);
    expect(again.status).toBe(0);
    expect(await dueDate(['--received', '2026-05-15'], env)).toBe('2026-06-15');
  });

  it('refuses a file of the wrong shape, naming what is wrong, and changes nothing', async () => {
    const before = await contents();
    const refusals: [string, RegExp][] = [
      [file('not-json.json', '{"england-and-wales": {'), /it is not JSON/],
      [file('wrong-key.json', { england: { division: 'england', events: [] } }), /the file has unknown field\(s\) "england"; check the spelling/],
      [
        file('bad-date.json', { scotland: { division: 'scotland', events: [{ title: 'St Andrew’s Day', date: '2027-11-31', notes: '', bunting: true }] } }),
        /scotland\.events\.0\.date is not a real date: November 2027 has 30 days\. Nothing was changed\./,
      ],
      [file('no-title.json', { scotland: { division: 'scotland', events: [{ date: '2027-11-30', notes: '', bunting: true }] } }), /scotland\.events\.0\.title is required/],
      [join(dir, 'missing.json'), /Could not read .*missing\.json: ENOENT/],
    ];
    for (const [path, message] of refusals) {
      const run = await postbag(['holidays', 'import', path], env);
      expect(run.status, path).toBe(1);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe('');
    }
    expect(changedTables(before, await contents()), 'tables whose contents changed').toEqual([]);
  });
});

describe('on a database not migrated yet', hangs, () => {
  let targets: TestDatabases;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    const empty = join(dir, 'not-migrated');
    mkdirSync(empty, { recursive: true });
    targets = await createTestDatabases(empty);
    env = { ...bare, ...(postgresEnv(targets) ?? { POSTBAG_DATA_DIR: empty }) };
  }, hangs.timeout);
  afterAll(() => targets?.drop());

  it('both commands say to migrate first, rather than guess without the imported holidays', async () => {
    const path = join(dir, 'one-day.json');
    writeFileSync(path, JSON.stringify({ scotland: { division: 'scotland', events: [{ title: 'St Andrew’s Day', date: '2027-11-30', notes: '', bunting: true }] } }));
    for (const args of [['holidays', 'import', path], ['deadline', '--received', '2025-09-03']]) {
      const run = await postbag(args, env);
      expect(run.status, args.join(' ')).toBe(1);
      expect(run.stderr).toMatch(/This database has no bank holidays table yet: run `postbag migrate` first\./);
      expect(run.stdout).toBe('');
    }
  });
});
