import type { TopicList } from '../api.js';
import { FieldError } from './Field.js';

interface Props {
  topics: TopicList['topics'];
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
  error?: string | undefined;
}

/** The office's topics as checkboxes (retired ones are no longer offered). */
export function TopicChoices({ topics, chosen, onChange, error }: Props) {
  const offered = topics.filter((topic) => !topic.retired);
  const toggle = (id: string, on: boolean) => onChange(on ? [...chosen, id] : chosen.filter((t) => t !== id));
  return (
    <fieldset className={`field fieldset${error ? ' field-invalid' : ''}`} aria-describedby={error ? 'topics-error' : undefined}>
      <legend>Topics</legend>
      {error && <FieldError id="topics-error" field="Topics" message={error} />}
      {offered.length === 0 ? (
        <p className="muted">Loading topics…</p>
      ) : (
        <div className="choice-columns">
          {offered.map((topic) => (
            <label key={topic.id} className="choice">
              <input type="checkbox" checked={chosen.includes(topic.id)} onChange={(event) => toggle(topic.id, event.target.checked)} />
              <span>{topic.name}</span>
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}
