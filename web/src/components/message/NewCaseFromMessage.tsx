import { useState, type FormEvent } from 'react';
import { api, type MessageDetail, type StaffMember, type TopicList } from '../../api.js';
import { useApiData } from '../../useApiData.js';
import { useSubmit } from '../../useSubmit.js';
import { ChosenList } from '../ChosenList.js';
import { EntityPicker } from '../EntityPicker.js';
import { type PersonPrefill, splitName } from '../person/AddPersonForm.js';
import { formatPhone } from '../../format.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { SelectField } from '../SelectField.js';
import { TextAreaField } from '../TextAreaField.js';
import { TopicChoices } from '../TopicChoices.js';
import { subjectOf } from './MessageRow.js';
import type { Triaged } from './TriagePanel.js';

interface Chosen {
  id: string;
  name: string;
}

interface Props {
  message: MessageDetail;
  topics: TopicList['topics'];
  staff: readonly StaffMember[];
  myId: string;
  onTriaged: Triaged;
}

/** `owner`: '' is the user opening the case (the server's default), NOBODY leaves it unassigned. */
const NOBODY = 'nobody';

/** People who may have sent a message Postbag did not match: those with the sender's address. */
function useCandidates(message: MessageDetail) {
  const address = message.person === null ? message.from.address : null;
  return useApiData(`matches:${address ?? ''}`, (signal) => (address ? api.personMatches(address, signal) : Promise.resolve({ candidates: [] })));
}

/** A new person begins as the sender: their name, and the address or number the message came from. */
function senderPrefill(message: MessageDetail): PersonPrefill {
  const { name, address } = message.from;
  const prefill: PersonPrefill = { source: message.channel, ...(name ? splitName(name) : {}) };
  if (address?.includes('@')) prefill.email = address;
  else if (address && /^\+\d+$/.test(address)) prefill.phone = formatPhone(address);
  return prefill;
}

export function NewCaseFromMessage({ message, topics, staff, myId, onTriaged }: Props) {
  const [constituents, setConstituents] = useState<Chosen[]>(message.person ? [message.person] : []);
  const [summary, setSummary] = useState(message.subject.trim());
  const [topicIds, setTopicIds] = useState<string[]>([]);
  const [owner, setOwner] = useState('');
  const submit = useSubmit();
  const candidates = (useCandidates(message).data?.candidates ?? []).filter((c) => !constituents.some((chosen) => chosen.id === c.person.id));
  const colleagues = staff.filter((member) => member.worksCases && member.id !== myId).map((member) => ({ value: member.id, label: member.name }));
  const add = (person: Chosen) => setConstituents((list) => [...list, person]);

  async function open(event: FormEvent) {
    event.preventDefault();
    let reference = '';
    let caseId = '';
    const ok = await submit.run(async () => {
      const filed = await api.triageMessage(message.id, {
        action: 'new_case',
        summary,
        topicIds,
        ...(constituents.length ? { constituentIds: constituents.map((c) => c.id) } : {}),
        ...(owner === NOBODY ? { ownerId: null } : owner ? { ownerId: owner } : {}),
      });
      caseId = filed.case?.id ?? '';
      reference = filed.case?.reference ?? '';
    });
    if (ok) onTriaged(`/cases/${caseId}`, `Case ${reference} opened from the message “${subjectOf(message)}”.`);
  }

  return (
    <form className="subform" onSubmit={open} noValidate aria-label="Open a new case">
      {submit.error !== null && <ErrorAlert error={submit.error} title="The case was not opened." />}
      <fieldset className="fieldset-block">
        <legend>Constituents</legend>
        <ChosenList label="Chosen constituents" items={constituents} onRemove={(id) => setConstituents((list) => list.filter((c) => c.id !== id))} />
        {candidates.length > 0 && (
          <>
            <p className="field-hint">People with the address {message.from.address}:</p>
            <ul className="pick-list" aria-label="Possible senders">
              {candidates.map(({ person, reasons }) => (
                <li key={person.id}>
                  <button type="button" className="pick-button" onClick={() => add({ id: person.id, name: `${person.givenName} ${person.familyName}` })}>
                    <span className="visually-hidden">Choose </span>
                    <span className="pick-title">
                      {person.givenName} {person.familyName}
                    </span>
                    <span className="pick-detail">{[person.postcode, ...reasons].filter(Boolean).join(' · ')}</span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
        <EntityPicker
          label={constituents.length ? 'Add another constituent' : 'Find the constituent'}
          hint="Type part of a name, an e-mail address, a phone number or a postcode."
          type="person"
          exclude={constituents.map((c) => c.id)}
          onPick={(result) => add({ id: result.id, name: result.title })}
          error={submit.problems.constituentIds}
          addPerson={senderPrefill(message)}
        />
      </fieldset>
      <TextAreaField label="Summary" hint="What the constituent needs, in a sentence or two." value={summary} onChange={(event) => setSummary(event.target.value)} error={submit.problems.summary} />
      <TopicChoices topics={topics} chosen={topicIds} onChange={setTopicIds} error={submit.problems.topicIds} />
      <SelectField label="Owner" placeholder="Me" options={[{ value: NOBODY, label: 'Nobody yet' }, ...colleagues]} value={owner} onChange={(event) => setOwner(event.target.value)} error={submit.problems.ownerId} />
      <button type="submit" className="button" disabled={submit.busy}>
        {submit.busy ? 'Opening…' : 'Open the case'}
      </button>
    </form>
  );
}
