import { useCallback, useEffect, useState } from 'react';
import { ApiError, api, setCsrfToken, setSessionHandlers, type Me } from './api.js';
import { ErrorAlert } from './components/ErrorAlert.js';
import { Shell } from './components/Shell.js';
import { EnrolPage } from './pages/EnrolPage.js';
import { InvitePage } from './pages/InvitePage.js';
import { SignInPage } from './pages/SignInPage.js';
import { navigate, useLocation } from './router.js';
import { Routes } from './Routes.js';

type Session =
  | { kind: 'loading' }
  | { kind: 'unavailable'; error: unknown }
  | { kind: 'signedOut'; notice: string | null }
  | { kind: 'signedIn'; me: Me };

export function App() {
  const [session, setSession] = useState<Session>({ kind: 'loading' });
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<unknown>(null);
  const location = useLocation();

  const load = useCallback((signal?: AbortSignal) => {
    setSession({ kind: 'loading' });
    api.me(signal).then(
      (me) => setSession({ kind: 'signedIn', me }),
      (error: unknown) => {
        if (signal?.aborted) return;
        if (error instanceof ApiError && error.status === 401) setSession({ kind: 'signedOut', notice: null });
        else setSession({ kind: 'unavailable', error });
      },
    );
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  // The CSRF token belongs to the session: set it when signed in, forget it otherwise.
  useEffect(() => {
    setCsrfToken(session.kind === 'signedIn' ? session.me.csrfToken : null);
  }, [session]);

  // Any request that finds the session gone (expired, revoked) brings back the sign-in page,
  // at the same address, so that signing in again returns to the same place. One refused
  // until two-step verification is set up reloads /me, which then shows the enrolment page.
  useEffect(() => {
    setSessionHandlers({
      signedOut: () => setSession({ kind: 'signedOut', notice: 'Your session has ended. Sign in again to carry on.' }),
      enrolmentRequired: () => load(),
    });
    return () => setSessionHandlers(null);
  }, [load]);

  const signIn = useCallback((me: Me) => {
    setSignOutError(null);
    setCsrfToken(me.csrfToken);
    setSession({ kind: 'signedIn', me });
  }, []);

  const signOut = useCallback(async () => {
    setSigningOut(true);
    setSignOutError(null);
    try {
      await api.signOut();
    } catch (error) {
      // 401: the session had already ended, which is what was wanted.
      if (!(error instanceof ApiError && error.status === 401)) {
        setSigningOut(false);
        setSignOutError(error);
        return;
      }
    }
    setSigningOut(false);
    setCsrfToken(null);
    navigate('/', { replace: true });
    setSession({ kind: 'signedOut', notice: 'You have signed out.' });
  }, []);

  // An invitation is opened before the colleague has an account, whoever is signed in on this browser.
  const invite = /^\/invite\/([A-Za-z0-9_-]+)\/?$/.exec(location.pathname);
  if (invite?.[1]) return <InvitePage key={invite[1]} token={invite[1]} />;

  switch (session.kind) {
    case 'loading':
      return (
        <main id="main" className="loading-screen">
          <p role="status">Loading Postbag…</p>
        </main>
      );
    case 'unavailable':
      return (
        <main id="main" className="content content-narrow">
          <h1>Postbag is not available</h1>
          <ErrorAlert error={session.error} />
          <button type="button" className="button" onClick={() => load()}>
            Try again
          </button>
        </main>
      );
    case 'signedOut':
      return <SignInPage onSignedIn={signIn} notice={session.notice} />;
    case 'signedIn': {
      const { me } = session;
      if (me.twoFactor.enrolmentRequired && !me.twoFactor.enrolled) {
        return <EnrolPage me={me} onEnrolled={signIn} onSignOut={signOut} signingOut={signingOut} />;
      }
      return (
        <Shell me={me} pathname={location.pathname} onSignOut={signOut} signingOut={signingOut}>
          {signOutError !== null && <ErrorAlert error={signOutError} title="You are still signed in." />}
          <Routes me={me} location={location} />
        </Shell>
      );
    }
  }
}
