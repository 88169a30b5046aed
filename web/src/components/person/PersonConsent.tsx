import { type FormEvent, useState } from 'react';
import { api, type ConsentChoices, type ConsentPage } from '../../api.js';
import { localToIso, nowForInput } from '../../dateInput.js';
import { useApiData } from '../../useApiData.js';
import { useSubmit } from '../../useSubmit.js';
import { consentEventKindLabel, consentEventMethodLabel, consentStateLabel, staffConsentMethods } from '../../words.js';
import { DataTable } from '../DataTable.js';
import { DateText } from '../DateText.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { RadioGroup } from '../RadioGroup.js';
import { SelectField } from '../SelectField.js';
import { TextAreaField } from '../TextAreaField.js';
import { TextField } from '../TextField.js';

/** A person's consents for newsletters and campaigns: as they stand, every entry of the ledger, and a form to record one. */
export function PersonConsent({ personId, name, mayRecord }: { personId: string; name: string; mayRecord: boolean }) {
  const [changes, setChanges] = useState(0);
  const [notice, setNotice] = useState('');
  const page = useApiData(`consent:${personId}:${changes}`, (signal) => api.consent(personId, signal));
  const choices = useApiData('consent-choices', (signal) => api.consentChoices(signal));
  return (
    <>
      <p role="status" className={notice ? 'alert alert-info' : 'visually-hidden'}>
        {notice}
      </p>
      {page.state === 'failed' && <ErrorAlert error={page.error} title="The consent history could not be loaded." />}
      {page.data ? <ConsentTables page={page.data} personId={personId} name={name} /> : page.state === 'loading' && <p className="muted">Loading…</p>}
      {mayRecord && choices.data && (
        <RecordConsentForm
          personId={personId}
          choices={choices.data}
          onRecorded={(said) => {
            setNotice(said);
            setChanges((n) => n + 1);
          }}
        />
      )}
    </>
  );
}

