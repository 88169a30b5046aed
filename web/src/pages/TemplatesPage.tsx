import { useRef, useState } from 'react';
import { api, type Template } from '../api.js';
import { CheckboxField } from '../components/CheckboxField.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Link } from '../components/Link.js';
import { Page } from '../components/Page.js';
import { MergeFields } from '../components/settings/MergeFields.js';
import { TemplateForm } from '../components/settings/TemplateForm.js';
import { TemplateTable } from '../components/settings/TemplateTable.js';
import { useApiData } from '../useApiData.js';
import { useSubmit } from '../useSubmit.js';

/** The office's standard e-mails and letters: listed, written, changed and retired. */
export function TemplatesPage() {
  const [showRetired, setShowRetired] = useState(false);
  const [version, setVersion] = useState(0);
  const list = useApiData(`templates:${showRetired}:${version}`, (signal) => api.allTemplates(showRetired, signal));
  // What the editor shows: nothing, a new template (null) or one being changed.
  const [editing, setEditing] = useState<{ template: Template | null } | null>(null);
  const [notice, setNotice] = useState('');
  const retiring = useSubmit();
  const addingStarters = useSubmit();
  const heading = useRef<HTMLHeadingElement>(null);

  const changed = (text: string) => {
    setNotice(text);
    setEditing(null);
    setVersion((n) => n + 1);
  };

  async function retire(template: Template) {
    if (await retiring.run(() => api.retireTemplate(template.id))) {
      changed(`Template “${template.name}” retired.`);
      // Its row's buttons are gone: focus goes back to the top of the page.
      heading.current?.focus();
    }
  }

  async function addStarters() {
    let added = 0;
    if (await addingStarters.run(async () => ({ added } = await api.addStarterLibrary()))) {
      changed(added ? `${added} starter template${added === 1 ? '' : 's'} added: read them and make them the office’s own.` : 'The office already has every starter template.');
    }
  }

  const templates = list.data?.templates;
  const open = (template: Template | null) => {
    setNotice('');
    setEditing({ template });
  };

  return (
    <Page
      title="Templates"
      lead={
        <>
          The office’s standard e-mails and letters. Caseworkers choose one when they write from a case. The signature and letterhead are in{' '}
          <Link href="/settings/correspondence">Correspondence settings</Link>.
        </>
      }
      actions={
        !editing && (
          <>
            <button type="button" className="button button-secondary" onClick={() => void addStarters()} disabled={addingStarters.busy}>
              Add the starter templates
            </button>
            <button type="button" className="button" onClick={() => open(null)}>
              New template
            </button>
          </>
        )
      }
    >
      <div role="status" className="notice-slot">
        {notice && <p className="alert alert-info">{notice}</p>}
      </div>
      {editing && (
        <div className="editor-layout">
          <div className="card section">
            <TemplateForm key={editing.template?.id ?? 'new'} template={editing.template} onSaved={(_saved, text) => changed(text)} onCancel={() => setEditing(null)} />
          </div>
          <MergeFields />
        </div>
      )}
      <h2 ref={heading} tabIndex={-1} className="visually-hidden">
        The office’s templates
      </h2>
      <CheckboxField label="Show retired templates" checked={showRetired} onChange={setShowRetired} />
      {list.state === 'failed' && <ErrorAlert error={list.error} title="The templates could not be loaded." />}
      {addingStarters.error !== null && <ErrorAlert error={addingStarters.error} title="The starter templates were not added." />}
      {retiring.error !== null && <ErrorAlert error={retiring.error} title="The template was not retired." />}
      {templates === undefined ? (
        list.state === 'loading' && <p className="muted">Loading templates…</p>
      ) : templates.length === 0 ? (
        <p>{showRetired ? 'The office has no templates yet.' : 'The office has no current templates. Add one with “New template”.'}</p>
      ) : (
        <TemplateTable templates={templates} busy={list.state === 'loading'} retiring={retiring.busy} onEdit={open} onRetire={(template) => void retire(template)} />
      )}
    </Page>
  );
}
