import { api } from '../api.js';
import { useApiData } from '../useApiData.js';
import { withheldWords } from '../words.js';
import { DataTable } from './DataTable.js';
import { DateText, DueDate } from './DateText.js';
import { ErrorAlert } from './ErrorAlert.js';
import { Link } from './Link.js';

/** The signed-in user's open tasks across their cases, soonest due first (the server's order). */
export function MyTasks() {
  const result = useApiData('my-tasks', (signal) => api.myTasks(signal));
  const tasks = result.data?.tasks ?? null;
  return (
    <section aria-labelledby="home-tasks">
      <h2 id="home-tasks">My tasks</h2>
      {result.state === 'failed' && <ErrorAlert error={result.error} title="Your tasks could not be loaded." />}
      {tasks === null ? (
        result.state === 'loading' && <p className="muted">Loading your tasks…</p>
      ) : tasks.length === 0 ? (
        <p>You have no open tasks.</p>
      ) : (
        <DataTable caption="My tasks" busy={result.state === 'loading'}>
          <thead>
            <tr>
              <th scope="col">Task</th>
              <th scope="col">Case</th>
              <th scope="col">Due</th>
              <th scope="col">Reminder</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => (
              <tr key={task.id}>
                <td className="wide">{task.withheld ? <span className="muted">{withheldWords}</span> : task.text}</td>
                <td className="nowrap">
                  <Link href={`/cases/${task.caseId}`} className="mono">
                    {task.reference}
                  </Link>
                </td>
                <td>
                  <DueDate dueOn={task.dueOn} overdue={task.overdue} />
                </td>
                <td className="nowrap">
                  {task.remindAt ? <DateText iso={task.remindAt} withTime /> : <span className="muted">None</span>}
                  {task.reminded && <span className="badge badge-waiting badge-after">Reminded</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </section>
  );
}
