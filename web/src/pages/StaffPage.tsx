import { useState } from 'react';
import { api, type Me, type Role, type StaffAccount } from '../api.js';
import { roleLabel } from '../capabilities.js';
import { DateText } from '../components/DateText.js';
import { SendStatus } from '../components/correspondence/SendStatus.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Page } from '../components/Page.js';
import { Section } from '../components/Section.js';
import { InviteForm } from '../components/staff/InviteForm.js';
import { StaffTable } from '../components/staff/StaffTable.js';
import { useApiData } from '../useApiData.js';
import { useSubmit } from '../useSubmit.js';

/** The office's staff accounts: invite a colleague, change a role, deactivate a leaver, reset a lost authenticator. */
export function StaffPage({ me }: { me: Me }) {
  const [version, setVersion] = useState(0);
  const loaded = useApiData(`staff-accounts-${version}`, (signal) => api.staffAccounts(signal));
  const [notice, setNotice] = useState('');
  const change = useSubmit();

  async function act(action: () => Promise<unknown>, done: string) {
    setNotice('');
    if (await change.run(action)) {
      setNotice(done);
      setVersion((v) => v + 1);
    }
  }

  const actions = {
    busy: change.busy,
    changeRole: (account: StaffAccount, role: Role) =>
      void act(() => api.changeStaffAccount(account.id, { role }), `${account.name}’s role is now ${roleLabel(role)}. They were signed out, and have the new role when they sign in again.`),
    setActive: (account: StaffAccount, active: boolean) =>
      void act(
        () => api.changeStaffAccount(account.id, { active }),
        active ? `${account.name} was reactivated and can sign in again.` : `${account.name} was deactivated and signed out. They cannot sign in until reactivated.`,
      ),
    resetTwoFactor: (account: StaffAccount) =>
      void act(() => api.resetTwoFactor(account.id), `${account.name}’s two-step verification was reset and they were signed out. They set it up again when they next sign in.`),
  };

  const data = loaded.data;
  return (
    <Page title="Staff" lead="Everyone with an account in the office, and the colleagues invited to join.">
      <div role="status" className="notice-slot">
        {notice && <p className="alert alert-info">{notice}</p>}
      </div>
      {loaded.state === 'failed' && <ErrorAlert error={loaded.error} title="The staff accounts could not be loaded." />}
      {change.error !== null && <ErrorAlert error={change.error} title="That was not changed." />}
      <div className="stack">
        <Section title="Accounts">
          <p className="field-hint">
            A deactivated colleague is signed out at once and cannot sign in; their name stays on the cases and records they worked on. Resetting two-step
            verification is for a colleague who lost their phone and recovery codes; your own cannot be reset here.
          </p>
          {data ? <StaffTable accounts={data.accounts} myId={me.user.id} busy={loaded.state === 'loading' || change.busy} actions={actions} /> : <p className="muted">Loading the staff…</p>}
        </Section>
        <Section title="Invite a colleague">
          <InviteForm
            onInvited={(invited) => {
              setNotice(`An invitation was e-mailed to ${invited.email}.`);
              setVersion((v) => v + 1);
            }}
          />
        </Section>
        {data && data.invites.length > 0 && (
          <Section title="Invitations not yet accepted">
            <ul className="plain-list">
              {data.invites.map((invite) => (
                <li key={invite.id}>
                  {invite.email}, {roleLabel(invite.role)}: invited by {invite.invitedBy}, the link works until <DateText iso={invite.expiresAt} withTime />.{' '}
                  {invite.sending && <SendStatus email={invite.sending} />}
                </li>
              ))}
            </ul>
          </Section>
        )}
      </div>
    </Page>
  );
}
