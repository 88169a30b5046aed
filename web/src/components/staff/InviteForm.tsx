import { useState, type FormEvent } from 'react';
import { api, type Invited, type Role } from '../../api.js';
import { roleOptions } from '../../capabilities.js';
import { useSubmit } from '../../useSubmit.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { SelectField } from '../SelectField.js';
import { TextField } from '../TextField.js';

/** The manager invites a colleague: Postbag e-mails them a link to set up their own account with this role. */
export function InviteForm({ onInvited }: { onInvited: (invited: Invited) => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const send = useSubmit();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    let invited: Invited | undefined;
    const body = role === '' ? { email: email.trim() } : { email: email.trim(), role };
    if ((await send.run(async () => (invited = await api.inviteColleague(body as { email: string; role: Role })))) && invited) {
      setEmail('');
      setRole('');
      onInvited(invited);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Invite a colleague" className="form-page">
      {send.error !== null && <ErrorAlert error={send.error} title="The invitation was not sent." />}
      <TextField label="Their e-mail address" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} error={send.problems.email} />
      <SelectField label="Role" placeholder="Choose a role" options={roleOptions} value={role} onChange={(e) => setRole(e.target.value as Role | '')} error={send.problems.role} />
      <p className="field-hint">They get an e-mail with a link to choose their name and password. The link works once, for a week.</p>
      <div className="form-actions">
        <button type="submit" className="button" aria-disabled={send.busy || undefined}>
          {send.busy ? 'Sending…' : 'Send the invitation'}
        </button>
      </div>
    </form>
  );
}
