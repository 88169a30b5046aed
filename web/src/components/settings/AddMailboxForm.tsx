import { useState, type FormEvent } from 'react';
import { api, type Mailbox } from '../../api.js';
import { useSubmit } from '../../useSubmit.js';
import { CheckboxField } from '../CheckboxField.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { TextField } from '../TextField.js';

const empty = { host: '', port: '993', tls: true, username: '', password: '', folder: 'INBOX' };

/** A mailbox for Postbag to read over IMAP; its first poll is queued as soon as it is added. */
export function AddMailboxForm({ onAdded }: { onAdded: (mailbox: Mailbox) => void }) {
  const [values, setValues] = useState(empty);
  const [portError, setPortError] = useState('');
  const submit = useSubmit();
  const set = (field: keyof typeof empty) => (event: { target: { value: string } }) => setValues({ ...values, [field]: event.target.value });

  async function add(event: FormEvent) {
    event.preventDefault();
    if (!/^\d{1,5}$/.test(values.port.trim())) {
      setPortError('must be a port number, e.g. 993');
      return;
    }
    setPortError('');
    const result: { added?: Mailbox } = {};
    await submit.run(async () => {
      result.added = await api.addMailbox({ ...values, port: Number(values.port) });
    });
    if (result.added) {
      setValues(empty);
      onAdded(result.added);
    }
  }

  return (
    <form className="subform" onSubmit={add} noValidate aria-label="Add a mailbox">
      {submit.error !== null && <ErrorAlert error={submit.error} title="The mailbox was not added." />}
      <div className="field-row">
        <TextField label="IMAP server" hint="e.g. imap.example.org" value={values.host} onChange={set('host')} error={submit.problems.host} />
        <TextField label="Port" inputMode="numeric" value={values.port} onChange={set('port')} error={portError || submit.problems.port} />
      </div>
      <CheckboxField
        label="TLS from the start"
        hint="Usual with port 993. Without it, Postbag upgrades the connection (STARTTLS) when the server offers to."
        checked={values.tls}
        onChange={(tls) => setValues({ ...values, tls })}
      />
      <div className="field-row">
        <TextField label="User name" autoComplete="off" value={values.username} onChange={set('username')} error={submit.problems.username} />
        <TextField label="Password" type="password" autoComplete="new-password" value={values.password} onChange={set('password')} error={submit.problems.password} />
      </div>
      <TextField label="Folder" hint="The folder to read, usually INBOX." value={values.folder} onChange={set('folder')} error={submit.problems.folder} />
      <button type="submit" className="button" disabled={submit.busy}>
        {submit.busy ? 'Adding…' : 'Add the mailbox'}
      </button>
    </form>
  );
}
