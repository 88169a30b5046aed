import { useState, type FormEvent } from 'react';
import { api, type CaseClosing } from '../../api.js';
import type { CaseChanged } from '../../pages/CasePage.js';
import { useSubmit } from '../../useSubmit.js';
import { outcomeLabel, outcomes } from '../../words.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { RadioGroup } from '../RadioGroup.js';
import { SelectField } from '../SelectField.js';
import { TextAreaField } from '../TextAreaField.js';

interface Props {
  caseId: string;
  /** Flagged and no Article 9 condition yet: the server will refuse, so say so before the user tries. */
  needsCondition: boolean;
  /** Tasks not done yet: the form asks whether they close with the case or stay open. */
  openTasks: number;
  onChanged: CaseChanged;
}

type TaskChoice = NonNullable<CaseClosing['openTasks']>;
const taskChoices = (one: boolean): { value: TaskChoice; label: string }[] =>
  one
    ? [
        { value: 'close', label: 'Close it with the case' },
        { value: 'keep', label: 'Keep it open (it stays in its owner’s task list)' },
      ]
    : [
        { value: 'close', label: 'Close them with the case' },
        { value: 'keep', label: 'Keep them open (they stay in their owners’ task lists)' },
      ];

/** Closing with the outcome and a short note. The server checks everything and its refusal is shown here. */
export function CloseCaseForm({ caseId, needsCondition, openTasks, onChanged }: Props) {
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  const [tasks, setTasks] = useState<TaskChoice | ''>('');
  const submit = useSubmit();

  async function close(event: FormEvent) {
    event.preventDefault();
    const ok = await submit.run(() => api.closeCase(caseId, { outcome, outcomeNote: note, ...(openTasks > 0 && tasks ? { openTasks: tasks } : {}) }));
    if (ok) onChanged(`The case is closed: ${outcomeLabel(outcome).toLowerCase()}.${closedTasksWords(openTasks, tasks)}`);
  }

  return (
    <form className="subform" onSubmit={close} noValidate aria-label="Close the case">
      <h3>Close the case</h3>
      {needsCondition && <p className="text-warning">This case holds special category data: record its Article 9 condition first.</p>}
      {submit.error !== null && <ErrorAlert error={submit.error} title="The case was not closed." />}
      <SelectField
        label="Outcome"
        placeholder="Choose an outcome"
        options={outcomes.map((value) => ({ value, label: outcomeLabel(value) }))}
        value={outcome}
        onChange={(event) => setOutcome(event.target.value)}
        error={submit.problems.outcome}
      />
      <TextAreaField label="Outcome note" hint="A sentence or two on how it ended." rows={3} value={note} onChange={(event) => setNote(event.target.value)} error={submit.problems.outcomeNote} />
      {openTasks > 0 && (
        <RadioGroup
          legend={openTasks === 1 ? 'The case has an open task' : `The case has ${openTasks} open tasks`}
          name="open-tasks"
          options={taskChoices(openTasks === 1)}
          value={tasks}
          onChange={(value) => setTasks(value as TaskChoice)}
          error={submit.problems.openTasks}
        />
      )}
      <button type="submit" className="button" disabled={submit.busy}>
        {submit.busy ? 'Closing…' : 'Close the case'}
      </button>
    </form>
  );
}

function closedTasksWords(openTasks: number, choice: string): string {
  if (openTasks === 0) return '';
  const them = openTasks === 1 ? 'Its open task' : `Its ${openTasks} open tasks`;
  return choice === 'close' ? ` ${them} closed with it.` : ` ${them} stay open.`;
}
