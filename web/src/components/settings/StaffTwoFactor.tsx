import { useState } from 'react';
import { api, type Me, type StaffMember } from '../../api.js';
import { roleLabel } from '../../capabilities.js';
import { useApiData } from '../../useApiData.js';
import { useSubmit } from '../../useSubmit.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { ConfirmAction } from './ConfirmAction.js';

/** A colleague who lost their phone: the manager resets their two-step verification, and they set it up again. */
export function StaffTwoFactor({ me }: { me: Me }) {
  const staff = useApiData('staff', (signal) => api.staff(signal));
  const [notice, setNotice] = useState('');
  const reset = useSubmit();

  async function resetFor(colleague: StaffMember) {
    if (await reset.run(() => api.resetTwoFactor(colleague.id))) {
      setNotice(`${colleague.name}’s two-step verification was reset and they were signed out. They set it up again when they next sign in.`);
    }
  }

  const colleagues = staff.data?.staff.filter((member) => member.id !== me.user.id);
  return (
    <>
      <p className="field-hint">
        For a colleague who lost their phone and their recovery codes. Their old authenticator and recovery codes stop working. Your own
        cannot be reset here: sign in with one of your recovery codes, or ask another manager.
      </p>
      <div role="status" className="notice-slot">
        {notice && <p className="alert alert-info">{notice}</p>}
      </div>
      {staff.state === 'failed' && <ErrorAlert error={staff.error} title="The staff list could not be loaded." />}
      {reset.error !== null && <ErrorAlert error={reset.error} title="That did not work." />}
      {colleagues === undefined ? (
        <p className="muted">Loading the staff…</p>
      ) : (
        <ul className="staff-reset-list">
          {colleagues.map((colleague) => (
            <li key={colleague.id}>
              <span>
                {colleague.name} <span className="muted">{roleLabel(colleague.role)}</span>
              </span>
              <ConfirmAction
                label="Reset two-step verification"
                accessibleLabel={`Reset two-step verification for ${colleague.name}`}
                question={`Reset ${colleague.name}’s two-step verification and sign them out?`}
                confirm="Reset it"
                busy={reset.busy}
                onConfirm={() => void resetFor(colleague)}
              />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
