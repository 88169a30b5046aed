import { useState } from 'react';
import { api, type Office } from '../api.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Page } from '../components/Page.js';
import { Section } from '../components/Section.js';
import { RightsClockForm } from '../components/settings/RightsClockForm.js';
import { useApiData } from '../useApiData.js';

/** The statutory clock of rights requests (access, erasure and the rest): the office's nation and its own target. */
export function RightsClockSettingsPage() {
  const loaded = useApiData('office', (signal) => api.office(signal));
  const [saved, setSaved] = useState<Office | null>(null);
  const office = saved ?? loaded.data;
  return (
    <Page title="Rights request deadlines" lead="A request to see, correct or erase a person’s data is due a month after it arrives, moved off weekends and bank holidays.">
      <div role="status" className="notice-slot">
        {saved && <p className="alert alert-info">The deadline settings were saved.</p>}
      </div>
      {loaded.state === 'failed' && <ErrorAlert error={loaded.error} title="The settings could not be loaded." />}
      <Section title="Nation and target" className="form-page">
        {office ? <RightsClockForm key={`${office.nation}-${office.rightsTargetDays}`} office={office} onSaved={setSaved} /> : <p className="muted">Loading the settings…</p>}
      </Section>
    </Page>
  );
}
