import { lazy, Suspense, useState, type FormEvent } from 'react';
import { api, type Me } from '../api.js';
import { DateText } from '../components/DateText.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { frameDocument } from '../components/message/MessageBody.js';
import { Page } from '../components/Page.js';
import { RecordGate } from '../components/RecordGate.js';
import { Section } from '../components/Section.js';
import { SelectField } from '../components/SelectField.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { TextField } from '../components/TextField.js';
import { formatAddress } from '../format.js';
import { type Mailing, type MailingFields, type MailingPreview, newslettersApi } from '../newslettersApi.js';
import { navigate } from '../router.js';
import { useApiData } from '../useApiData.js';
import { useSubmit } from '../useSubmit.js';
import { count } from '../words.js';
import { mailingTones } from './NewslettersPage.js';

// The editor (TipTap, ProseMirror) is most of the app's weight: it loads when a mailing is written.
const RichTextEditor = lazy(() => import('../components/newsletters/RichTextEditor.js').then((m) => ({ default: m.RichTextEditor })));

/** Why people who answered for the purpose are left out, in the office's words. */
const leftOutWords: Record<keyof MailingPreview['leftOut'], string> = {
  withdrawn: 'withdrew their consent',
  objected: 'objected to direct marketing',
  restricted: 'have their processing restricted',
  deceased: 'are marked as deceased',
  do_not_contact: 'asked not to be contacted',
  no_email: 'have no e-mail address',
  suppressed: 'have an address on the suppression list',
};

interface Draft {
  subject: string;
  html: string;
  purposeId: string;
  postcodeAreas: string;
}

const fieldsOf = (d: Draft): MailingFields => ({
  subject: d.subject,
  html: d.html,
  purposeId: d.purposeId,
  postcodeAreas: d.postcodeAreas
    .split(/[,;\n]+/)
    .map((a) => a.trim())
    .filter(Boolean),
});

/** The message as one recipient will read it: the formatted part in a sandboxed frame, and the plain text beneath. */
function Rendered({ example }: { example: NonNullable<MailingPreview['example']> }) {
  return (
    <div className="newsletter-preview">
      <p>
        To {formatAddress(example.to)}: <strong>{example.subject}</strong>
      </p>
      <iframe className="message-frame" title="The mailing, formatted, as this recipient will read it" sandbox="" srcDoc={frameDocument(example.html)} />
      <details>
        <summary>The plain-text part</summary>
        <div className="message-text">{example.text}</div>
      </details>
    </div>
  );
}

/** Who would get it now and, by count only, who would not and why; a test to the writer; then send, once. */
function PreviewAndSend({ mailing, onSent }: { mailing: Mailing; onSent: (m: Mailing) => void }) {
  const [preview, setPreview] = useState<MailingPreview | null>(null);
  const [tested, setTested] = useState<string | null>(null);
  const submit = useSubmit();
  const leftOut = preview ? Object.entries(preview.leftOut).filter(([, n]) => n > 0) : [];
  return (
    <Section title="Preview and send">
      {submit.error !== null && <ErrorAlert error={submit.error} title="That did not work." />}
      <div role="status" className="notice-slot">
        {tested && <p className="alert alert-info">A test was sent to {formatAddress(tested)}, marked as a test. It is not counted in the report.</p>}
      </div>
      <p>
        <button type="button" className="button button-secondary" disabled={submit.busy} onClick={() => void submit.run(async () => setPreview(await newslettersApi.preview(mailing.id)))}>
          Preview the audience
        </button>{' '}
        <button type="button" className="button button-secondary" disabled={submit.busy} onClick={() => void submit.run(async () => setTested((await newslettersApi.sendTest(mailing.id)).to))}>
          Send a test to me
        </button>
      </p>
      {preview && (
        <div role="region" aria-label="Audience">
          <p className="lead">
            <strong>{count(preview.recipients, 'person', 'people')}</strong> would get it now.
          </p>
          {leftOut.length > 0 && (
            <>
              <h3>Left out</h3>
              <ul className="plain-list">
                {leftOut.map(([reason, n]) => (
                  <li key={reason}>
                    {count(n, 'person', 'people')} {leftOutWords[reason as keyof MailingPreview['leftOut']]}
                  </li>
                ))}
              </ul>
            </>
          )}
          {preview.example && <Rendered example={preview.example} />}
          {preview.recipients > 0 && (
            <p>
              <button
                type="button"
                className="button"
                disabled={submit.busy}
                onClick={() => void submit.run(async () => onSent(await newslettersApi.send(mailing.id)))}
              >
                {submit.busy ? 'Sending…' : `Send to ${count(preview.recipients, 'person', 'people')}`}
              </button>
            </p>
          )}
        </div>
      )}
    </Section>
  );
}

/** How a sent mailing went, by count. */
function Report({ mailing }: { mailing: Mailing }) {
  const [version, setVersion] = useState(0);
  const report = useApiData(`newsletter-report:${mailing.id}:${version}`, (signal) => newslettersApi.report(mailing.id, signal));
  const rows: [string, number][] = report.data
    ? [
        ['Recipients', report.data.recipients],
        ['Sent', report.data.sent],
        ['Waiting to be sent', report.data.waiting],
        ['Failed', report.data.failed],
        ['Bounced', report.data.bounced],
        ['Unsubscribed since', report.data.unsubscribedSince],
      ]
    : [];
  return (
    <Section title="Report">
      {report.state === 'failed' && <ErrorAlert error={report.error} title="The report could not be loaded." />}
      {report.data && (
        <dl className="summary-list" aria-label="Report">
          {rows.map(([label, n]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{n.toLocaleString('en-GB')}</dd>
            </div>
          ))}
        </dl>
      )}
      <button type="button" className="button button-secondary" onClick={() => setVersion((v) => v + 1)}>
        Refresh the report
      </button>
    </Section>
  );
}

