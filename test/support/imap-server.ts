import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, type Server, type Socket, connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

/**
 * A real IMAP server for tests: Debian's dovecot (package dovecot-imapd) on 127.0.0.1, with a
 * config of its own in a temp dir: one user in a passwd file, a Maildir, plaintext sign-in
 * (loopback only, no TLS), logs in the temp dir. A missing dovecot fails the test; nothing skips.
 */

const DOVECOT = '/usr/sbin/dovecot';
// Dovecot refuses to run its login and mail processes as root: under root they run as nobody.
const NOBODY = 65534;

export interface ImapTestServer {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Delivers a message with IMAP APPEND; returns its UID. */
  deliver(raw: string | Buffer, folder?: string): Promise<number>;
  /** Delivers many messages over one connection. */
  deliverAll(raws: readonly (string | Buffer)[], folder?: string): Promise<void>;
  /** A signed-in client, for arranging what a test needs (folders, flags). The caller logs out. */
  client(): Promise<ImapFlow>;
  /** The server's log, to explain a failure. */
  log(): string;
  stop(): Promise<void>;
}

export async function startImapServer(): Promise<ImapTestServer> {
  if (!existsSync(DOVECOT)) {
    throw new Error(`The IMAP tests need dovecot at ${DOVECOT}: install it (apt-get install dovecot-imapd).`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'postbag-imap-'));
  const root = process.getuid?.() === 0;
  const me = userInfo();
  const mailUid = root ? NOBODY : me.uid;
  const mailGid = root ? NOBODY : me.gid;
  // Under root the login processes (as nobody) must reach base_dir/login inside the temp dir.
  if (root) chmodSync(dir, 0o755);
  const mail = join(dir, 'mail');
  mkdirSync(mail);
  if (root) chownSync(mail, mailUid, mailGid);
  const user = 'office';
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}::::::\n`);
  const port = await freePort();
  const logFile = join(dir, 'dovecot.log');
  const internalUser = root ? 'nobody' : me.username;
  const internalGroup = root ? 'nogroup' : execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
  const config = join(dir, 'dovecot.conf');
  writeFileSync(
    config,
    `base_dir = ${dir}/run
state_dir = ${dir}/state
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
log_path = ${logFile}
info_log_path = ${logFile}
default_internal_user = ${internalUser}
default_internal_group = ${internalGroup}
default_login_user = ${internalUser}
first_valid_uid = 1
mail_location = maildir:${mail}/%u
mail_fsync = never
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${mailUid} gid=${mailGid} home=${mail}/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service anvil {
  chroot =
}
`,
  );
  const child = spawn(DOVECOT, ['-F', '-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const log = () => `${output}${existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''}`;
  const stop = async () => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, child, log);
  } catch (error) {
    await stop();
    throw error;
  }

  const client = async () => {
    const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false });
    await c.connect();
    return c;
  };
  const deliverAll = async (raws: readonly (string | Buffer)[], folder = 'INBOX') => {
    const c = await client();
    try {
      for (const raw of raws) await c.append(folder, raw);
    } finally {
      await c.logout();
    }
  };
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    client,
    deliverAll,
    async deliver(raw, folder = 'INBOX') {
      const c = await client();
      try {
        const appended = await c.append(folder, raw);
        if (!appended || appended.uid === undefined) throw new Error('dovecot did not report the UID of the delivered message');
        return appended.uid;
      } finally {
        await c.logout();
      }
    },
    log,
    stop,
  };
}

/**
 * A TCP proxy in front of a server that cuts the connection (both ways) once `cutAfterBytes`
 * have come back from the server, on the connections numbered in `connections` (0 is the first);
 * the others pass untouched.
 * It stands in for a mail server that drops the connection mid-fetch.
 */
export async function startCuttingProxy(target: { host: string; port: number }, options: { cutAfterBytes: number; connections: readonly number[] }): Promise<{ port: number; cutsMade(): number; stop(): Promise<void> }> {
  let cutsMade = 0;
  let connections = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((downstream) => {
    const cut = options.connections.includes(connections++);
    const upstream = connect(target.port, target.host);
    for (const s of [downstream, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    let passed = 0;
    downstream.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      if (cut && passed + chunk.length >= options.cutAfterBytes) {
        downstream.write(chunk.subarray(0, Math.max(0, options.cutAfterBytes - passed)));
        cutsMade++;
        downstream.destroy();
        upstream.destroy();
        return;
      }
      passed += chunk.length;
      downstream.write(chunk);
    });
    upstream.on('end', () => downstream.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cutsMade: () => cutsMade,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Until dovecot accepts connections or exits, however long a busy machine takes. */
async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`dovecot exited at start (${child.exitCode ?? child.signalCode}):\n${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Stops dovecot and waits for it (and its pid file) to go, so that a later start is not refused. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