function ConsentTables({ page, personId, name }: { page: ConsentPage; personId: string; name: string }) {
  return (
    <>
      {page.objectedAt && (
        <p className="alert alert-warning">
          {name} objected to direct marketing on <DateText iso={page.objectedAt} withTime />: no newsletter or campaign mail goes to them unless they give consent again.
        </p>
      )}
      <h3>Current consents</h3>
      {page.current.length === 0 ? (
        <p className="muted">No consent recorded: {name} gets no newsletters or campaign mail.</p>
      ) : (
        <DataTable caption={`Current consents of ${name}`} busy={false}>
          <thead>
            <tr>
              <th scope="col">Purpose</th>
              <th scope="col">Topic</th>
              <th scope="col">Now</th>
              <th scope="col">Since</th>
            </tr>
          </thead>
          <tbody>
            {page.current.map((c) => (
              <tr key={`${c.purposeId}:${c.topicId ?? ''}`}>
                <td>{c.purposeName}</td>
                <td>{c.topicName ?? 'Everything under this purpose'}</td>
                <td>{consentStateLabel(c.state)}</td>
                <td>
                  <DateText iso={c.since} withTime />
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <h3>History</h3>
      {page.history.length === 0 ? (
        <p className="muted">Nothing recorded yet.</p>
      ) : (
        <DataTable caption={`Consent history of ${name}`} busy={false}>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">How</th>
              <th scope="col">Wording shown</th>
              <th scope="col">Notice version</th>
              <th scope="col">Recorded by</th>
              <th scope="col">Evidence</th>
            </tr>
          </thead>
          <tbody>
            {page.history.map((e) => (
              <tr key={e.id}>
                <td>
                  <DateText iso={e.occurredAt} withTime />
                </td>
                <td>
                  {consentEventKindLabel(e.kind)}: {e.purposeName}
                  {e.topicName ? `, ${e.topicName}` : ''}
                </td>
                <td>{consentEventMethodLabel(e.method)}</td>
                <td className="message-text">{e.wording}</td>
                <td>{e.noticeVersion ?? 'Not recorded'}</td>
                <td>{e.recordedBy ? (e.recordedBy.name ?? 'A former colleague') : 'The public sign-up form'}</td>
                <td>
                  {e.evidence ? (
                    <a href={api.consentEvidenceHref(personId, e.evidence.id)} target="_blank" rel="noopener">
                      {e.evidence.filename}
                    </a>
                  ) : (
                    'None'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </>
  );
}

function RecordConsentForm({ personId, choices, onRecorded }: { personId: string; choices: ConsentChoices; onRecorded: (notice: string) => void }) {
  const [purposeId, setPurposeId] = useState('');
  const [topicId, setTopicId] = useState('');
  const [kind, setKind] = useState('');
  const [method, setMethod] = useState('');
  const [wording, setWording] = useState('');
  const [noticeVersion, setNoticeVersion] = useState('');
  const [occurredAt, setOccurredAt] = useState(nowForInput);
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const submit = useSubmit();
  const topics = choices.topics.filter((t) => t.purposeId === purposeId);

  async function record(event: FormEvent) {
    event.preventDefault();
    const done = await submit.run(async () => {
      let evidenceId: string | null = null;
      if (file) {
        const form = new FormData();
        form.append('file', file);
        evidenceId = (await api.uploadConsentEvidence(personId, form)).id;
      }
      await api.recordConsent(personId, {
        purposeId,
        topicId: topicId || null,
        // Not chosen: sent as it is, so that the server names the field.
        kind: kind as 'given',
        method: method as 'paper',
        wording,
        noticeVersion: noticeVersion === '' ? null : Number(noticeVersion),
        evidenceId,
        occurredAt: localToIso(occurredAt) ?? occurredAt,
      });
    });
    if (done) {
      setKind('');
      setWording('');
      setFile(null);
      setInputKey((n) => n + 1);
      onRecorded('Recorded in the consent history.');
    }
  }

  return (
    <details className="disclosure">
      <summary>Record a consent, withdrawal or objection</summary>
      <form className="subform" onSubmit={record} noValidate aria-label="Record consent">
        {submit.error !== null && <ErrorAlert error={submit.error} title="Nothing was recorded." />}
        <SelectField
          label="Purpose"
          placeholder="Choose a purpose"
          options={choices.purposes.map((p) => ({ value: p.id, label: p.name }))}
          value={purposeId}
          onChange={(event) => {
            setPurposeId(event.target.value);
            setTopicId('');
          }}
          error={submit.problems.purposeId}
        />
        <SelectField
          label="Topic"
          options={[{ value: '', label: 'Everything under this purpose' }, ...topics.map((t) => ({ value: t.id, label: t.name }))]}
          value={topicId}
          onChange={(event) => setTopicId(event.target.value)}
          error={submit.problems.topicId}
        />
        <RadioGroup
          legend="What they said"
          name="consent-kind"
          options={[
            { value: 'given', label: 'Gave consent' },
            { value: 'withdrawn', label: 'Withdrew consent' },
            { value: 'objected', label: 'Objected to direct marketing (stops all newsletters and campaign mail)' },
          ]}
          value={kind}
          onChange={setKind}
          error={submit.problems.kind}
        />
        <SelectField
          label="How it reached us"
          placeholder="Choose how"
          options={staffConsentMethods.map((value) => ({ value, label: consentEventMethodLabel(value) }))}
          value={method}
          onChange={(event) => setMethod(event.target.value)}
          error={submit.problems.method}
        />
        <TextAreaField
          label="The exact wording they saw or agreed to"
          hint="Copy it from the form, or write down what was said on the phone."
          value={wording}
          onChange={(event) => setWording(event.target.value)}
          error={submit.problems.wording}
        />
        <TextField label="Privacy notice version" hint="The version number shown on the form, if it has one." inputMode="numeric" value={noticeVersion} onChange={(event) => setNoticeVersion(event.target.value)} error={submit.problems.noticeVersion} />
        <TextField label="When" type="datetime-local" value={occurredAt} onChange={(event) => setOccurredAt(event.target.value)} error={submit.problems.occurredAt} />
        <TextField
          key={inputKey}
          label="Evidence (optional)"
          hint="A scan or photo of the signed form: PDF, PNG or JPEG, at most 10 MB."
          type="file"
          accept="application/pdf,image/png,image/jpeg"
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
        <button type="submit" className="button" disabled={submit.busy}>
          {submit.busy ? 'Recording…' : 'Record'}
        </button>
      </form>
    </details>
  );
}
