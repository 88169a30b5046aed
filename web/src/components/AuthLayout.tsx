import type { ReactNode } from 'react';

/** The page around signing in and setting up an account: the brand, and one card in the middle. */
export function AuthLayout({ children, footnote }: { children: ReactNode; footnote?: ReactNode }) {
  return (
    <div className="auth-layout">
      <header className="auth-header">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Postbag
        </p>
      </header>
      <main id="main" className="auth-main">
        <div className="card auth-card">{children}</div>
        {footnote && <p className="auth-footnote">{footnote}</p>}
      </main>
    </div>
  );
}
