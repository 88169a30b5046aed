import { useState, type FormEvent } from 'react';
import { api, type MessageDetail, type StaffMember } from '../../api.js';
import { useSubmit } from '../../useSubmit.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { SelectField } from '../SelectField.js';

interface Props {
  message: MessageDetail;
  staff: readonly StaffMember[];
  myId: string;
  onAssigned: (notice: string) => void;
}

/** Gives the message to a colleague who works cases, or to nobody. */
export function AssignMessage({ message, staff, myId, onAssigned }: Props) {
  const [assignee, setAssignee] = useState(message.assignee?.id ?? '');
  const submit = useSubmit();
  const options = staff.filter((member) => member.worksCases).map((member) => ({ value: member.id, label: member.id === myId ? `Me (${member.name})` : member.name }));

  async function assign(event: FormEvent) {
    event.preventDefault();
    const name = options.find((option) => option.value === assignee)?.label;
    if (await submit.run(() => api.assignMessage(message.id, assignee || null))) onAssigned(name ? `Message assigned to ${name}.` : 'Message unassigned.');
  }

  return (
    <form className="subform" onSubmit={assign} noValidate aria-label="Assign the message">
      {submit.error !== null && <ErrorAlert error={submit.error} title="The message was not assigned." />}
      <SelectField label="Assign to" placeholder="Nobody" options={options} value={assignee} onChange={(event) => setAssignee(event.target.value)} error={submit.problems.assigneeId} />
      <button type="submit" className="button button-secondary" disabled={submit.busy}>
        {submit.busy ? 'Assigning…' : 'Assign'}
      </button>
    </form>
  );
}
