import { useState, type FormEvent } from 'react';
import { api, type SmtpSaved, type SmtpSettings, type SmtpTest } from '../../api.js';
import { useApiData } from '../../useApiData.js';
import { useSubmit } from '../../useSubmit.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { RadioGroup } from '../RadioGroup.js';
import { TextField } from '../TextField.js';
import { ConfirmAction } from './ConfirmAction.js';

const securities = [
  { value: 'starttls', label: 'STARTTLS (usually port 587)' },
  { value: 'tls', label: 'TLS from the start (usually port 465)' },
] as const;

type Values = { host: string; port: string; security: 'tls' | 'starttls'; username: string; password: string };
const valuesOf = (settings: SmtpSettings | null | undefined): Values => {
  const server = settings?.server;
  return server ? { host: server.host, port: String(server.port), security: server.security, username: server.username ?? '', password: '' } : { host: '', port: '587', security: 'starttls', username: '', password: '' };
};

/** The e-mails a save sent on their way, having failed for want of a server. */
const requeuedWords = (n: number) =>
  n === 0 ? '' : n === 1 ? ' The e-mail that was not sent for want of a server is being sent now.' : ` The ${n} e-mails that were not sent for want of a server are being sent now.`;

/** What e-mail goes through now, in a sentence. */
function InUse({ settings }: { settings: SmtpSettings }) {
  if (settings.server) return <p>E-mail goes through the office’s own server, {settings.server.host}.</p>;
  if (settings.fallback) return <p>The office has no server of its own: e-mail goes through the server Postbag was started with (POSTBAG_SMTP_URL).</p>;
  return <p className="text-warning">No SMTP server is set: e-mail is not sent until one is.</p>;
}

/**
 * The office's outgoing mail server: set, changed, removed and tried with a test message. Managers
 * only. `fromAddress`: the page's, so that saving the sending address above shows here at once.
 */
export function SmtpServerForm({ fromAddress }: { fromAddress: string | null }) {
  const loaded = useApiData('smtp-settings', (signal) => api.smtpSettings(signal));
  const [saved, setSaved] = useState<SmtpSettings | null>(null);
  const settings = saved ?? loaded.data;
  const [edited, setEdited] = useState<Values | null>(null);
  const values = edited ?? valuesOf(settings);
  const [notice, setNotice] = useState('');
  const [portError, setPortError] = useState('');
  const [tested, setTested] = useState<SmtpTest | null>(null);
  const submit = useSubmit();
  const action = useSubmit();
  const set = (field: keyof Values) => (event: { target: { value: string } }) => setEdited({ ...values, [field]: event.target.value });

  const done = (next: SmtpSettings, text: string) => {
    setSaved(next);
    setEdited(null);
    setTested(null);
    setNotice(text);
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!/^\d{1,5}$/.test(values.port.trim())) {
      setPortError('must be a port number, e.g. 587');
      return;
    }
    setPortError('');
    const username = values.username.trim() || null;
    const result: { next?: SmtpSaved } = {};
    await submit.run(async () => {
      result.next = await api.saveSmtp({ host: values.host, port: Number(values.port), security: values.security, username, ...(values.password ? { password: values.password } : {}) });
    });
    if (result.next) done(result.next, `SMTP server saved: e-mail goes through ${result.next.server?.host ?? 'it'} from now on.${requeuedWords(result.next.requeued)}`);
  }

  async function remove() {
    const result: { next?: SmtpSettings } = {};
    await action.run(async () => {
      result.next = await api.removeSmtp();
    });
    if (result.next) done(result.next, 'The office’s SMTP server was removed.');
  }

  async function test() {
    setNotice('');
    const result: { test?: SmtpTest } = {};
    await action.run(async () => {
      result.test = await api.testSmtp();
    });
    if (result.test) setTested(result.test);
  }

  if (!settings) return loaded.state === 'failed' ? <ErrorAlert error={loaded.error} title="The SMTP settings could not be loaded." /> : <p className="muted">Loading the SMTP settings…</p>;
  const passwordHint = settings.server?.passwordSet ? 'A password is set (it is never shown). Leave this empty to keep it.' : 'Needed with a user name.';
  return (
    <>
      <div role="status" className="notice-slot">
        {notice && <p className="alert alert-info">{notice}</p>}
        {tested &&
          (tested.sent ? (
            <p className="alert alert-info">{`Test message sent to ${tested.to} through ${tested.server ?? 'the server'}: check that it arrived.`}</p>
          ) : (
            <p className="alert alert-error">{`The test message was not sent: ${tested.problem ?? 'no reason given'}.`}</p>
          ))}
      </div>
      <InUse settings={settings} />
      {action.error !== null && <ErrorAlert error={action.error} title="That did not work." />}
      <form className="subform" onSubmit={save} noValidate aria-label="SMTP server">
        {submit.error !== null && <ErrorAlert error={submit.error} title="The SMTP server was not saved." />}
        <div className="field-row">
          <TextField label="SMTP server" hint="e.g. smtp.example.org" value={values.host} onChange={set('host')} error={submit.problems.host} />
          <TextField label="SMTP port" inputMode="numeric" value={values.port} onChange={set('port')} error={portError || submit.problems.port} />
        </div>
        <RadioGroup legend="Security" name="security" options={securities} value={values.security} onChange={(security) => setEdited({ ...values, security: security as Values['security'] })} error={submit.problems.security} />
        <div className="field-row">
          <TextField label="SMTP user name" hint="Leave empty if the server takes mail without signing in." autoComplete="off" value={values.username} onChange={set('username')} error={submit.problems.username} />
          <TextField label="SMTP password" hint={passwordHint} type="password" autoComplete="new-password" value={values.password} onChange={set('password')} error={submit.problems.password} />
        </div>
        <p className="field-hint">E-mail is sent from {fromAddress ?? 'the sending address above (none is set yet)'}.</p>
        <button type="submit" className="button" disabled={submit.busy}>
          {submit.busy ? 'Saving…' : 'Save the SMTP server'}
        </button>
      </form>
      <p className="button-row">
        <button type="button" className="button button-secondary" aria-disabled={action.busy || undefined} onClick={() => void test()}>
          {action.busy ? 'Sending…' : 'Send a test message'}
        </button>
        {settings.server && (
          <ConfirmAction
            label="Remove"
            accessibleLabel={`Remove the SMTP server ${settings.server.host}`}
            question={settings.fallback ? 'Remove the office’s server? E-mail then goes through the server Postbag was started with.' : 'Remove the office’s server? E-mail is then not sent until one is set.'}
            confirm="Remove the SMTP server"
            busy={action.busy}
            onConfirm={() => void remove()}
          />
        )}
      </p>
    </>
  );
}
