import { useState, type FormEvent } from 'react';
import { api, type Controller, type Me } from '../api.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Page } from '../components/Page.js';
import { Section } from '../components/Section.js';
import { TextAreaField } from '../components/TextAreaField.js';
import { TextField } from '../components/TextField.js';
import { useApiData } from '../useApiData.js';
import { useSubmit } from '../useSubmit.js';

/** An empty field clears the detail: the record says "Not given yet" and the notice cannot be published. */
const given = (text: string) => (text.trim() === '' ? null : text);

function ControllerForm({ controller, onSaved }: { controller: Controller; onSaved: (saved: Controller) => void }) {
  const [address, setAddress] = useState(controller.address ?? '');
  const [email, setEmail] = useState(controller.email ?? '');
  const [dataProtectionContact, setDataProtectionContact] = useState(controller.dataProtectionContact ?? '');
  const [icoRegistration, setIcoRegistration] = useState(controller.icoRegistration ?? '');
  const [securityMeasures, setSecurityMeasures] = useState(controller.securityMeasures);
  const save = useSubmit();

  async function submit(event: FormEvent) {
    event.preventDefault();
    let saved: Controller | undefined;
    const body = { address: given(address), email: given(email), dataProtectionContact: given(dataProtectionContact), icoRegistration: given(icoRegistration), securityMeasures };
    if ((await save.run(async () => (saved = await api.updateController(body)))) && saved) onSaved(saved);
  }

  return (
    <form onSubmit={submit} noValidate aria-label="The controller’s details">
      {save.error !== null && <ErrorAlert error={save.error} title="The details were not saved." />}
      <TextAreaField label="Address" hint="Where constituents can write to the controller." rows={4} value={address} onChange={(e) => setAddress(e.target.value)} error={save.problems.address} />
      <TextField label="E-mail address" type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={save.problems.email} />
      <TextAreaField
        label="Data protection lead"
        hint="Their name or role and how to reach them, as the privacy notice should give it."
        rows={3}
        value={dataProtectionContact}
        onChange={(e) => setDataProtectionContact(e.target.value)}
        error={save.problems.dataProtectionContact}
      />
      <TextField
        label="ICO registration number (optional)"
        hint="Elected representatives are exempt from the data protection fee, so may have none."
        value={icoRegistration}
        onChange={(e) => setIcoRegistration(e.target.value)}
        error={save.problems.icoRegistration}
      />
      <TextAreaField
        label="Technical and organisational security measures"
        hint="Article 30(1)(g). Postbag’s own are written in already; add the office’s (locked doors, training), each line starting “- ”."
        rows={10}
        value={securityMeasures}
        onChange={(e) => setSecurityMeasures(e.target.value)}
        error={save.problems.securityMeasures}
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={save.busy}>
          {save.busy ? 'Saving…' : 'Save the details'}
        </button>
      </div>
    </form>
  );
}

/** The controller of the record of processing (Article 30(1)(a) and (g)): read by everyone, kept by the DPO and the manager. */
export function ControllerPage({ me }: { me: Me }) {
  const loaded = useApiData('controller', (signal) => api.controller(signal));
  const [saved, setSaved] = useState<Controller | null>(null);
  const controller = saved ?? loaded.data;
  const canManage = me.permissions.includes('processing:manage');
  return (
    <Page title="Controller’s details" lead="Who the data controller is and how to reach them: in the record of processing, its export for the ICO and the privacy notice.">
      <div role="status" className="notice-slot">
        {saved && <p className="alert alert-info">The controller’s details were saved.</p>}
      </div>
      {loaded.state === 'failed' && <ErrorAlert error={loaded.error} title="The details could not be loaded." />}
      <Section title={controller ? `${controller.memberName}, the controller` : 'The controller'} className="form-page">
        {!controller ? (
          <p className="muted">Loading the details…</p>
        ) : canManage ? (
          <ControllerForm key={JSON.stringify(controller)} controller={controller} onSaved={setSaved} />
        ) : (
          <dl className="summary-list">
            <dt>Address</dt>
            <dd className="preserve-lines">{controller.address ?? 'Not given yet'}</dd>
            <dt>E-mail address</dt>
            <dd>{controller.email ?? 'Not given yet'}</dd>
            <dt>Data protection lead</dt>
            <dd className="preserve-lines">{controller.dataProtectionContact ?? 'Not given yet'}</dd>
            <dt>ICO registration number</dt>
            <dd>{controller.icoRegistration ?? 'None given'}</dd>
            <dt>Security measures</dt>
            <dd className="preserve-lines">{controller.securityMeasures}</dd>
          </dl>
        )}
      </Section>
    </Page>
  );
}
