import type { Template } from '../../api.js';
import { channelLabel } from '../../words.js';
import { DataTable } from '../DataTable.js';
import { DateText } from '../DateText.js';
import { ConfirmAction } from './ConfirmAction.js';

interface Props {
  templates: readonly Template[];
  busy: boolean;
  retiring: boolean;
  onEdit: (template: Template) => void;
  onRetire: (template: Template) => void;
}

/** The office's templates: current ones can be edited or retired; a retired one stays for the record. */
export function TemplateTable({ templates, busy, retiring, onEdit, onRetire }: Props) {
  return (
    <DataTable caption="Templates" busy={busy}>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">For</th>
          <th scope="col">Subject or heading</th>
          <th scope="col">Merge fields</th>
          <th scope="col">Last changed</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {templates.map((template) => (
          <tr key={template.id}>
            <td className="break">
              {template.name}
              {template.retiredAt && <span className="badge badge-muted badge-after">Retired</span>}
            </td>
            <td>{channelLabel(template.channel)}</td>
            <td className="wide break">{template.subject || <span className="muted">None</span>}</td>
            <td className="break">{template.fields.length ? template.fields.map((field) => `{{${field}}}`).join(', ') : <span className="muted">None</span>}</td>
            <td className="nowrap">
              <DateText iso={template.updatedAt} />
            </td>
            <td>
              {template.retiredAt ? (
                <span className="muted">
                  Retired <DateText iso={template.retiredAt} />
                </span>
              ) : (
                <div className="button-row">
                  <button type="button" className="button button-secondary button-small" aria-label={`Edit ${template.name}`} onClick={() => onEdit(template)}>
                    Edit
                  </button>
                  <ConfirmAction
                    label="Retire"
                    accessibleLabel={`Retire ${template.name}`}
                    question="Retire it? It stays on record, but can no longer be used."
                    confirm="Retire the template"
                    busy={retiring}
                    onConfirm={() => onRetire(template)}
                  />
                </div>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
