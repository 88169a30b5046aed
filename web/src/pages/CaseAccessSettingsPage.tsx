import { useState } from 'react';
import { api, type Office } from '../api.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Page } from '../components/Page.js';
import { Section } from '../components/Section.js';
import { CaseVisibilityForm } from '../components/settings/CaseVisibilityForm.js';
import { useApiData } from '../useApiData.js';

/** Need-to-know for the office: which cases, and so which constituents, caseworkers see. */
export function CaseAccessSettingsPage() {
  const loaded = useApiData('office', (signal) => api.office(signal));
  const [saved, setSaved] = useState<Office | null>(null);
  const office = saved ?? loaded.data;
  return (
    <Page title="Case access" lead="Which cases caseworkers see, and so which constituents’ records they can open.">
      <div role="status" className="notice-slot">
        {saved && <p className="alert alert-info">Which cases caseworkers see was saved.</p>}
      </div>
      {loaded.state === 'failed' && <ErrorAlert error={loaded.error} title="The settings could not be loaded." />}
      <Section title="Caseworkers’ cases" className="form-page">
        {office ? <CaseVisibilityForm key={String(office.caseworkersSeeAllCases)} office={office} onSaved={setSaved} /> : <p className="muted">Loading the settings…</p>}
      </Section>
    </Page>
  );
}
