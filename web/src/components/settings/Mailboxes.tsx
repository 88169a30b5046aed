import { useState } from 'react';
import { api, type Mailbox } from '../../api.js';
import { useApiData } from '../../useApiData.js';
import { useSubmit } from '../../useSubmit.js';
import { DataTable } from '../DataTable.js';
import { DateText } from '../DateText.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { AddMailboxForm } from './AddMailboxForm.js';
import { ConfirmAction } from './ConfirmAction.js';

const nameOf = (mailbox: Mailbox) => `${mailbox.username} on ${mailbox.host}`;

function MailboxState({ mailbox }: { mailbox: Mailbox }) {
  if (mailbox.lastError) return <span className="text-warning">{mailbox.lastError}</span>;
  if (!mailbox.polledAt) return <span className="muted">Not read yet</span>;
  return <span>Working</span>;
}

/** The mailboxes Postbag reads for the office: how each is doing, and reading one now or removing it. */
export function Mailboxes() {
  const [version, setVersion] = useState(0);
  const list = useApiData(`mailboxes:${version}`, (signal) => api.mailboxes(signal));
  const [notice, setNotice] = useState('');
  const action = useSubmit();
  const reload = (text: string) => {
    setNotice(text);
    setVersion((n) => n + 1);
  };

  async function poll(mailbox: Mailbox) {
    if (await action.run(() => api.pollMailbox(mailbox.id))) setNotice(`Reading ${nameOf(mailbox)} now: new messages will come into the inbox shortly.`);
  }

  async function remove(mailbox: Mailbox) {
    if (await action.run(() => api.removeMailbox(mailbox.id))) reload(`${nameOf(mailbox)} removed. The messages it brought in stay.`);
  }

  const mailboxes = list.data?.mailboxes;
  return (
    <>
      <div role="status" className="notice-slot">
        {notice && <p className="alert alert-info">{notice}</p>}
      </div>
      {list.state === 'failed' && <ErrorAlert error={list.error} title="The mailboxes could not be loaded." />}
      {action.error !== null && <ErrorAlert error={action.error} title="That did not work." />}
      {mailboxes === undefined ? (
        list.state === 'loading' && <p className="muted">Loading mailboxes…</p>
      ) : mailboxes.length === 0 ? (
        <p>No mailboxes yet: Postbag reads no e-mail for the office until one is added.</p>
      ) : (
        <DataTable caption="Mailboxes" busy={list.state === 'loading'}>
          <thead>
            <tr>
              <th scope="col">Server</th>
              <th scope="col">User name</th>
              <th scope="col">Folder</th>
              <th scope="col">Last read</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {mailboxes.map((mailbox) => (
              <tr key={mailbox.id}>
                <td className="nowrap">
                  {mailbox.host}:{mailbox.port}
                  <span className="message-address">{mailbox.tls ? 'TLS' : 'STARTTLS if offered'}</span>
                </td>
                <td className="break">{mailbox.username}</td>
                <td>{mailbox.folder}</td>
                <td className="nowrap">{mailbox.polledAt ? <DateText iso={mailbox.polledAt} withTime /> : <span className="muted">Never</span>}</td>
                <td className="wide">
                  <MailboxState mailbox={mailbox} />
                </td>
                <td>
                  <div className="button-row">
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      aria-label={`Poll now: ${nameOf(mailbox)}`}
                      aria-disabled={action.busy || undefined}
                      onClick={() => void poll(mailbox)}
                    >
                      Poll now
                    </button>
                    <ConfirmAction
                      label="Remove"
                      accessibleLabel={`Remove ${nameOf(mailbox)}`}
                      question="Stop reading this mailbox? The messages it brought in stay."
                      confirm="Remove the mailbox"
                      busy={action.busy}
                      onConfirm={() => void remove(mailbox)}
                    />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <h3>Add a mailbox</h3>
      <AddMailboxForm onAdded={(mailbox) => reload(`${nameOf(mailbox)} added: Postbag will read it shortly.`)} />
    </>
  );
}
