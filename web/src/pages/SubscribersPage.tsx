import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Page } from '../components/Page.js';
import { formatNumber } from '../format.js';
import { subscriptionsApi } from '../subscriptionsApi.js';
import { useApiData } from '../useApiData.js';

/** Subscribers by topic: how many people's current consent covers each topic, counted from the consent ledger. */
export function SubscribersPage() {
  const loaded = useApiData('topic-subscribers', (signal) => subscriptionsApi.topicSubscribers(signal));
  return (
    <Page title="Subscribers by topic" lead="How many people currently consent to hear about each topic, counted from the consent ledger: sign-ups confirmed by e-mail, and consents recorded by staff, less withdrawals and objections.">
      {loaded.state === 'failed' && <ErrorAlert error={loaded.error} title="The subscriber counts could not be loaded." />}
      {loaded.data && (
        <DataTable caption="Subscribers by topic" busy={loaded.state === 'loading'}>
          <thead>
            <tr>
              <th scope="col">Topic</th>
              <th scope="col">Purpose</th>
              <th scope="col" className="numeric">
                Subscribers
              </th>
            </tr>
          </thead>
          <tbody>
            {loaded.data.topics.map((t) => (
              <tr key={t.id}>
                <td>
                  {t.name}
                  {t.retired && <span className="muted"> (retired)</span>}
                </td>
                <td>{t.purposeName}</td>
                <td className="numeric">{formatNumber(t.subscribers)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </Page>
  );
}
