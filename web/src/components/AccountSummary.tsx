import type { Me } from '../api.js';
import { roleLabel } from '../capabilities.js';

interface Props {
  me: Me;
  onSignOut: () => void;
  signingOut: boolean;
}

/** Who is signed in, and the way out. */
export function AccountSummary({ me, onSignOut, signingOut }: Props) {
  return (
    <div className="account">
      <p className="account-who">
        <span className="visually-hidden">Signed in as </span>
        <span className="account-name">{me.user.displayName}</span>
        <span className="visually-hidden">, </span>
        <span className="account-role">{roleLabel(me.user.role)}</span>
      </p>
      <button type="button" className="button button-header" onClick={onSignOut} disabled={signingOut}>
        {signingOut ? 'Signing out…' : 'Sign out'}
      </button>
    </div>
  );
}
