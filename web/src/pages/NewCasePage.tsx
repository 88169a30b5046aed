import { useEffect, useState, type FormEvent } from 'react';
import { api, type Me } from '../api.js';
import { CheckboxField } from '../components/CheckboxField.js';
import { ChosenList } from '../components/ChosenList.js';
import { EntityPicker } from '../components/EntityPicker.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FieldError } from '../components/Field.js';
import { Link } from '../components/Link.js';
import { Page } from '../components/Page.js';
import { SelectField } from '../components/SelectField.js';
import { TextAreaField } from '../components/TextAreaField.js';
import { TextField } from '../components/TextField.js';
import { TopicChoices } from '../components/TopicChoices.js';
import { navigate } from '../router.js';
import { useApiData } from '../useApiData.js';
import { useSubmit } from '../useSubmit.js';

interface Chosen {
  id: string;
  name: string;
}

/** `owner` select: '' is the user opening the case (the server's default), NOBODY leaves it unassigned. */
const NOBODY = 'nobody';

export function NewCasePage({ me, search }: { me: Me; search: string }) {
  const [constituents, setConstituents] = useState<Chosen[]>([]);
  const [summary, setSummary] = useState('');
  const [topicIds, setTopicIds] = useState<string[]>([]);
  const [agencies, setAgencies] = useState<(Chosen & { reference: string })[]>([]);
  const [owner, setOwner] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [sensitive, setSensitive] = useState(false);
  const submit = useSubmit();
  const topics = useApiData('topics', (signal) => api.topics(signal));
  const staff = useApiData('staff', (signal) => api.staff(signal));

  // ?personId= (from a person's page): start with that person as the lead constituent.
  const preselected = new URLSearchParams(search).get('personId');
  useEffect(() => {
    if (!preselected) return;
    const controller = new AbortController();
    api.person(preselected, controller.signal).then(
      (person) => setConstituents((current) => (current.some((c) => c.id === person.id) ? current : [{ id: person.id, name: `${person.givenName} ${person.familyName}` }, ...current])),
      () => {
        // Not found or not allowed: the picker is still there to choose someone.
      },
    );
    return () => controller.abort();
  }, [preselected]);

  const colleagues = (staff.data?.staff ?? []).filter((member) => member.worksCases && member.id !== me.user.id).map((member) => ({ value: member.id, label: member.name }));

  async function create(event: FormEvent) {
    event.preventDefault();
    let created = '';
    const ok = await submit.run(async () => {
      const detail = await api.createCase({
        constituentIds: constituents.map((c) => c.id),
        summary,
        topicIds,
        agencies: agencies.map((a) => ({ organisationId: a.id, ...(a.reference.trim() ? { agencyReference: a.reference.trim() } : {}) })),
        ...(owner === NOBODY ? { ownerId: null } : owner ? { ownerId: owner } : {}),
        ...(dueOn ? { dueOn } : {}),
        sensitive,
      });
      created = detail.id;
    });
    if (ok) navigate(`/cases/${created}`);
  }

  return (
    <Page title="Open a case" lead="Who it is for, what it is about, and who will work it.">
      <form className="form-page" onSubmit={create} noValidate aria-label="Open a case">
        {submit.error !== null && <ErrorAlert error={submit.error} title="The case was not opened." />}
        <fieldset className={`fieldset-block${submit.problems.constituentIds ? ' field-invalid' : ''}`} aria-describedby={submit.problems.constituentIds ? 'constituents-error' : undefined}>
          <legend>Constituents</legend>
          <p className="field-hint">The first is the lead constituent.</p>
          {/* Said of the list, not of the search box beside it. */}
          {submit.problems.constituentIds && <FieldError id="constituents-error" field="Constituents" message={submit.problems.constituentIds} />}
          <ChosenList
            label="Chosen constituents"
            items={constituents}
            onRemove={(id) => setConstituents((list) => list.filter((c) => c.id !== id))}
            extra={(_item, index) => index === 0 && <span className="muted"> (lead)</span>}
          />
          <EntityPicker
            label={constituents.length ? 'Add another constituent' : 'Find the constituent'}
            hint="Type part of a name, an e-mail address, a phone number or a postcode."
            type="person"
            exclude={constituents.map((c) => c.id)}
            onPick={(result) => setConstituents((list) => [...list, { id: result.id, name: result.title }])}
          />
        </fieldset>
        <TextAreaField label="Summary" hint="What the constituent needs, in a sentence or two." value={summary} onChange={(event) => setSummary(event.target.value)} error={submit.problems.summary} />
        <TopicChoices topics={topics.data?.topics ?? []} chosen={topicIds} onChange={setTopicIds} error={submit.problems.topicIds} />
        <fieldset className="fieldset-block">
          <legend>Agencies</legend>
          <ChosenList
            label="Chosen agencies"
            items={agencies}
            onRemove={(id) => setAgencies((list) => list.filter((a) => a.id !== id))}
            extra={(item) => (
              <TextField
                label={`Their reference at ${item.name} (optional)`}
                className="input input-inline"
                value={item.reference}
                onChange={(event) => setAgencies((list) => list.map((a) => (a.id === item.id ? { ...a, reference: event.target.value } : a)))}
              />
            )}
          />
          <EntityPicker
            label="Find an agency"
            hint="The organisations the office will take this up with, if you know them yet."
            type="organisation"
            exclude={agencies.map((a) => a.id)}
            onPick={(result) => setAgencies((list) => [...list, { id: result.id, name: result.title, reference: '' }])}
            error={submit.problems.organisationId ?? submit.problems.agencies}
          />
        </fieldset>
        <div className="field-row">
          <SelectField
            label="Owner"
            placeholder="Me"
            options={[{ value: NOBODY, label: 'Nobody yet' }, ...colleagues]}
            value={owner}
            onChange={(event) => setOwner(event.target.value)}
            error={submit.problems.ownerId}
          />
          <TextField label="Due date (optional)" type="date" value={dueOn} onChange={(event) => setDueOn(event.target.value)} error={submit.problems.dueOn} />
        </div>
        <CheckboxField
          label="Sensitive case"
          hint="Only the owner and the colleagues it is shared with will see it (for example safeguarding, or a member of staff’s own case)."
          checked={sensitive}
          onChange={setSensitive}
        />
        <div className="form-actions">
          <button type="submit" className="button" disabled={submit.busy}>
            {submit.busy ? 'Opening…' : 'Open the case'}
          </button>
          <Link href="/cases">Cancel</Link>
        </div>
      </form>
    </Page>
  );
}
