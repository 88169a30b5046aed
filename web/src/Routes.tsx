import type { ReactNode } from 'react';
import type { Me } from './api.js';
import { capabilityAt, type Capability } from './capabilities.js';
import { CaseAccessSettingsPage } from './pages/CaseAccessSettingsPage.js';
import { CasePage } from './pages/CasePage.js';
import { CasesPage } from './pages/CasesPage.js';
import { DirectoryPage } from './pages/DirectoryPage.js';
import { CorrespondenceSettingsPage } from './pages/CorrespondenceSettingsPage.js';
import { ComingSoonPage } from './pages/ComingSoonPage.js';
import { HomePage } from './pages/HomePage.js';
import { ImportMailPage } from './pages/ImportMailPage.js';
import { InboxPage } from './pages/InboxPage.js';
import { JobsPage } from './pages/JobsPage.js';
import { MergePage } from './pages/MergePage.js';
import { MessagePage } from './pages/MessagePage.js';
import { NewCasePage } from './pages/NewCasePage.js';
import { NewMailingPage, NewsletterPage } from './pages/NewsletterPage.js';
import { NewslettersPage } from './pages/NewslettersPage.js';
import { NoAccessPage } from './pages/NoAccessPage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { OrganisationPage } from './pages/OrganisationPage.js';
import { CampaignPage } from './pages/CampaignPage.js';
import { PeoplePage } from './pages/PeoplePage.js';
import { PersonPage } from './pages/PersonPage.js';
import { ProcessingPage } from './pages/ProcessingPage.js';
import { ControllerPage } from './pages/ControllerPage.js';
import { PrivacyNoticePage } from './pages/PrivacyNoticePage.js';
import { SearchPage } from './pages/SearchPage.js';
import { SignInSettingsPage } from './pages/SignInSettingsPage.js';
import { RightsClockSettingsPage } from './pages/RightsClockSettingsPage.js';
import { SettingsPage } from './pages/SettingsPage.js';
import { StaffPage } from './pages/StaffPage.js';
import { SubscribersPage } from './pages/SubscribersPage.js';
import { SuppressionsPage } from './pages/SuppressionsPage.js';
import { TemplatesPage } from './pages/TemplatesPage.js';
import { TopicsPage } from './pages/TopicsPage.js';
import type { Location } from './router.js';

const ID = '([0-9a-fA-F-]{36})';

/** Pages below a capability's own page: the permission each needs, and what to say when it is missing. */
interface Route {
  pattern: RegExp;
  /** The area it belongs to, for the no-access page. */
  area: string;
  permission: string;
  /** "open cases": what the role does not allow, for the no-access page. */
  refused?: string;
  render: (id: string, me: Me, location: Location) => ReactNode;
}

const can = (me: Me, permission: string) => me.permissions.includes(permission);

