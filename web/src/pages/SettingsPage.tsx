import { Link } from '../components/Link.js';
import { Page } from '../components/Page.js';

const parts = [
  {
    href: '/settings/correspondence',
    label: 'Correspondence settings',
    description: 'The letterhead, logo and sending address; the mailboxes Postbag reads; the constituency’s postcodes and the public contact form.',
  },
  { href: '/settings/staff', label: 'Staff', description: 'Everyone’s account: invite a colleague, change a role, deactivate a leaver, reset a lost authenticator.' },
  { href: '/settings/topics', label: 'Topics', description: 'What cases are about, in the office’s own words: add, rename or retire a topic.' },
  { href: '/settings/templates', label: 'Templates', description: 'The office’s standard letters and e-mails, with merge fields such as the constituent’s name.' },
  { href: '/settings/case-access', label: 'Case access', description: 'Whether caseworkers see every case not marked sensitive, or only their own and those shared with them.' },
  { href: '/processing/controller', label: 'Controller’s details', description: 'Who the data controller is and how to reach them and the data protection lead, the ICO registration, and the security measures: for the record of processing and the privacy notice.' },
  { href: '/settings/sign-in', label: 'Sign-in settings', description: 'Who must use two-step verification.' },
  {
    href: '/settings/rights-deadlines',
    label: 'Rights request deadlines',
    description: 'The nation whose bank holidays move the statutory deadline, and the office’s own target in days.',
  },
] as const;

/** The office manager's settings, one page for each part. */
export function SettingsPage() {
  return (
    <Page title="Settings" lead="Who works in the office, how it writes, where its messages come from, and how staff sign in.">
      <ul className="card-grid">
        {parts.map((part) => (
          <li key={part.href} className="card capability-card">
            <h2>
              <Link href={part.href}>{part.label}</Link>
            </h2>
            <p>{part.description}</p>
          </li>
        ))}
      </ul>
    </Page>
  );
}
