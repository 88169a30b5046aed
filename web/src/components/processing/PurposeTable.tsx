import type { ProcessingChoices, Purpose } from '../../api.js';
import { DataTable } from '../DataTable.js';
import { DateText } from '../DateText.js';
import { ConfirmAction } from '../settings/ConfirmAction.js';
import { basisText, labelOf, retentionText } from './labels.js';

interface Props {
  caption: string;
  purposes: readonly Purpose[];
  choices: ProcessingChoices;
  busy: boolean;
  /** Null: the reader may not change the record. */
  editing: { retiring: boolean; onEdit: (purpose: Purpose) => void; onRetire: (purpose: Purpose) => void; onReinstate: (purpose: Purpose) => void } | null;
  onView: (purpose: Purpose) => void;
}

/** Purposes at a glance: each opens in full; a current one can be edited or retired by those who keep the record. */
export function PurposeTable({ caption, purposes, choices, busy, editing, onView }: Props) {
  return (
    <DataTable caption={caption} busy={busy}>
      <thead>
        <tr>
          <th scope="col">Purpose</th>
          <th scope="col">Lawful basis</th>
          <th scope="col">Special category data</th>
          <th scope="col">Kept for</th>
          <th scope="col">Consent needed</th>
          <th scope="col">{purposes.some((p) => p.retiredAt) ? 'Retired' : 'Last changed'}</th>
          {editing && <th scope="col">Actions</th>}
        </tr>
      </thead>
      <tbody>
        {purposes.map((purpose) => (
          <tr key={purpose.id}>
            <td>
              {/* The name opens the purpose in full: "View CCTV" to a screen reader. */}
              <button type="button" className="button button-link" aria-label={`View ${purpose.name}`} onClick={() => onView(purpose)}>
                {purpose.name}
              </button>
            </td>
            <td>{basisText(choices, purpose.lawfulBasis)}</td>
            <td className="break">{purpose.specialCategories.length ? purpose.specialCategories.map((c) => labelOf(choices.specialCategories, c)).join(', ') : <span className="muted">None</span>}</td>
            <td className="nowrap">{retentionText(purpose.retentionMonths)}</td>
            <td>{purpose.consentRequired ? 'Yes' : 'No'}</td>
            <td className="nowrap">
              <DateText iso={purpose.retiredAt ?? purpose.updatedAt} />
            </td>
            {editing && (
              <td>
                {purpose.retiredAt && (
                  <button type="button" className="button button-secondary button-small" aria-label={`Reinstate ${purpose.name}`} disabled={editing.retiring} onClick={() => editing.onReinstate(purpose)}>
                    Reinstate
                  </button>
                )}
                {!purpose.retiredAt && (
                  <div className="button-row">
                    <button type="button" className="button button-secondary button-small" aria-label={`Edit ${purpose.name}`} onClick={() => editing.onEdit(purpose)}>
                      Edit
                    </button>
                    <ConfirmAction
                      label="Retire"
                      accessibleLabel={`Retire ${purpose.name}`}
                      question="Retire it? It stays in the record, shown apart, as processing the office no longer does."
                      confirm="Retire the purpose"
                      busy={editing.retiring}
                      onConfirm={() => editing.onRetire(purpose)}
                    />
                  </div>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
