import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finished, type Run } from './support/run.js';

/**
 * The step `npm test` takes first, run as npm runs it, against a temporary folder that stands in
 * for the machine: programs are stand-in executables under it, and the stand-in apt-get records
 * each call (with DEBIAN_FRONTEND) and "installs" by creating the stand-in programs.
 */
const script = join(import.meta.dirname, '..', 'scripts', 'ensure-test-tools.mjs');
let machine: string;
let bin: string;

beforeEach(() => {
  machine = mkdtempSync(join(tmpdir(), 'postbag-tools-'));
  bin = join(machine, 'bin');
  mkdirSync(bin);
});
afterEach(() => rmSync(machine, { recursive: true, force: true }));

function program(path: string, body = '') {
  const file = join(machine, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `#!${process.execPath}\n${body}\n`);
  chmodSync(file, 0o755);
}

const aptLog = () => (existsSync(join(machine, 'apt.log')) ? readFileSync(join(machine, 'apt.log'), 'utf8').trim().split('\n') : []);

/** apt-get that records its arguments and, for `install`, puts each package's program in place (or fails with `status`). */
function standInAptGet(status = 0) {
  const programs = { chromium: '/usr/bin/chromium', 'dovecot-imapd': '/usr/sbin/dovecot' };
  program(
    'bin/apt-get',
    `const fs = require('node:fs'), path = require('node:path');
    const args = process.argv.slice(2);
    fs.appendFileSync(${JSON.stringify(join(machine, 'apt.log'))}, process.env.DEBIAN_FRONTEND + ': ' + args.join(' ') + '\\n');
    if (${status}) process.exit(${status});
    const programs = ${JSON.stringify(programs)};
    for (const p of args.filter((a) => programs[a])) {
      const file = path.join(${JSON.stringify(machine)}, programs[p]);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, '');
      fs.chmodSync(file, 0o755);
    }`,
  );
}

function ensure(uid: number, path = bin): Promise<Run> {
  return finished(spawn(process.execPath, [script], { env: { PATH: path, POSTBAG_TOOLS_ROOT: machine, POSTBAG_TOOLS_UID: String(uid) } }));
}

describe('npm test: the programs the tests drive', () => {
  it('goes on without a word when chromium and dovecot are there', async () => {
    program('usr/bin/chromium');
    program('usr/sbin/dovecot');
    standInAptGet();
    expect(await ensure(0)).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(aptLog()).toEqual([]);
  });

  it('as root with apt-get, installs what is missing, says what and why, and goes on', async () => {
    program('usr/sbin/dovecot');
    standInAptGet();
    const result = await ensure(0);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("npm test: installing chromium fonts-liberation (the browser tests drive Debian's Chromium) with apt-get...\n");
    expect(result.stderr).toBe('');
    expect(aptLog()).toEqual(['noninteractive: update -qq', 'noninteractive: install -y -qq chromium fonts-liberation']);
  });

  it('installs both when both are missing', async () => {
    standInAptGet();
    const result = await ensure(0);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/installing chromium fonts-liberation \(.*\) and dovecot-imapd \(the mailbox tests start Debian's dovecot IMAP server\)/);
    expect(aptLog()).toEqual(['noninteractive: update -qq', 'noninteractive: install -y -qq chromium fonts-liberation dovecot-imapd']);
    expect(existsSync(join(machine, 'usr/sbin/dovecot'))).toBe(true);
  });

  it('not as root, stops at once with one line naming the command to run', async () => {
    program('usr/bin/chromium');
    standInAptGet();
    const result = await ensure(1000);
    expect(result).toEqual({
      status: 1,
      stdout: '',
      stderr: `npm test needs ${join(machine, 'usr/sbin/dovecot')}: run \`sudo apt-get install -y dovecot-imapd\`, then npm test again.\n`,
    });
    expect(aptLog()).toEqual([]);
  });

  it('without apt-get, stops at once with one line saying what to install', async () => {
    const result = await ensure(0, join(machine, 'no-such-dir'));
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      `npm test needs ${join(machine, 'usr/bin/chromium')} and ${join(machine, 'usr/sbin/dovecot')}, from Debian's packages (apt-get install -y chromium fonts-liberation dovecot-imapd); this machine has no apt-get, so install them by hand, then run npm test again.`,
    ]);
  });

  it('stops when apt-get fails, naming the call that failed', async () => {
    program('usr/sbin/dovecot');
    standInAptGet(100);
    const result = await ensure(0);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('npm test: `apt-get update -qq` failed (exit 100); the tests cannot run without chromium fonts-liberation.\n');
    expect(aptLog()).toEqual(['noninteractive: update -qq']);
  });

  it('counts a program that is there but not executable as missing', async () => {
    program('usr/sbin/dovecot');
    program('usr/bin/chromium');
    chmodSync(join(machine, 'usr/bin/chromium'), 0o644);
    standInAptGet();
    const result = await ensure(1000);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/needs .*usr\/bin\/chromium: run `sudo apt-get install -y chromium fonts-liberation`/);
  });
});
