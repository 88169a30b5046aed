import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api.js';
import { roleLabel } from '../capabilities.js';
import { DateText } from '../components/DateText.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { TextField } from '../components/TextField.js';
import { navigate } from '../router.js';
import { useApiData } from '../useApiData.js';
import { useSubmit } from '../useSubmit.js';
import { AuthLayout } from '../components/AuthLayout.js';

/** Opened from an invitation e-mail, before the colleague has an account: they choose their name and password. */
export function InvitePage({ token }: { token: string }) {
  const invitation = useApiData(`invitation-${token}`, (signal) => api.invitation(token, signal));
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [accepted, setAccepted] = useState<string | null>(null);
  const accept = useSubmit();

  useEffect(() => {
    document.title = 'Set up your account – Postbag';
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    let email: string | undefined;
    if ((await accept.run(async () => (email = (await api.acceptInvitation(token, { name, password })).email))) && email) setAccepted(email);
  }

  const invite = invitation.data;
  return (
    <AuthLayout>
      <h1>Set up your account</h1>
      {invitation.state === 'failed' && <ErrorAlert error={invitation.error} title="This invitation cannot be used." />}
      {invitation.state === 'loading' && <p className="muted">Loading the invitation…</p>}
      {accepted ? (
        <div role="status">
          <p className="alert alert-info">Your account is ready. Sign in with {accepted} and the password you chose.</p>
          <button type="button" className="button" onClick={() => navigate('/', { replace: true })}>
            Go to sign in
          </button>
        </div>
      ) : (
        invite && (
          <>
            <p className="lead">
              You are invited to {invite.officeName} as {roleLabel(invite.role).toLowerCase()}. You will sign in with {invite.email}. The invitation works
              until <DateText iso={invite.expiresAt} withTime />.
            </p>
            <form onSubmit={submit} noValidate aria-label="Set up your account">
              {accept.error !== null && <ErrorAlert error={accept.error} title="Your account was not set up." />}
              <TextField label="Your name" hint="As your colleagues will see it." autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} error={accept.problems.name} />
              <TextField
                label="Choose a password"
                hint="At least 12 characters. A few unrelated words make a strong one."
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                error={accept.problems.password}
              />
              <div className="form-actions">
                <button type="submit" className="button" aria-disabled={accept.busy || undefined}>
                  {accept.busy ? 'Setting up…' : 'Set up my account'}
                </button>
              </div>
            </form>
          </>
        )
      )}
    </AuthLayout>
  );
}
