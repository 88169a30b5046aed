import type { StaffMember, TopicList } from '../api.js';
import { type CaseListView, caseListHref } from '../caseListAddress.js';
import { navigate } from '../router.js';
import { caseStatusLabel, caseStatuses } from '../words.js';
import { CheckboxField } from './CheckboxField.js';
import { SelectField, type Option } from './SelectField.js';

interface Props {
  view: CaseListView;
  /** The signed-in user, left out of the named colleagues (they have "Me"). */
  myId: string;
  staff: readonly StaffMember[];
  topics: TopicList['topics'];
}

/** Keeps a value the address names even when the lists have not loaded (or no longer offer it). */
function withCurrent(options: Option[], current: string): Option[] {
  return current === '' || options.some((option) => option.value === current) ? options : [...options, { value: current, label: current }];
}

/**
 * The case list's filters. Each change is a new address (pushed, so Back undoes it); focus
 * stays on the control, since only the query changes.
 */
export function CaseFilters({ view, myId, staff, topics }: Props) {
  const set = (changes: Partial<CaseListView>) => navigate(caseListHref(view, changes));

  const statusOptions: Option[] = [{ value: 'active', label: 'Active (not closed)' }, ...caseStatuses.map((value) => ({ value, label: caseStatusLabel(value) }))];
  const ownerOptions: Option[] = [
    { value: 'me', label: 'Me' },
    { value: 'none', label: 'Unassigned' },
    ...staff.filter((member) => member.worksCases && member.id !== myId).map((member) => ({ value: member.id, label: member.name })),
  ];
  const topicOptions: Option[] = topics.filter((topic) => !topic.retired || topic.id === view.topic).map((topic) => ({ value: topic.id, label: topic.name }));

  return (
    <form className="filters" aria-label="Filter cases" onSubmit={(event) => event.preventDefault()}>
      <SelectField label="Status" placeholder="Any status" options={withCurrent(statusOptions, view.status)} value={view.status} onChange={(event) => set({ status: event.target.value })} />
      <SelectField label="Owner" placeholder="Anyone" options={withCurrent(ownerOptions, view.owner)} value={view.owner} onChange={(event) => set({ owner: event.target.value })} />
      <SelectField label="Topic" placeholder="Any topic" options={withCurrent(topicOptions, view.topic)} value={view.topic} onChange={(event) => set({ topic: event.target.value })} />
      <CheckboxField label="Overdue only" checked={view.overdue} onChange={(overdue) => set({ overdue })} />
    </form>
  );
}
