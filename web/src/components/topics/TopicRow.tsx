import { useState, type FormEvent } from 'react';
import type { Topic } from '../../api.js';
import { formatNumber } from '../../format.js';

interface Props {
  topic: Topic;
  busy: boolean;
  onRename: (topic: Topic, name: string) => Promise<boolean>;
  onRetire: (topic: Topic, retired: boolean) => void;
}

/** One topic: renamed in place; retired (it stays on its cases but is no longer offered) or brought back. */
export function TopicRow({ topic, busy, onRename, onRetire }: Props) {
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(topic.name);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (await onRename(topic, name)) setRenaming(false);
  }

  return (
    <tr>
      <td className="break">
        {renaming ? (
          <form onSubmit={submit} noValidate className="button-row" aria-label={`Rename ${topic.name}`}>
            <input className="input" aria-label={`New name for ${topic.name}`} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
            <button type="submit" className="button button-small" aria-disabled={busy || undefined}>
              Save the name
            </button>
            <button type="button" className="button button-secondary button-small" onClick={() => setRenaming(false)}>
              Cancel
            </button>
          </form>
        ) : (
          topic.name
        )}
      </td>
      <td>{formatNumber(topic.cases)}</td>
      <td>{topic.retired ? <span className="badge badge-muted">Retired</span> : <span className="badge badge-active">In use</span>}</td>
      <td>
        <div className="button-row">
          {!renaming && (
            <button type="button" className="button button-secondary button-small" aria-label={`Rename ${topic.name}`} onClick={() => setRenaming(true)}>
              Rename
            </button>
          )}
          <button
            type="button"
            className="button button-secondary button-small"
            aria-label={`${topic.retired ? 'Bring back' : 'Retire'} ${topic.name}`}
            onClick={() => !busy && onRetire(topic, !topic.retired)}
          >
            {topic.retired ? 'Bring back' : 'Retire'}
          </button>
        </div>
      </td>
    </tr>
  );
}
