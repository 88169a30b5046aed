import type { Me } from './api.js';
import { capabilityAt } from './capabilities.js';
import { CasesPage } from './pages/CasesPage.js';
import { ComingSoonPage } from './pages/ComingSoonPage.js';
import { HomePage } from './pages/HomePage.js';
import { JobsPage } from './pages/JobsPage.js';
import { NoAccessPage } from './pages/NoAccessPage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import type { Location } from './router.js';

/** The page for an address. Pages the user's permissions do not cover say so rather than failing. */
export function Routes({ me, location }: { me: Me; location: Location }) {
  const pathname = location.pathname.replace(/\/+$/, '') || '/';
  if (pathname === '/') return <HomePage me={me} />;

  const capability = capabilityAt(pathname);
  if (!capability) return <NotFoundPage />;
  if (!me.permissions.includes(capability.permission)) return <NoAccessPage capability={capability} />;

  switch (capability.path) {
    case '/cases':
      return <CasesPage key="cases" search={location.search} />;
    case '/jobs':
      return <JobsPage key="jobs" search={location.search} canManage={me.permissions.includes('jobs:manage')} />;
    default:
      return <ComingSoonPage capability={capability} />;
  }
}
