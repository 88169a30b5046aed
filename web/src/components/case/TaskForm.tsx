import { useState, type FormEvent } from 'react';
import { api, type StaffMember } from '../../api.js';
import { localToIso } from '../../dateInput.js';
import type { CaseChanged } from '../../pages/CasePage.js';
import { useSubmit } from '../../useSubmit.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { SelectField } from '../SelectField.js';
import { TextField } from '../TextField.js';

interface Props {
  caseId: string;
  staff: readonly StaffMember[];
  myId: string;
  onChanged: CaseChanged;
}

export function TaskForm({ caseId, staff, myId, onChanged }: Props) {
  const [text, setText] = useState('');
  const [assignee, setAssignee] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [remindAt, setRemindAt] = useState('');
  const submit = useSubmit();
  const colleagues = staff.filter((member) => member.worksCases && member.id !== myId).map((member) => ({ value: member.id, label: member.name }));

  async function add(event: FormEvent) {
    event.preventDefault();
    const body = { text, assigneeId: assignee || undefined, dueOn: dueOn || undefined, remindAt: localToIso(remindAt) };
    if (await submit.run(() => api.addTask(caseId, body))) {
      setText('');
      setAssignee('');
      setDueOn('');
      setRemindAt('');
      onChanged('Task added to the timeline.');
    }
  }

  return (
    <form className="subform" onSubmit={add} noValidate aria-label="Add a task">
      {submit.error !== null && <ErrorAlert error={submit.error} title="The task was not added." />}
      <TextField label="Task" value={text} onChange={(event) => setText(event.target.value)} error={submit.problems.text} />
      <div className="field-row">
        <SelectField label="For" placeholder="Me" options={colleagues} value={assignee} onChange={(event) => setAssignee(event.target.value)} error={submit.problems.assigneeId} />
        <TextField label="Due date (optional)" type="date" value={dueOn} onChange={(event) => setDueOn(event.target.value)} error={submit.problems.dueOn} />
        <TextField label="Reminder (optional)" type="datetime-local" value={remindAt} onChange={(event) => setRemindAt(event.target.value)} error={submit.problems.remindAt} />
      </div>
      <button type="submit" className="button" disabled={submit.busy}>
        {submit.busy ? 'Adding…' : 'Add task'}
      </button>
    </form>
  );
}
