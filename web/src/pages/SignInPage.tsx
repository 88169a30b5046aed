import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, api, type Me } from '../api.js';
import { TextField } from '../components/TextField.js';
import { TotpCodeField } from '../components/TotpCodeField.js';
import { fieldProblems } from '../problems.js';
import { AuthLayout } from '../components/AuthLayout.js';

interface Props {
  onSignedIn: (me: Me) => void;
  /** Why the user is here, e.g. "You have signed out." */
  notice?: string | null;
}

type Message = { kind: 'error' | 'info'; text: string; requestId: string | null };

export function SignInPage({ onSignedIn, notice }: Props) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  /** The authenticator is lost: a one-time recovery code instead of the app's code. */
  const [useRecovery, setUseRecovery] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const codeInput = useRef<HTMLInputElement>(null);
  const emailInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Sign in – Postbag';
  }, []);

  useEffect(() => {
    if (needsCode) codeInput.current?.focus();
  }, [needsCode, useRecovery]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setProblems({});
    try {
      const secondStep = useRecovery ? { recoveryCode: code.trim() } : { code: code.replace(/\s+/g, '') };
      const me = await api.signIn({ email: email.trim(), password, ...(needsCode ? secondStep : {}) });
      onSignedIn(me);
    } catch (error) {
      setBusy(false);
      if (!(error instanceof ApiError)) {
        setMessage({ kind: 'error', text: 'Something went wrong. Try again.', requestId: null });
        return;
      }
      switch (error.code) {
        case 'TWO_FACTOR_REQUIRED':
          setNeedsCode(true);
          setMessage({ kind: 'info', text: error.message, requestId: null });
          return;
        case 'TWO_FACTOR_INVALID':
          setNeedsCode(true);
          setCode('');
          codeInput.current?.focus();
          break;
        case 'INVALID_CREDENTIALS':
          setPassword('');
          break;
        case 'VALIDATION_FAILED':
          setProblems(fieldProblems(error.problems));
          break;
      }
      setMessage({ kind: 'error', text: error.message, requestId: error.status >= 500 ? error.requestId : null });
    }
  }

  function switchSecondStep() {
    setUseRecovery(!useRecovery);
    setCode('');
    setProblems({});
  }

  function startAgain() {
    setNeedsCode(false);
    setUseRecovery(false);
    setCode('');
    setPassword('');
    setMessage(null);
    emailInput.current?.focus();
  }

  return (
    <AuthLayout footnote="Locked out or lost your authenticator? Ask your office manager to reset your account.">
      <h1>Sign in</h1>
      <p className="lead">Casework and constituent communications for your office.</p>
      {notice && !message && (
        <p className="alert alert-info" role="status">
          {notice}
        </p>
      )}
      {message && (
        <div className={`alert ${message.kind === 'error' ? 'alert-error' : 'alert-info'}`} role="alert">
          <p>{message.text}</p>
          {message.requestId && <p className="alert-reference">Reference: {message.requestId}</p>}
        </div>
      )}
      <form onSubmit={submit} noValidate aria-label="Sign in">
        <TextField
          ref={emailInput}
          label="Email address"
          type="email"
          name="email"
          autoComplete="username"
          spellCheck={false}
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          readOnly={needsCode}
          error={problems.email}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          readOnly={needsCode}
          error={problems.password}
        />
        {needsCode &&
          (useRecovery ? (
            <TextField
              ref={codeInput}
              label="Recovery code"
              hint="One of the codes you saved when you set up two-step verification, like abcde-fghjk. Each works once."
              name="recoveryCode"
              autoComplete="off"
              spellCheck={false}
              required
              value={code}
              onChange={(event) => setCode(event.target.value)}
              error={problems.recoveryCode}
            />
          ) : (
            <TotpCodeField ref={codeInput} value={code} onChange={setCode} error={problems.code} />
          ))}
        {needsCode && (
          <p>
            <button type="button" className="button button-link" onClick={switchSecondStep}>
              {useRecovery ? 'Use the code from your authenticator app' : 'Lost your phone? Use a recovery code'}
            </button>
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
          {needsCode && (
            <button type="button" className="button button-link" onClick={startAgain}>
              Use a different account
            </button>
          )}
        </div>
      </form>
    </AuthLayout>
  );
}
