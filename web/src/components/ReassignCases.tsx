import { useState, type FormEvent } from 'react';
import { ApiError, api, type StaffMember } from '../api.js';
import { useSubmit } from '../useSubmit.js';
import { ErrorAlert } from './ErrorAlert.js';
import { SelectField } from './SelectField.js';

interface Props {
  /** The cases ticked on this page, in the list's order. */
  selected: readonly { id: string; reference: string }[];
  staff: readonly StaffMember[];
  /** After a reassignment: what to announce (the list is loaded again and the ticks cleared). */
  onReassigned: (message: string) => void;
}

/**
 * A manager gives the ticked cases to one colleague. The server reassigns all of them or none;
 * a refusal names each case that stopped it, shown here by its reference.
 */
export function ReassignCases({ selected, staff, onReassigned }: Props) {
  const [ownerId, setOwnerId] = useState('');
  const submit = useSubmit();
  const caseworkers = staff.filter((member) => member.worksCases).map((member) => ({ value: member.id, label: member.name }));
  const failure = submit.error instanceof ApiError ? submit.error : null;
  // The server names a refused case by its place in the request (body.caseIds.3).
  const refusedCases = (failure?.problems ?? []).flatMap((problem) => {
    const index = /^body\.caseIds\.(\d+)$/.exec(problem.path)?.[1];
    const item = index === undefined ? undefined : selected[Number(index)];
    return item ? [{ reference: item.reference, message: problem.message }] : [];
  });

  async function reassign(event: FormEvent) {
    event.preventDefault();
    const caseIds = selected.map((item) => item.id);
    let moved = 0;
    const ok = await submit.run(async () => {
      moved = (await api.reassignCases({ caseIds, ownerId })).reassigned.length;
    });
    if (!ok) return;
    const name = staff.find((member) => member.id === ownerId)?.name ?? 'the new owner';
    const already = caseIds.length - moved;
    onReassigned(`${plural(moved)} given to ${name}.${already ? ` ${plural(already)} ${already === 1 ? 'was' : 'were'} theirs already.` : ''}`);
  }

  return (
    <form className="filters reassign" onSubmit={reassign} noValidate aria-label="Reassign selected cases">
      <p className="reassign-count" aria-live="polite">
        {selected.length === 0 ? 'Tick cases in the list to reassign them.' : `${plural(selected.length)} selected.`}
      </p>
      <SelectField label="Give them to" placeholder="Choose a colleague" options={caseworkers} value={ownerId} onChange={(event) => setOwnerId(event.target.value)} error={submit.problems.ownerId} />
      <button type="submit" className="button" disabled={submit.busy || selected.length === 0}>
        {submit.busy ? 'Reassigning…' : 'Reassign selected'}
      </button>
      {submit.error !== null && (
        <div className="reassign-error">
          <ErrorAlert error={submit.error} title="No case was reassigned." />
          {refusedCases.length > 0 && (
            <ul>
              {refusedCases.map((item) => (
                <li key={item.reference}>
                  {item.reference} {item.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}

const plural = (n: number) => (n === 1 ? '1 case' : `${n} cases`);
