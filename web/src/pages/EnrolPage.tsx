import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, api, type Me, type TwoFactorSetup } from '../api.js';
import { AccountSummary } from '../components/AccountSummary.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { OfficeTitle } from '../components/OfficeTitle.js';
import { SkipLink } from '../components/SkipLink.js';
import { TotpCodeField } from '../components/TotpCodeField.js';
import { fieldProblems } from '../problems.js';

interface Props {
  me: Me;
  onEnrolled: (me: Me) => void;
  onSignOut: () => void;
  signingOut: boolean;
}

/** The secret in groups of four, easier to type into an app by hand. */
function grouped(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * The office requires two-step verification and this user has not set it up: nothing else
 * is shown until they have.
 */
export function EnrolPage({ me, onEnrolled, onSignOut, signingOut }: Props) {
  const [setup, setSetup] = useState<TwoFactorSetup | null>(null);
  const [enrolled, setEnrolled] = useState<{ me: Me; recoveryCodes: string[] } | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [codeProblem, setCodeProblem] = useState<string | undefined>();
  const codeInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Set up two-step verification – Postbag';
  }, []);

  const savedHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (setup) codeInput.current?.focus();
  }, [setup]);

  useEffect(() => {
    if (enrolled) savedHeading.current?.focus();
  }, [enrolled]);

  async function start() {
    setBusy(true);
    setError(null);
    try {
      setSetup(await api.twoFactorSetup());
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setCodeProblem(undefined);
    try {
      const { recoveryCodes, ...signedIn } = await api.twoFactorConfirm(code.replace(/\s+/g, ''));
      setEnrolled({ me: signedIn, recoveryCodes });
    } catch (caught) {
      setBusy(false);
      setError(caught);
      if (caught instanceof ApiError) {
        setCodeProblem(fieldProblems(caught.problems).code);
        if (caught.code === 'TWO_FACTOR_INVALID') setCode('');
      }
      codeInput.current?.focus();
    }
  }

  return (
    <div className="shell">
      <SkipLink />
      <header className="site-header">
        <div className="site-header-inner">
          <OfficeTitle me={me} linkHome={false} />
          <AccountSummary me={me} onSignOut={onSignOut} signingOut={signingOut} />
        </div>
      </header>
      <main id="main" className="content content-narrow" tabIndex={-1}>
        <h1>Set up two-step verification</h1>
        <p className="lead">
          {me.office.name} asks everyone to confirm their sign-in with a code from an authenticator app on their phone (for
          example Google Authenticator, Microsoft Authenticator or 1Password). You need to set this up before you can use
          Postbag.
        </p>
        {error !== null && <ErrorAlert error={error} />}
        {enrolled ? (
          <section aria-labelledby="recovery-codes-heading">
            <h2 id="recovery-codes-heading" ref={savedHeading} tabIndex={-1}>
              Save your recovery codes
            </h2>
            <p>
              Two-step verification is on. If you lose your phone, sign in with one of these codes instead of a code from the app. Each
              works once. Print them or keep them in a password manager now: they are shown only this once.
            </p>
            <ul className="recovery-codes" aria-label="Recovery codes">
              {enrolled.recoveryCodes.map((recoveryCode) => (
                <li key={recoveryCode}>
                  <code>{recoveryCode}</code>
                </li>
              ))}
            </ul>
            <div className="form-actions">
              <button type="button" className="button" onClick={() => onEnrolled(enrolled.me)}>
                I have saved these codes, continue
              </button>
            </div>
          </section>
        ) : setup === null ? (
          <button type="button" className="button" onClick={start} disabled={busy}>
            {busy ? 'Preparing…' : 'Start setting up'}
          </button>
        ) : (
          <ol className="steps">
            <li>
              <p>In your authenticator app, add an account and scan this QR code:</p>
              <img
                className="qr-code"
                src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`}
                alt="QR code of the setup key for your authenticator app"
                width={200}
                height={200}
              />
              <p>Or choose to enter a setup key, and enter this key:</p>
              <p className="secret">
                <span className="visually-hidden">Setup key: </span>
                <code>{grouped(setup.secret)}</code>
              </p>
              <p className="field-hint">
                On this phone? <a href={setup.otpauthUrl}>Open the key in your authenticator app</a> instead.
              </p>
            </li>
            <li>
              <p>Type the 6-digit code the app now shows for Postbag.</p>
              <form onSubmit={confirm} noValidate aria-label="Confirm two-step verification">
                <TotpCodeField ref={codeInput} value={code} onChange={setCode} error={codeProblem} />
                <div className="form-actions">
                  <button type="submit" className="button" disabled={busy}>
                    {busy ? 'Checking…' : 'Confirm and continue'}
                  </button>
                </div>
              </form>
            </li>
          </ol>
        )}
      </main>
    </div>
  );
}
