import { api, type Dashboard as Figures } from '../../api.js';
import { formatDate, formatNumber } from '../../format.js';
import { useApiData } from '../../useApiData.js';
import { DateText } from '../DateText.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { FigurePanel, type FigureRow } from './FigurePanel.js';

type Band = { band: string; count: number };

const ageWords: Record<string, string> = { week: 'Under a week', month: '1 to 4 weeks', quarter: '1 to 3 months', year: '3 to 12 months', older: 'Over a year' };
const dueWords: Record<string, string> = { overdue: 'Overdue', week: 'Due within 7 days', later: 'Due later', none: 'No due date' };
const waitingWords: Record<string, string> = { day: 'Under a day', three_days: '1 to 3 days', week: '3 to 7 days', older: 'Over a week' };

const bandRows = (bands: readonly Band[], words: Record<string, string>): FigureRow[] => bands.map((b) => ({ label: words[b.band] ?? b.band, values: { count: b.count } }));
const countOf = (bands: readonly Band[], band: string) => bands.find((b) => b.band === band)?.count ?? 0;

function OpenCases({ figures, whose }: { figures: Figures['openCases']; whose: string }) {
  const lead = (
    <p>
      {formatNumber(figures.total)} open, of which {formatNumber(countOf(figures.byDue, 'overdue'))} overdue.
    </p>
  );
  return (
    <>
      <FigurePanel title={`${whose} open cases by age`} rowHeader="Opened" rows={bandRows(figures.byAge, ageWords)} series={[{ key: 'count', label: 'Cases' }]} lead={lead} />
      <FigurePanel title={`${whose} open cases by due date`} rowHeader="Due" rows={bandRows(figures.byDue, dueWords)} series={[{ key: 'count', label: 'Cases' }]} />
    </>
  );
}

function Messages({ figures }: { figures: NonNullable<Figures['messages']> }) {
  const lead = (
    <p>
      {formatNumber(figures.total)} waiting in the inbox: {formatNumber(figures.givenToYou)} given to you, {formatNumber(figures.unassigned)} not given to anyone yet.
      {figures.oldestReceivedAt && (
        <>
          {' '}
          The oldest arrived <DateText iso={figures.oldestReceivedAt} withTime />.
        </>
      )}
    </p>
  );
  return <FigurePanel title="Messages waiting" rowHeader="Waiting for" rows={bandRows(figures.byAge, waitingWords)} series={[{ key: 'count', label: 'Messages' }]} lead={lead} />;
}

function Office({ figures }: { figures: NonNullable<Figures['office']> }) {
  const owners = figures.byOwner.map((o) => ({ label: o.name ?? 'No one yet', values: { open: o.open, overdue: o.overdue } }));
  const openTopics = figures.openByTopic.map((t) => ({ label: t.name ?? 'No topic', values: { open: t.open, overdue: t.overdue } }));
  const weeks = figures.weeks.map((w) => ({ label: formatDate(w.weekStarting).replace(/ \d{4}$/, ''), values: { opened: w.opened, closed: w.closed } }));
  const { closing } = figures;
  const topics = [
    { label: 'All topics', values: { closed: closing.closed, medianDays: closing.medianDays } },
    ...closing.byTopic.map((t) => ({ label: t.name, values: { closed: t.closed, medianDays: t.medianDays } })),
  ];
  return (
    <>
      <FigurePanel title="Open cases by caseworker" rowHeader="Caseworker" rows={owners} series={[{ key: 'open', label: 'Open' }, { key: 'overdue', label: 'Overdue' }]} />
      <FigurePanel
        title="Open cases by topic"
        rowHeader="Topic"
        lead={<p>A case with more than one topic counts under each.</p>}
        rows={openTopics}
        series={[{ key: 'open', label: 'Open' }, { key: 'overdue', label: 'Overdue' }]}
      />
      <FigurePanel
        title={`Cases opened and closed each week, the last ${figures.weeks.length} weeks`}
        rowHeader="Week starting"
        rows={weeks}
        series={[{ key: 'opened', label: 'Opened' }, { key: 'closed', label: 'Closed' }]}
      />
      <FigurePanel
        title="Median days to close, by topic"
        rowHeader="Topic"
        lead={<p>Cases closed in the last {figures.weeks.length} weeks, from opening to closing.</p>}
        rows={topics}
        series={[{ key: 'medianDays', label: 'Median days' }, { key: 'closed', label: 'Cases closed', tableOnly: true }]}
      />
    </>
  );
}

/** The signed-in user's figures: their own cases and tasks, or (for those who oversee casework) the office's. */
export function Dashboard() {
  const result = useApiData('dashboard', (signal) => api.dashboard(signal));
  const figures = result.data;
  return (
    <section aria-labelledby="home-dashboard">
      <h2 id="home-dashboard">{figures?.scope === 'office' ? 'The office at a glance' : 'Your work at a glance'}</h2>
      {result.state === 'failed' && <ErrorAlert error={result.error} title="The figures could not be loaded." />}
      {figures === null ? (
        result.state === 'loading' && <p className="muted">Loading the figures…</p>
      ) : (
        <div className="figure-grid">
          <OpenCases figures={figures.openCases} whose={figures.scope === 'office' ? 'All' : 'Your'} />
          {figures.tasks && (
            <FigurePanel
              title="Your tasks by due date"
              rowHeader="Due"
              rows={bandRows(figures.tasks.byDue, dueWords)}
              series={[{ key: 'count', label: 'Tasks' }]}
              lead={<p>{formatNumber(figures.tasks.total)} open.</p>}
            />
          )}
          {figures.messages && <Messages figures={figures.messages} />}
          {figures.office && <Office figures={figures.office} />}
        </div>
      )}
    </section>
  );
}
