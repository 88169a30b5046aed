import { useState, type FormEvent } from 'react';
import { api, type Me, type NoticeDiff, type NoticeVersion } from '../api.js';
import { CheckboxField } from '../components/CheckboxField.js';
import { DataTable } from '../components/DataTable.js';
import { DateText } from '../components/DateText.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Link } from '../components/Link.js';
import { Page } from '../components/Page.js';
import { Section } from '../components/Section.js';
import { SelectField } from '../components/SelectField.js';
import { TextAreaField } from '../components/TextAreaField.js';
import { useApiData } from '../useApiData.js';
import { useSubmit } from '../useSubmit.js';

/** Unchanged runs longer than this show their first and last lines only. */
const CONTEXT = 2;

function DiffView({ diff }: { diff: NoticeDiff }) {
  const changed = diff.parts.some((p) => p.change !== 'unchanged');
  return (
    <section aria-label={`Changes from version ${diff.from.number} to version ${diff.to.number}`}>
      <p>
        {changed
          ? `From version ${diff.from.number} to version ${diff.to.number}: lines removed are marked “Removed”, lines added “Added”.`
          : `Versions ${diff.from.number} and ${diff.to.number} say the same.`}
      </p>
      <ol className="notice-diff">
        {diff.parts.flatMap((part, p) => {
          if (part.change === 'unchanged') {
            const { lines } = part;
            if (lines.length <= CONTEXT * 2 + 1) return lines.map((line, i) => <li key={`${p}-${i}`} className="diff-same">{line}</li>);
            return [
              ...lines.slice(0, CONTEXT).map((line, i) => <li key={`${p}-${i}`} className="diff-same">{line}</li>),
              <li key={`${p}-gap`} className="diff-gap">
                {lines.length - CONTEXT * 2} unchanged lines
              </li>,
              ...lines.slice(-CONTEXT).map((line, i) => <li key={`${p}-end-${i}`} className="diff-same">{line}</li>),
            ];
          }
          const Mark = part.change === 'added' ? 'ins' : 'del';
          const word = part.change === 'added' ? 'Added' : 'Removed';
          return part.lines.map((line, i) => (
            <li key={`${p}-${i}`} className={`diff-${part.change}`}>
              <span className="diff-word">{word}:</span> <Mark>{line}</Mark>
            </li>
          ));
        })}
      </ol>
    </section>
  );
}

function Compare({ versions }: { versions: readonly NoticeVersion[] }) {
  const options = versions.map((v) => ({ value: String(v.number), label: `Version ${v.number}` }));
  const [from, setFrom] = useState(String(versions[1]?.number ?? versions[0]?.number ?? ''));
  const [to, setTo] = useState(String(versions[0]?.number ?? ''));
  const [diff, setDiff] = useState<NoticeDiff | null>(null);
  const compare = useSubmit();
  async function submit(event: FormEvent) {
    event.preventDefault();
    await compare.run(async () => setDiff(await api.noticeDiff(Number(from), Number(to))));
  }
  return (
    <>
      <form onSubmit={submit} noValidate aria-label="Compare two versions" className="inline-form">
        {compare.error !== null && <ErrorAlert error={compare.error} title="The versions could not be compared." />}
        <SelectField label="From version" options={options} value={from} onChange={(e) => setFrom(e.target.value)} error={compare.problems.from} />
        <SelectField label="To version" options={options} value={to} onChange={(e) => setTo(e.target.value)} error={compare.problems.to} />
        <div className="form-actions">
          <button type="submit" className="button button-secondary" disabled={compare.busy}>
            Compare
          </button>
        </div>
      </form>
      {diff && <DiffView diff={diff} />}
    </>
  );
}

