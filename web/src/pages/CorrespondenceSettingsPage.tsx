import { useState } from 'react';
import { api, type CorrespondenceSettings, type Me } from '../api.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Link } from '../components/Link.js';
import { Page } from '../components/Page.js';
import { Section } from '../components/Section.js';
import { ContactFormAddress } from '../components/settings/ContactFormAddress.js';
import { LetterheadForm } from '../components/settings/LetterheadForm.js';
import { LogoForm } from '../components/settings/LogoForm.js';
import { Mailboxes } from '../components/settings/Mailboxes.js';
import { PostcodesForm } from '../components/settings/PostcodesForm.js';
import { SmtpServerForm } from '../components/settings/SmtpServerForm.js';
import { useApiData } from '../useApiData.js';

/** How the office writes (sending address, letterhead, logo) and where its messages come from (mailboxes, the contact form). */
export function CorrespondenceSettingsPage({ me }: { me: Me }) {
  const loaded = useApiData('correspondence-settings', (signal) => api.correspondenceSettings(signal));
  const [saved, setSaved] = useState<{ settings: CorrespondenceSettings; notice: string } | null>(null);
  const settings = saved?.settings ?? loaded.data;
  const onSaved = (notice: string) => (next: CorrespondenceSettings) => setSaved({ settings: next, notice });

  return (
    <Page
      title="Correspondence settings"
      lead={
        <>
          What the office’s letters and e-mails carry, and where its messages come from. The standard wording is in <Link href="/settings/templates">Templates</Link>.
        </>
      }
    >
      <div role="status" className="notice-slot">
        {saved && <p className="alert alert-info">{saved.notice}</p>}
      </div>
      {loaded.state === 'failed' && <ErrorAlert error={loaded.error} title="The settings could not be loaded." />}
      <div className="stack">
        <Section title="Letterhead and sending address" className="form-page">
          {settings ? <LetterheadForm settings={settings} onSaved={onSaved('Correspondence settings saved.')} /> : <p className="muted">Loading the settings…</p>}
        </Section>
        <Section title="Outgoing mail server (SMTP)" className="form-page">
          {settings ? <SmtpServerForm fromAddress={settings.fromAddress} /> : <p className="muted">Loading the SMTP settings…</p>}
        </Section>
        <Section title="Logo" className="form-page">{settings ? <LogoForm settings={settings} onSaved={onSaved('Logo uploaded: letters carry it from now on.')} /> : <p className="muted">Loading the logo…</p>}</Section>
        <Section title="Constituency and contact form" className="form-page">
          <PostcodesForm />
          <ContactFormAddress officeId={me.office.id} />
        </Section>
        <Section title="Mailboxes">
          <p className="field-hint">Postbag reads these over IMAP every minute and brings new e-mail into the inbox. Their passwords are kept sealed and never shown.</p>
          <Mailboxes />
        </Section>
      </div>
    </Page>
  );
}
