import type { StaffAccount } from '../../api.js';
import { DataTable } from '../DataTable.js';
import { type StaffActions, StaffRow } from './StaffRow.js';

/** Every account of the office, deactivated ones too. */
export function StaffTable({ accounts, myId, busy, actions }: { accounts: readonly StaffAccount[]; myId: string; busy: boolean; actions: StaffActions }) {
  return (
    <DataTable caption="Staff accounts" busy={busy}>
      <thead>
        <tr>
          <th scope="col">Name and e-mail</th>
          <th scope="col">Role</th>
          <th scope="col">Status</th>
          <th scope="col">Last signed in</th>
          <th scope="col">Two-step verification</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {accounts.map((account) => (
          // Keyed by role too, so that the row's choice starts again from the saved role.
          <StaffRow key={`${account.id}-${account.role}`} account={account} isMe={account.id === myId} actions={actions} />
        ))}
      </tbody>
    </DataTable>
  );
}
