import type { TopicList } from '../api.js';
import { CheckboxGroup } from './CheckboxGroup.js';

interface Props {
  topics: TopicList['topics'];
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
  error?: string | undefined;
}

/** The office's topics as checkboxes (retired ones are no longer offered). */
export function TopicChoices({ topics, chosen, onChange, error }: Props) {
  const offered = topics.filter((topic) => !topic.retired).map((topic) => ({ value: topic.id, label: topic.name }));
  return <CheckboxGroup legend="Topics" options={offered} chosen={chosen} onChange={onChange} error={error} empty="Loading topics…" />;
}
