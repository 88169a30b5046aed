import type { Me } from '../api.js';
import { allowedCapabilities, roleLabel } from '../capabilities.js';
import { Dashboard } from '../components/dashboard/Dashboard.js';
import { Link } from '../components/Link.js';
import { MyTasks } from '../components/MyTasks.js';
import { Page } from '../components/Page.js';

function greeting(now: Date): string {
  const hour = Number(new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: 'Europe/London' }).format(now));
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

export function HomePage({ me }: { me: Me }) {
  const items = allowedCapabilities(me.permissions);
  return (
    <Page
      title={`${greeting(new Date())}, ${me.user.displayName}`}
      lead={
        <>
          You are signed in to {me.office.name}, the office of {me.office.memberName}, as {roleLabel(me.user.role).toLowerCase()}.
        </>
      }
    >
      {me.permissions.includes('cases:read') && (
        <>
          <Dashboard />
          <MyTasks />
        </>
      )}
      {items.length === 0 ? (
        <p>Your role does not give you access to any part of Postbag yet. Ask your office manager if you need it.</p>
      ) : (
        <section aria-labelledby="home-areas">
          <h2 id="home-areas">What you can do here</h2>
          <ul className="card-grid">
            {items.map((item) => (
              <li key={item.path} className="card capability-card">
                <h3>
                  <Link href={item.path}>{item.label}</Link>
                </h3>
                {!item.ready && <p className="badge badge-muted">Coming soon</p>}
                <p>{item.description}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Page>
  );
}