const routes: Route[] = [
  { pattern: /^\/cases\/new$/, area: '/cases', permission: 'cases:write', refused: 'open cases', render: (_id, me, location) => <NewCasePage key="new-case" me={me} search={location.search} /> },
  { pattern: new RegExp(`^/cases/${ID}$`), area: '/cases', permission: 'cases:read', render: (id, me) => <CasePage key={id} caseId={id} me={me} /> },
  { pattern: new RegExp(`^/people/${ID}/merge$`), area: '/people', permission: 'people:write', refused: 'merge records', render: (id) => <MergePage key={id} personId={id} /> },
  { pattern: new RegExp(`^/people/${ID}$`), area: '/people', permission: 'people:read', render: (id, me) => <PersonPage key={id} personId={id} me={me} /> },
  { pattern: new RegExp(`^/organisations/${ID}$`), area: '/directory', permission: 'people:read', render: (id, me) => <OrganisationPage key={id} organisationId={id} me={me} /> },
  { pattern: /^\/inbox\/import$/, area: '/inbox', permission: 'cases:write', refused: 'import e-mail', render: () => <ImportMailPage key="import-mail" /> },
  // A message on a case is read with the case's permission; the server applies need-to-know.
  { pattern: new RegExp(`^/messages/${ID}$`), area: '/inbox', permission: 'cases:read', render: (id, me) => <MessagePage key={id} messageId={id} me={me} /> },
  { pattern: new RegExp(`^/campaigns/${ID}$`), area: '/inbox', permission: 'inbox:read', render: (id, me) => <CampaignPage key={id} campaignId={id} me={me} /> },
  { pattern: /^\/settings\/correspondence$/, area: '/settings', permission: 'office:manage', render: (_id, me) => <CorrespondenceSettingsPage key="correspondence-settings" me={me} /> },
  { pattern: /^\/settings\/templates$/, area: '/settings', permission: 'office:manage', render: () => <TemplatesPage key="templates" /> },
  { pattern: /^\/settings\/sign-in$/, area: '/settings', permission: 'office:manage', render: (_id, me) => <SignInSettingsPage key="sign-in-settings" me={me} /> },
  { pattern: /^\/settings\/staff$/, area: '/settings', permission: 'office:manage', render: (_id, me) => <StaffPage key="staff" me={me} /> },
  { pattern: /^\/settings\/topics$/, area: '/settings', permission: 'office:manage', render: () => <TopicsPage key="topics" /> },
  { pattern: /^\/settings\/case-access$/, area: '/settings', permission: 'office:manage', render: () => <CaseAccessSettingsPage key="case-access-settings" /> },
  { pattern: /^\/settings\/rights-deadlines$/, area: '/settings', permission: 'office:manage', render: () => <RightsClockSettingsPage key="rights-deadlines-settings" /> },
  { pattern: /^\/processing\/notice$/, area: '/processing', permission: 'processing:read', render: (_id, me) => <PrivacyNoticePage key="privacy-notice" me={me} /> },
  { pattern: /^\/processing\/controller$/, area: '/processing', permission: 'processing:read', render: (_id, me) => <ControllerPage key="controller" me={me} /> },
  { pattern: /^\/outreach\/subscribers$/, area: '/outreach', permission: 'outreach:read', render: () => <SubscribersPage key="subscribers" /> },
  { pattern: /^\/newsletters\/new$/, area: '/newsletters', permission: 'outreach:send', refused: 'write newsletters', render: () => <NewMailingPage key="new-mailing" /> },
  { pattern: new RegExp(`^/newsletters/${ID}$`), area: '/newsletters', permission: 'outreach:read', render: (id, me) => <NewsletterPage key={id} mailingId={id} me={me} /> },
  { pattern: /^\/search$/, area: '/people', permission: 'people:read', refused: 'search people and cases', render: () => <SearchPage key="search" /> },
];

function capabilityPage(capability: Capability, me: Me, location: Location) {
  switch (capability.path) {
    case '/inbox':
      return <InboxPage key="inbox" search={location.search} me={me} />;
    case '/cases':
      return <CasesPage key="cases" search={location.search} me={me} />;
    case '/people':
      return <PeoplePage key="people" search={location.search} />;
    case '/directory':
      return <DirectoryPage key="directory" search={location.search} />;
    case '/settings':
      return <SettingsPage key="settings" />;
    case '/newsletters':
      return <NewslettersPage key="newsletters" me={me} />;
    case '/processing':
      return <ProcessingPage key="processing" me={me} />;
    case '/suppressions':
      return <SuppressionsPage key="suppressions" />;
    case '/jobs':
      return <JobsPage key="jobs" search={location.search} canManage={can(me, 'jobs:manage')} />;
    default:
      return <ComingSoonPage capability={capability} />;
  }
}

/** The page for an address. Pages the user's permissions do not cover say so rather than failing. */
export function Routes({ me, location }: { me: Me; location: Location }) {
  const pathname = location.pathname.replace(/\/+$/, '') || '/';
  if (pathname === '/') return <HomePage me={me} />;

  for (const route of routes) {
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    const area = capabilityAt(route.area);
    if (!area) return <NotFoundPage />;
    if (!can(me, route.permission)) return <NoAccessPage capability={area} refused={route.refused} />;
    return route.render((match[1] ?? '').toLowerCase(), me, location);
  }

  const capability = capabilityAt(pathname);
  if (!capability) return <NotFoundPage />;
  if (!can(me, capability.permission)) return <NoAccessPage capability={capability} />;
  return capabilityPage(capability, me, location);
}
