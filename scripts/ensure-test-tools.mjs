// `npm test` (and .ci/run): makes sure the programs the tests drive are on the machine. Debian's
// chromium for the browser tests and Debian's dovecot for the mailbox tests are not npm packages;
// as root with apt-get at hand this installs them and says why, otherwise it stops at once with
// the one command to run. Plain Node, so it runs before anything is installed or built.
//
// The tests point it at a folder of stand-in programs: POSTBAG_TOOLS_ROOT replaces `/` in the
// programs' paths, PATH is where apt-get is looked for, and POSTBAG_TOOLS_UID stands in for the uid.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const tools = [
  { program: '/usr/bin/chromium', packages: ['chromium', 'fonts-liberation'], why: "the browser tests drive Debian's Chromium" },
  { program: '/usr/sbin/dovecot', packages: ['dovecot-imapd'], why: "the mailbox tests start Debian's dovecot IMAP server" },
];

/**
 * What to do, from the facts alone: `missing` (the tools whose program is not there), `uid` and
 * `aptGet` (its path, or undefined when there is none).
 */
function decide({ missing, uid, aptGet }) {
  if (missing.length === 0) return { action: 'none' };
  const packages = missing.flatMap((t) => t.packages);
  if (uid === 0 && aptGet) {
    return { action: 'install', aptGet, packages, say: `npm test: installing ${missing.map((t) => `${t.packages.join(' ')} (${t.why})`).join(' and ')} with apt-get...` };
  }
  const install = `${uid === 0 ? '' : 'sudo '}apt-get install -y ${packages.join(' ')}`;
  const needs = missing.map((t) => t.program).join(' and ');
  return {
    action: 'stop',
    say: aptGet
      ? `npm test needs ${needs}: run \`${install}\`, then npm test again.`
      : `npm test needs ${needs}, from Debian's packages (${install}); this machine has no apt-get, so install them by hand, then run npm test again.`,
  };
}

const executable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

function facts(env) {
  const root = env.POSTBAG_TOOLS_ROOT ?? '/';
  return {
    missing: tools.filter((t) => !executable(join(root, t.program))).map((t) => ({ ...t, program: join(root, t.program) })),
    uid: env.POSTBAG_TOOLS_UID === undefined ? process.getuid?.() : Number(env.POSTBAG_TOOLS_UID),
    aptGet: (env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'apt-get')).find(executable),
  };
}

/** Returns the exit status: 0 when every tool is there (installed now or before). */
function ensureTestTools(env) {
  const decision = decide(facts(env));
  if (decision.action === 'none') return 0;
  if (decision.action === 'stop') {
    console.error(decision.say);
    return 1;
  }
  console.log(decision.say);
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', ...decision.packages]]) {
    const result = spawnSync(decision.aptGet, args, { stdio: ['ignore', 'ignore', 'inherit'], env: aptEnv });
    if (result.status !== 0) {
      console.error(`npm test: \`apt-get ${args.join(' ')}\` failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}); the tests cannot run without ${decision.packages.join(' ')}.`);
      return 1;
    }
  }
  const still = facts(env).missing;
  if (still.length > 0) {
    console.error(`npm test: apt-get installed ${decision.packages.join(' ')}, but ${still.map((t) => t.program).join(' and ')} is still missing.`);
    return 1;
  }
  return 0;
}

process.exitCode = ensureTestTools(process.env);
