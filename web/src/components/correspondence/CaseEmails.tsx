import { api } from '../../api.js';
import { useApiData } from '../../useApiData.js';
import { DataTable } from '../DataTable.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { Link } from '../Link.js';
import { Section } from '../Section.js';
import { SendStatus } from './SendStatus.js';

/** The e-mails sent from the case and whether each went: loaded again with the case (`version`). */
export function CaseEmails({ caseId, version }: { caseId: string; version: number }) {
  const list = useApiData(`case-emails:${caseId}:${version}`, (signal) => api.caseEmails(caseId, signal));
  const emails = list.data?.emails ?? [];
  if (list.state === 'failed') return <ErrorAlert error={list.error} title="The case’s e-mails could not be loaded." />;
  if (emails.length === 0) return null;
  return (
    <Section title="E-mails sent">
      <DataTable caption="E-mails from this case" busy={list.state === 'loading'}>
        <thead>
          <tr>
            <th scope="col">Subject</th>
            <th scope="col">To</th>
            <th scope="col">Sent?</th>
          </tr>
        </thead>
        <tbody>
          {emails.map((email) => (
            <tr key={email.id}>
              <td>
                <Link href={`/messages/${email.id}`}>{email.subject || '(no subject)'}</Link>
              </td>
              <td>{email.to}</td>
              <td>
                <SendStatus email={email} />
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </Section>
  );
}
