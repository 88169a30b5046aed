import { type FormEvent, useState } from 'react';
import { api, type SuppressionCounts } from '../api.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Page } from '../components/Page.js';
import { Section } from '../components/Section.js';
import { TextField } from '../components/TextField.js';
import { useApiData } from '../useApiData.js';
import { useSubmit } from '../useSubmit.js';
import { suppressionReasonLabel } from '../words.js';

/** The suppression list: how many addresses, by reason, and a form to add one. It never shows an address: it holds none. */
export function SuppressionsPage() {
  const loaded = useApiData('suppressions', (signal) => api.suppressions(signal));
  const [counts, setCounts] = useState<SuppressionCounts | null>(null);
  const [notice, setNotice] = useState('');
  const [address, setAddress] = useState('');
  const submit = useSubmit();
  const shown = counts ?? loaded.data;

  async function add(event: FormEvent) {
    event.preventDefault();
    await submit.run(async () => {
      const result = await api.suppressAddress({ address });
      setCounts(result.counts);
      setNotice(result.message);
      setAddress('');
    });
  }

  return (
    <Page
      title="Suppression list"
      lead="Addresses that get no newsletters or campaign mail, whoever asks. The list keeps a keyed hash of each address, never the address, and keeps it after the person’s record is erased."
    >
      <p role="status" className={notice ? 'alert alert-info' : 'visually-hidden'}>
        {notice}
      </p>
      <div className="stack">
        <Section title="On the list">
          {loaded.state === 'failed' && <ErrorAlert error={loaded.error} title="The counts could not be loaded." />}
          {shown ? (
            <>
              <p>
                <strong>{shown.total}</strong> {shown.total === 1 ? 'address' : 'addresses'} in all.
              </p>
              <DataTable caption="Addresses on the suppression list, by reason" busy={false}>
                <thead>
                  <tr>
                    <th scope="col">Reason</th>
                    <th scope="col">E-mail addresses</th>
                    <th scope="col">Phone numbers</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.byReason.map((r) => (
                    <tr key={r.reason}>
                      <td>{suppressionReasonLabel(r.reason)}</td>
                      <td>{r.email}</td>
                      <td>{r.phone}</td>
                    </tr>
                  ))}
                </tbody>
              </DataTable>
            </>
          ) : (
            loaded.state === 'loading' && <p className="muted">Loading…</p>
          )}
        </Section>
        <Section title="Add an address">
          <form className="subform" onSubmit={add} noValidate aria-label="Add an address to the suppression list">
            {submit.error !== null && <ErrorAlert error={submit.error} title="The address was not added." />}
            <TextField
              label="E-mail address or phone number"
              hint="Someone who asked by letter or phone never to get the office’s newsletters or campaign mail."
              value={address}
              autoComplete="off"
              onChange={(event) => setAddress(event.target.value)}
              error={submit.problems.address}
            />
            <button type="submit" className="button" disabled={submit.busy}>
              {submit.busy ? 'Adding…' : 'Add to the list'}
            </button>
          </form>
        </Section>
      </div>
    </Page>
  );
}