function PublishForm({ onPublished }: { onPublished: (version: NoticeVersion) => void }) {
  const [note, setNote] = useState('');
  const [significant, setSignificant] = useState(false);
  const publish = useSubmit();
  async function submit(event: FormEvent) {
    event.preventDefault();
    let published: NoticeVersion | undefined;
    if ((await publish.run(async () => (published = await api.publishNotice({ note, significant })))) && published) onPublished(published);
  }
  return (
    <form onSubmit={submit} noValidate aria-label="Publish the notice">
      {publish.error !== null && <ErrorAlert error={publish.error} title="The notice was not published." />}
      <TextAreaField label="What changed" hint="Shown in the list of versions, and told to subscribers with a significant change: what is new in this one, and why." rows={3} value={note} onChange={(e) => setNote(e.target.value)} error={publish.problems.note} />
      <CheckboxField
        label="A significant change"
        hint="Subscribers are to be told of a significant change to how their information is used."
        checked={significant}
        onChange={setSignificant}
        error={publish.problems.significant}
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={publish.busy}>
          {publish.busy ? 'Publishing…' : 'Publish this version'}
        </button>
      </div>
    </form>
  );
}

/** The public privacy notice, generated from the record: the current version, a preview of the next, publishing, and every version compared. */
export function PrivacyNoticePage({ me }: { me: Me }) {
  const [reload, setReload] = useState(0);
  const overview = useApiData(`notice:${reload}`, (signal) => api.notice(signal));
  const [published, setPublished] = useState<NoticeVersion | null>(null);
  const canManage = me.permissions.includes('processing:manage');
  const versions = overview.data?.versions ?? [];
  const current = versions[0];
  const problems = overview.data?.problems ?? [];
  const publicHref = `/privacy/${me.office.id}`;

  return (
    <Page title="Privacy notice" lead="The notice the public reads, generated from the record of processing and the controller’s details. Each version published is kept for ever.">
      <div role="status" className="notice-slot">
        {published && <p className="alert alert-info">Version {published.number} of the privacy notice was published.</p>}
      </div>
      {overview.state === 'failed' && <ErrorAlert error={overview.error} title="The privacy notice could not be loaded." />}
      {!overview.data ? (
        <p className="muted">Loading the privacy notice…</p>
      ) : (
        <div className="stack">
          <Section title="The current version">
            {current ? (
              <p>
                Version {current.number}, published <DateText iso={current.publishedAt} /> by {current.publishedBy}. <a href={publicHref}>Read it as the public does</a> at {publicHref}.
              </p>
            ) : (
              <p>No version is published yet: the public page says so.</p>
            )}
          </Section>
          <Section title="The next version">
            <p>
              It is made from the <Link href="/processing">record of processing</Link> and the <Link href="/processing/controller">controller’s details</Link> as they are now.
            </p>
            {problems.length > 0 ? (
              <>
                <p>It cannot be published until these are put right:</p>
                <ul className="problem-list">
                  {problems.map((p) => (
                    <li key={p.path}>{p.message}.</li>
                  ))}
                </ul>
              </>
            ) : (
              <p>The record and the controller’s details are complete: it can be published.</p>
            )}
            <p>
              <a href={api.noticePreviewHref}>Preview the notice as publishing now would make it</a>
            </p>
            {canManage && (
              <PublishForm
                onPublished={(version) => {
                  setPublished(version);
                  setReload((n) => n + 1);
                }}
              />
            )}
          </Section>
          {versions.length > 0 && (
            <Section title="Versions">
              <DataTable caption="Published versions, newest first" busy={overview.state === 'loading'}>
                <thead>
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">Published</th>
                    <th scope="col">By</th>
                    <th scope="col">What changed</th>
                    <th scope="col">Significant</th>
                  </tr>
                </thead>
                <tbody>
                  {versions.map((v) => (
                    <tr key={v.number}>
                      <td>
                        <a href={`${publicHref}/versions/${v.number}`}>Version {v.number}</a>
                      </td>
                      <td className="nowrap">
                        <DateText iso={v.publishedAt} withTime />
                      </td>
                      <td>{v.publishedBy}</td>
                      <td className="preserve-lines">{v.note}</td>
                      <td>{v.significant ? 'Yes' : 'No'}</td>
                    </tr>
                  ))}
                </tbody>
              </DataTable>
            </Section>
          )}
          {versions.length > 1 && (
            <Section title="Compare versions">
              <Compare key={versions.length} versions={versions} />
            </Section>
          )}
        </div>
      )}
    </Page>
  );
}
