import { useEffect, useRef, useState } from 'react';
import { api, type Me, type Purpose } from '../api.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Link } from '../components/Link.js';
import { Page } from '../components/Page.js';
import { PurposeDetails } from '../components/processing/PurposeDetails.js';
import { PurposeForm } from '../components/processing/PurposeForm.js';
import { PurposeTable } from '../components/processing/PurposeTable.js';
import { Section } from '../components/Section.js';
import { useApiData } from '../useApiData.js';
import { useSubmit } from '../useSubmit.js';

/** What the panel above the tables shows: one purpose in full, the form for one, or a new one. */
type Open = { mode: 'view'; purpose: Purpose } | { mode: 'edit'; purpose: Purpose | null };

/** The record of processing (Article 30): every role reads it; the DPO and the manager keep it. */
export function ProcessingPage({ me }: { me: Me }) {
  const canManage = me.permissions.includes('processing:manage');
  const [version, setVersion] = useState(0);
  const list = useApiData(`purposes:${version}`, (signal) => api.purposes(signal));
  const choices = useApiData('processing-choices', (signal) => api.processingChoices(signal));
  const [open, setOpen] = useState<Open | null>(null);
  const [notice, setNotice] = useState('');
  const retiring = useSubmit();
  const addingStandard = useSubmit();
  const heading = useRef<HTMLHeadingElement>(null);
  const shownHeading = useRef<HTMLHeadingElement>(null);
  // Opened by a button in the table below: the reader is taken to the purpose (the form focuses itself).
  useEffect(() => {
    if (open?.mode === 'view') shownHeading.current?.focus();
  }, [open]);

  const changed = (text: string) => {
    setNotice(text);
    setOpen(null);
    setVersion((n) => n + 1);
  };
  const show = (next: Open) => {
    setNotice('');
    setOpen(next);
  };

  async function retire(purpose: Purpose) {
    if (await retiring.run(() => api.retirePurpose(purpose.id))) {
      changed(`Purpose “${purpose.name}” retired: it is listed under Retired purposes.`);
      // Its row's buttons are gone: focus goes back to the top of the list.
      heading.current?.focus();
    }
  }

  async function reinstate(purpose: Purpose) {
    if (await retiring.run(() => api.reinstatePurpose(purpose.id))) {
      changed(`Purpose “${purpose.name}” reinstated: it is listed under Current purposes again.`);
      heading.current?.focus();
    }
  }

  async function addStandard() {
    let added = 0;
    if (await addingStandard.run(async () => ({ added } = await api.addStandardPurposes()))) {
      changed(added ? `${added} standard purpose${added === 1 ? '' : 's'} added from the privacy notices: read them and make them the office’s own.` : 'The record already has every standard purpose.');
    }
  }

  const purposes = list.data?.purposes;
  const current = purposes?.filter((p) => !p.retiredAt) ?? [];
  const retired = purposes?.filter((p) => p.retiredAt) ?? [];
  const editing = canManage
    ? { retiring: retiring.busy, onEdit: (purpose: Purpose) => show({ mode: 'edit', purpose }), onRetire: (purpose: Purpose) => void retire(purpose), onReinstate: (purpose: Purpose) => void reinstate(purpose) }
    : null;
  const view = (purpose: Purpose) => show({ mode: 'view', purpose });

  return (
    <Page
      title="Record of processing"
      lead="What the office does with personal data, on which lawful basis, with whom it is shared and how long it is kept (UK GDPR Article 30). Download it for the ICO or an auditor."
      actions={
        <>
          <a className="button button-secondary" href={api.processingExportHref('csv')} download>
            Download as CSV
          </a>
          <a className="button button-secondary" href={api.processingExportHref('json')} download>
            Download as JSON
          </a>
          {canManage && open?.mode !== 'edit' && (
            <>
              <button type="button" className="button button-secondary" onClick={() => void addStandard()} disabled={addingStandard.busy}>
                Add the standard purposes
              </button>
              <button type="button" className="button" onClick={() => show({ mode: 'edit', purpose: null })}>
                New purpose
              </button>
            </>
          )}
        </>
      }
    >
      <div role="status" className="notice-slot">
        {notice && <p className="alert alert-info">{notice}</p>}
      </div>
      {choices.state === 'failed' && <ErrorAlert error={choices.error} title="The record could not be loaded." />}
      {list.state === 'failed' && <ErrorAlert error={list.error} title="The record could not be loaded." />}
      {addingStandard.error !== null && <ErrorAlert error={addingStandard.error} title="The standard purposes were not added." />}
      {retiring.error !== null && <ErrorAlert error={retiring.error} title="The purpose was not changed." />}
      <p>
        The public <Link href="/processing/notice">privacy notice</Link> is generated from this record and the <Link href="/processing/controller">controller’s details</Link>.
      </p>
      {open && choices.data && (
        <div className="card section">
          {open.mode === 'edit' ? (
            <PurposeForm key={open.purpose?.id ?? 'new'} purpose={open.purpose} choices={choices.data} onSaved={(_saved, text) => changed(text)} onCancel={() => setOpen(null)} />
          ) : (
            <section aria-label={open.purpose.name}>
              <h2 ref={shownHeading} tabIndex={-1}>
                {open.purpose.name}
              </h2>
              <PurposeDetails purpose={open.purpose} choices={choices.data} />
              <div className="form-actions">
                {editing && !open.purpose.retiredAt && (
                  <button type="button" className="button" onClick={() => show({ mode: 'edit', purpose: open.purpose })}>
                    Edit
                  </button>
                )}
                <button type="button" className="button button-secondary" onClick={() => setOpen(null)}>
                  Close
                </button>
              </div>
            </section>
          )}
        </div>
      )}
      {purposes === undefined || !choices.data ? (
        list.state === 'loading' && <p className="muted">Loading the record…</p>
      ) : (
        <>
          <Section title="Current purposes" headingRef={heading}>
            {current.length ? (
              <PurposeTable caption="Current purposes" purposes={current} choices={choices.data} busy={list.state === 'loading'} editing={editing} onView={view} />
            ) : (
              <p>{canManage ? 'The record has no current purposes. Add one with “New purpose”, or add the standard purposes.' : 'The record has no current purposes.'}</p>
            )}
          </Section>
          {retired.length > 0 && (
            <Section title="Retired purposes">
              <p className="muted">Processing the office no longer does, kept in the record.</p>
              <PurposeTable caption="Retired purposes" purposes={retired} choices={choices.data} busy={list.state === 'loading'} editing={editing} onView={view} />
            </Section>
          )}
        </>
      )}
    </Page>
  );
}
