import { useState } from 'react';
import { api, type Me, type Office } from '../api.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Link } from '../components/Link.js';
import { Page } from '../components/Page.js';
import { Section } from '../components/Section.js';
import { TwoFactorRequirementForm } from '../components/settings/TwoFactorRequirementForm.js';
import { useApiData } from '../useApiData.js';

/** Who must use two-step verification; resetting it for a colleague is on the staff page. */
export function SignInSettingsPage({ me }: { me: Me }) {
  const loaded = useApiData('office', (signal) => api.office(signal));
  const [saved, setSaved] = useState<Office | null>(null);
  const office = saved ?? loaded.data;
  return (
    <Page title="Sign-in settings" lead="Two-step verification: a code from an authenticator app as well as the password.">
      <div role="status" className="notice-slot">
        {saved && <p className="alert alert-info">The two-step verification requirement was saved.</p>}
      </div>
      {loaded.state === 'failed' && <ErrorAlert error={loaded.error} title="The settings could not be loaded." />}
      <div className="stack">
        <Section title="Two-step verification" className="form-page">
          {office ? <TwoFactorRequirementForm key={office.twoFactorRequirement} me={me} office={office} onSaved={setSaved} /> : <p className="muted">Loading the settings…</p>}
        </Section>
        <Section title="A colleague who lost their phone">
          <p>
            Reset their two-step verification on the <Link href="/settings/staff">Staff</Link> page.
          </p>
        </Section>
      </div>
    </Page>
  );
}