/** The composer: subject, words, the purpose it is sent for and where; saved as a draft until sent. */
function Composer({ mailing, onSaved }: { mailing: Mailing | null; onSaved: (m: Mailing) => void }) {
  const purposes = useApiData('processing-purposes', (signal) => api.purposes(signal));
  const [draft, setDraft] = useState<Draft>({
    subject: mailing?.subject ?? '',
    html: mailing?.html ?? '',
    purposeId: mailing?.purpose.id ?? '',
    postcodeAreas: mailing?.postcodeAreas.join(', ') ?? '',
  });
  const submit = useSubmit();
  const choices = (purposes.data?.purposes ?? []).filter((p) => p.consentRequired && p.retiredAt === null).map((p) => ({ value: p.id, label: p.name }));
  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));

  async function save(event: FormEvent) {
    event.preventDefault();
    await submit.run(async () => onSaved(mailing ? await newslettersApi.update(mailing.id, fieldsOf(draft)) : await newslettersApi.create(fieldsOf(draft))));
  }

  return (
    <Section title={mailing ? 'Edit the draft' : 'Write it'}>
      <form onSubmit={save} noValidate aria-label="Mailing">
        {submit.error !== null && <ErrorAlert error={submit.error} title="The mailing was not saved." />}
        <TextField label="Subject" value={draft.subject} onChange={(e) => set({ subject: e.target.value })} error={submit.problems.subject} />
        <Suspense fallback={<p className="muted">Loading the editor…</p>}>
          <RichTextEditor
            label="Message"
            hint="Merge fields such as {{constituent.name}} and {{member.name}} are filled in for each person. A plain-text part is made from it."
            value={draft.html}
            onChange={(html) => set({ html })}
            error={submit.problems.html}
          />
        </Suspense>
        <SelectField
          label="Purpose"
          hint="It goes only to people with current consent for this purpose of the record of processing."
          placeholder="Choose a purpose"
          options={choices}
          value={draft.purposeId}
          onChange={(e) => set({ purposeId: e.target.value })}
          error={submit.problems.purposeId}
        />
        <TextField
          label="Postcode areas (optional)"
          hint='Areas ("DY"), districts ("DY1") or sectors ("DY1 4"), separated by commas; leave empty for everyone with consent.'
          value={draft.postcodeAreas}
          onChange={(e) => set({ postcodeAreas: e.target.value })}
          error={submit.problems.postcodeAreas}
        />
        <button type="submit" className="button" disabled={submit.busy}>
          {submit.busy ? 'Saving…' : 'Save the draft'}
        </button>
      </form>
    </Section>
  );
}

/** A sent mailing as it went: its words are not changed. */
function SentMailing({ mailing }: { mailing: Mailing }) {
  return (
    <Section title={mailing.sendStartedAt ? 'What was sent' : 'What it says'}>
      <p>
        <strong>{mailing.subject}</strong> for {mailing.purpose.name}
        {mailing.postcodeAreas.length > 0 && ` in ${mailing.postcodeAreas.join(', ')}`}
        {mailing.sendStartedAt ? (
          <>
            , sent <DateText iso={mailing.sendStartedAt} withTime />.
          </>
        ) : (
          ', not sent yet.'
        )}
      </p>
      <iframe className="message-frame" title="The mailing, formatted" sandbox="" srcDoc={frameDocument(mailing.html)} />
    </Section>
  );
}

export function NewMailingPage() {
  return (
    <Page title="New mailing">
      <Composer mailing={null} onSaved={(m) => navigate(`/newsletters/${m.id}`, { replace: true, state: { saved: true } })} />
    </Page>
  );
}

export function NewsletterPage({ mailingId, me }: { mailingId: string; me: Me }) {
  const [version, setVersion] = useState(0);
  const detail = useApiData(`newsletter:${mailingId}:${version}`, (signal) => newslettersApi.mailing(mailingId, signal));
  const canSend = me.permissions.includes('outreach:send');
  return (
    <RecordGate result={detail} noun="mailing" back={{ href: '/newsletters', label: 'Go to the newsletters' }}>
      {(mailing) => (
        <Page title={mailing.subject} lead={<StatusBadge status={mailing.state} tone={mailingTones[mailing.state] ?? 'neutral'} />}>
          {mailing.state === 'draft' ? (
            <div className="message-layout">
              <div className="case-main">{canSend ? <Composer key={mailing.updatedAt} mailing={mailing} onSaved={() => setVersion((v) => v + 1)} /> : <SentMailing mailing={mailing} />}</div>
              <div className="case-side">{canSend && <PreviewAndSend mailing={mailing} onSent={() => setVersion((v) => v + 1)} />}</div>
            </div>
          ) : (
            <>
              <Report mailing={mailing} />
              <SentMailing mailing={mailing} />
            </>
          )}
        </Page>
      )}
    </RecordGate>
  );
}
