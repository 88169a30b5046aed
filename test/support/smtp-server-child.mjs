/**
 * A real SMTP server (the smtp-server package) in its own process, for the outbound e-mail tests.
 * It listens on 127.0.0.1 at a free port and talks to the test as JSON lines:
 *
 *   stdout  {"event":"listening","port":N}
 *           {"event":"holding","stage":"before-data"|"after-data"}   waiting for "release"
 *           {"event":"accepted","raw":"<base64>"}                    replied 250 to the whole message
 *           {"event":"refused","code":550,"raw":"<base64>"}          replied with that code instead
 *   stdin   {"cmd":"plan","steps":[...]}   how to treat the next messages, one step each:
 *             {"reply":250|451|550|...}  reply so at the end of DATA (the default is 250)
 *             {"reply":550, "at":"rcpt"}  refuse the recipient (RCPT TO) so: no data is sent
 *             {"hold":"before-data"}      hold the recipient (RCPT TO) until released: nothing accepted
 *             {"hold":"after-data"}       hold the reply to a complete message until released, then 250
 *             {"hold":..., "ms":N}        the same, released by itself after N ms if not before
 *           {"cmd":"release"}              let held replies go
 */
import { createInterface } from 'node:readline';
import { SMTPServer } from 'smtp-server';

const say = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);
const steps = [];
let held = [];

function hold(stage, step, go) {
  let gone = false;
  const once = () => {
    if (gone) return;
    gone = true;
    go();
  };
  held.push(once);
  say({ event: 'holding', stage });
  if (step.ms !== undefined) setTimeout(once, step.ms);
}

const server = new SMTPServer({
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onMailFrom(_address, session, callback) {
    session.step = steps.shift() ?? { reply: 250 };
    callback();
  },
  onRcptTo(_address, session, callback) {
    const { step } = session;
    if (step.hold === 'before-data') hold('before-data', step, () => callback());
    else if (step.at === 'rcpt') {
      say({ event: 'refused', code: step.reply, raw: '' });
      callback(Object.assign(new Error('mailbox unavailable'), { responseCode: step.reply }));
    } else callback();
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks).toString('base64');
      const { step } = session;
      if (step.hold === 'after-data') {
        hold('after-data', step, () => {
          say({ event: 'accepted', raw });
          callback();
        });
      } else if (step.reply && step.reply !== 250) {
        say({ event: 'refused', code: step.reply, raw });
        callback(Object.assign(new Error(step.reply >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: step.reply }));
      } else {
        say({ event: 'accepted', raw });
        callback();
      }
    });
  },
});
// A client killed mid-conversation leaves a broken socket behind: not the server's problem.
server.on('error', () => {});

createInterface({ input: process.stdin }).on('line', (line) => {
  const message = JSON.parse(line);
  if (message.cmd === 'plan') steps.push(...message.steps);
  if (message.cmd === 'release') {
    const waiting = held;
    held = [];
    for (const go of waiting) go();
  }
});
process.stdin.on('end', () => server.close(() => process.exit(0)));

server.listen(0, '127.0.0.1', () => say({ event: 'listening', port: server.server.address().port }));
