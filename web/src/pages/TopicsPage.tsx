import { useState, type FormEvent } from 'react';
import { api, type Topic } from '../api.js';
import { DataTable } from '../components/DataTable.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Page } from '../components/Page.js';
import { Section } from '../components/Section.js';
import { TextField } from '../components/TextField.js';
import { TopicRow } from '../components/topics/TopicRow.js';
import { useApiData } from '../useApiData.js';
import { useSubmit } from '../useSubmit.js';

/** The office's own list of case topics: add, rename, retire. */
export function TopicsPage() {
  const [version, setVersion] = useState(0);
  const loaded = useApiData(`topics-${version}`, (signal) => api.topics(signal));
  const [notice, setNotice] = useState('');
  const [name, setName] = useState('');
  const add = useSubmit();
  const change = useSubmit();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    let created: Topic | undefined;
    if ((await add.run(async () => (created = await api.createTopic(name)))) && created) {
      setName('');
      done(`The topic “${created.name}” was added.`);
    }
  }

  function done(message: string) {
    setNotice(message);
    setVersion((v) => v + 1);
  }

  async function rename(topic: Topic, newName: string): Promise<boolean> {
    let renamed: Topic | undefined;
    const ok = await change.run(async () => (renamed = await api.updateTopic(topic.id, { name: newName })));
    if (ok && renamed) done(`“${topic.name}” is now called “${renamed.name}”.`);
    return ok;
  }

  async function retire(topic: Topic, retired: boolean) {
    if (await change.run(() => api.updateTopic(topic.id, { retired }))) {
      done(retired ? `“${topic.name}” was retired: it stays on its cases, but is no longer offered for new ones.` : `“${topic.name}” is offered for cases again.`);
    }
  }

  const topics = loaded.data?.topics;
  return (
    <Page title="Topics" lead="What cases are about, in the office’s own words: offered when a case is opened or edited, and used to count cases by topic.">
      <div role="status" className="notice-slot">
        {notice && <p className="alert alert-info">{notice}</p>}
      </div>
      {loaded.state === 'failed' && <ErrorAlert error={loaded.error} title="The topics could not be loaded." />}
      {change.error !== null && <ErrorAlert error={change.error} title="The topic was not changed." />}
      <div className="stack">
        <Section title="Add a topic">
          <form onSubmit={submit} noValidate aria-label="Add a topic" className="form-page">
            {add.error !== null && <ErrorAlert error={add.error} title="The topic was not added." />}
            <TextField label="Name of the topic" value={name} onChange={(e) => setName(e.target.value)} error={add.problems.name} />
            <div className="form-actions">
              <button type="submit" className="button" aria-disabled={add.busy || undefined}>
                {add.busy ? 'Adding…' : 'Add the topic'}
              </button>
            </div>
          </form>
        </Section>
        <Section title="The office’s topics">
          {topics ? (
            <DataTable caption="Topics" busy={loaded.state === 'loading' || change.busy}>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Cases</th>
                  <th scope="col">Status</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {topics.map((topic) => (
                  <TopicRow key={`${topic.id}-${topic.name}`} topic={topic} busy={change.busy} onRename={rename} onRetire={(t, r) => void retire(t, r)} />
                ))}
              </tbody>
            </DataTable>
          ) : (
            <p className="muted">Loading the topics…</p>
          )}
        </Section>
      </div>
    </Page>
  );
}
