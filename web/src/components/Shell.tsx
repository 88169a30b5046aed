import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Me } from '../api.js';
import { allowedCapabilities } from '../capabilities.js';
import { AccountSummary } from './AccountSummary.js';
import { HeaderSearch } from './HeaderSearch.js';
import { MainNav } from './MainNav.js';
import { OfficeTitle } from './OfficeTitle.js';
import { SkipLink } from './SkipLink.js';

interface Props {
  me: Me;
  pathname: string;
  onSignOut: () => void;
  signingOut: boolean;
  children: ReactNode;
}

const NAV_ID = 'main-nav';

/** Everything around a page once signed in: header, navigation and the main landmark. */
export function Shell({ me, pathname, onSignOut, signingOut, children }: Props) {
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const shownPath = useRef(pathname);
  const items = allowedCapabilities(me.permissions);

  // After moving to another page (not on first load), put focus on its heading so that
  // keyboard and screen reader users start there, as they would after a full page load.
  useEffect(() => {
    setMenuOpen(false);
    if (pathname === shownPath.current) return;
    shownPath.current = pathname;
    document.getElementById('page-title')?.focus();
  }, [pathname]);

  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setMenuOpen(false);
        menuButton.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  return (
    <div className="shell">
      <SkipLink />
      <header className="site-header">
        <div className="site-header-inner">
          <OfficeTitle me={me} />
          <button
            ref={menuButton}
            type="button"
            className="button button-header menu-button"
            aria-expanded={menuOpen}
            aria-controls={NAV_ID}
            onClick={() => setMenuOpen((open) => !open)}
          >
            <span className="menu-icon" aria-hidden="true" />
            Menu
          </button>
          {/* The search page has its own box; a second one there would only confuse. */}
          {me.permissions.includes('people:read') && pathname !== '/search' && <HeaderSearch />}
          <AccountSummary me={me} onSignOut={onSignOut} signingOut={signingOut} />
        </div>
      </header>
      <div className="layout">
        <MainNav id={NAV_ID} items={items} currentPath={pathname} open={menuOpen} onNavigate={() => setMenuOpen(false)} />
        <main id="main" className="content" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
