import { useState, type FormEvent } from 'react';
import { api, type CaseChange, type CaseDetail, type StaffMember } from '../../api.js';
import type { CaseChanged } from '../../pages/CasePage.js';
import { useApiData } from '../../useApiData.js';
import { useSubmit } from '../../useSubmit.js';
import { CheckboxField } from '../CheckboxField.js';
import { CheckboxGroup } from '../CheckboxGroup.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { SelectField } from '../SelectField.js';
import { TextField } from '../TextField.js';
import { TopicChoices } from '../TopicChoices.js';

interface Props {
  detail: CaseDetail;
  staff: readonly StaffMember[];
  onChanged: CaseChanged;
  onDone: () => void;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item) => b.includes(item));

/** Owner, due date, topics, sharing and sensitivity of an open case; only what was changed is sent, so each change is audited on its own. */
export function CaseEditForm({ detail, staff, onChanged, onDone }: Props) {
  const [ownerId, setOwnerId] = useState(detail.owner?.id ?? '');
  const [dueOn, setDueOn] = useState(detail.dueOn ?? '');
  const [topicIds, setTopicIds] = useState(detail.topics.map((topic) => topic.id));
  const [sensitive, setSensitive] = useState(detail.sensitive);
  const [sharedWithIds, setSharedWithIds] = useState(detail.sharedWith.map((user) => user.id));
  const topics = useApiData('topics', (signal) => api.topics(signal));
  const submit = useSubmit();
  const caseworkers = staff.filter((member) => member.worksCases).map((member) => ({ value: member.id, label: member.name }));
  // The owner sees the case anyway; those it is shared with now stay listed (to be unticked) even if they no longer work cases.
  const shareable = [
    ...caseworkers.filter((option) => !detail.sharedWith.some((user) => user.id === option.value)),
    ...detail.sharedWith.map((user) => ({ value: user.id, label: user.name })),
  ]
    .filter((option) => option.value !== ownerId)
    .sort((a, b) => a.label.localeCompare(b.label));

  async function save(event: FormEvent) {
    event.preventDefault();
    const change: CaseChange = {};
    if (ownerId !== (detail.owner?.id ?? '')) change.ownerId = ownerId || null;
    if (dueOn !== (detail.dueOn ?? '')) change.dueOn = dueOn || null;
    if (!sameSet(topicIds, detail.topics.map((topic) => topic.id))) change.topicIds = topicIds;
    if (sensitive !== detail.sensitive) change.sensitive = sensitive;
    // Someone ticked who then became the owner needs no sharing.
    const sharing = sharedWithIds.filter((id) => id !== ownerId);
    if (!sameSet(sharing, detail.sharedWith.map((user) => user.id))) change.sharedWithIds = sharing;
    if (Object.keys(change).length === 0) {
      onDone();
      return;
    }
    if (await submit.run(() => api.updateCase(detail.id, change))) {
      onDone();
      onChanged('The case details were changed.');
    }
  }

  return (
    <form className="subform" onSubmit={save} noValidate aria-label="Change the case details">
      {submit.error !== null && <ErrorAlert error={submit.error} title="The case was not changed." />}
      <SelectField label="Owner" placeholder="Unassigned" options={caseworkers} value={ownerId} onChange={(event) => setOwnerId(event.target.value)} error={submit.problems.ownerId} />
      <TextField label="Due date" hint="Leave empty for no due date." type="date" value={dueOn} onChange={(event) => setDueOn(event.target.value)} error={submit.problems.dueOn} />
      <TopicChoices topics={topics.data?.topics ?? []} chosen={topicIds} onChange={setTopicIds} error={submit.problems.topicIds} />
      <CheckboxGroup
        legend="Shared with"
        hint="Besides its owner, these colleagues can see the case, even when it is sensitive."
        options={shareable}
        chosen={sharedWithIds}
        onChange={setSharedWithIds}
        error={submit.problems.sharedWithIds}
        empty="No colleague to share it with."
      />
      <CheckboxField
        label="Sensitive"
        hint="Only its owner and those it is shared with can see a sensitive case."
        checked={sensitive}
        onChange={setSensitive}
        error={submit.problems.sensitive}
      />
      <div className="button-row">
        <button type="submit" className="button" disabled={submit.busy}>
          {submit.busy ? 'Saving…' : 'Save changes'}
        </button>
        <button type="button" className="button button-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
