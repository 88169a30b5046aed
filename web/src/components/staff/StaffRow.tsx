import { useState } from 'react';
import type { Role, StaffAccount } from '../../api.js';
import { roleOptions } from '../../capabilities.js';
import { DateText } from '../DateText.js';
import { ConfirmAction } from '../settings/ConfirmAction.js';

export interface StaffActions {
  busy: boolean;
  changeRole: (account: StaffAccount, role: Role) => void;
  setActive: (account: StaffAccount, active: boolean) => void;
  resetTwoFactor: (account: StaffAccount) => void;
}

/** One account: its role can be changed; a leaver deactivated (or brought back); a lost authenticator reset. */
export function StaffRow({ account, isMe, actions }: { account: StaffAccount; isMe: boolean; actions: StaffActions }) {
  const [role, setRole] = useState<Role>(account.role);
  const { name } = account;
  return (
    <tr>
      <td className="break">
        {name}
        {isMe && <span className="muted"> (you)</span>}
        <br />
        <span className="muted">{account.email}</span>
      </td>
      <td>
        <div className="button-row">
          <select className="select" aria-label={`Role of ${name}`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roleOptions.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          {role !== account.role && (
            <button type="button" className="button button-small" aria-disabled={actions.busy || undefined} onClick={() => !actions.busy && actions.changeRole(account, role)}>
              Save the role
            </button>
          )}
        </div>
      </td>
      <td>{account.active ? <span className="badge badge-active">Active</span> : <span className="badge badge-muted">Deactivated</span>}</td>
      <td className="nowrap">{account.lastSignInAt ? <DateText iso={account.lastSignInAt} withTime /> : <span className="muted">Never</span>}</td>
      <td>{account.twoFactor ? 'Set up' : <span className="muted">Not set up</span>}</td>
      <td>
        <div className="button-row">
          {account.active && !isMe && (
            <ConfirmAction
              label="Deactivate"
              accessibleLabel={`Deactivate ${name}`}
              question={`Deactivate ${name}? They are signed out at once and cannot sign in until an office manager reactivates them.`}
              confirm="Deactivate the account"
              busy={actions.busy}
              onConfirm={() => actions.setActive(account, false)}
            />
          )}
          {!account.active && (
            <button type="button" className="button button-secondary button-small" aria-label={`Reactivate ${name}`} onClick={() => !actions.busy && actions.setActive(account, true)}>
              Reactivate
            </button>
          )}
          {account.active && account.twoFactor && !isMe && (
            <ConfirmAction
              label="Reset two-step verification"
              accessibleLabel={`Reset two-step verification for ${name}`}
              question={`Reset ${name}’s two-step verification and sign them out?`}
              confirm="Reset it"
              busy={actions.busy}
              onConfirm={() => actions.resetTwoFactor(account)}
            />
          )}
        </div>
      </td>
    </tr>
  );
}

